from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("layanan/", views.catalog, name="catalog"),
    path("kantor/", views.offices, name="offices"),
]
