"""Staff dashboard, under /kerja/kinerja/ beside the PEKPPP pages of `performance`."""

from django.urls import path

from . import dashboard_views as views

app_name = "kinerja"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("unduh.csv", views.dashboard_csv, name="dashboard_csv"),
    path("unduh.xlsx", views.dashboard_xlsx, name="dashboard_xlsx"),
    path("kantor/<int:office_id>/", views.office, name="office"),
    path("kantor/<int:office_id>/unduh.csv", views.office_csv, name="office_csv"),
    path("kantor/<int:office_id>/unduh.xlsx", views.office_xlsx, name="office_xlsx"),
]
