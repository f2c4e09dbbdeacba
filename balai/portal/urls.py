from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("layanan/", views.catalog, name="catalog"),
    path("layanan/<slug:code>/", views.service, name="service"),
    path("kantor/", views.offices, name="offices"),
    path("kantor/<int:pk>/", views.office, name="office"),
]
