from django.urls import path

from . import views

app_name = "regions"

urlpatterns = [
    path("", views.village_list, name="villages"),
    path("<str:code>/", views.village_detail, name="village"),
]
