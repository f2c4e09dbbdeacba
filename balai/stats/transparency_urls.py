"""Public performance pages and open data, under /kinerja-layanan/."""

from django.urls import path

from . import transparency_views as views

app_name = "kinerja_publik"

urlpatterns = [
    path("", views.kabupaten, name="kabupaten"),
    path("data.csv", views.data_csv, name="data_csv"),
    path("data.json", views.data_json, name="data_json"),
    path("<int:office_id>/", views.office, name="office"),
]
