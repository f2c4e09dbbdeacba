from django.urls import path

from . import views

app_name = "offices"

urlpatterns = [
    path("", views.office_list, name="list"),
    path("<int:pk>/", views.office_detail, name="detail"),
    path("<int:pk>/ubah/", views.office_edit, name="edit"),
]
