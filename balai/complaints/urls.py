from django.urls import path

from . import views

app_name = "complaints"

urlpatterns = [
    path("", views.worklist, name="list"),
    path("baru/", views.new, name="new"),
    path("kunjungan/", views.visits, name="visits"),
    path("kunjungan/<int:pk>/", views.visit, name="visit"),
    path("<str:code>/", views.detail, name="detail"),
    path("<str:code>/tindakan/", views.act, name="act"),
    path("<str:code>/privasi/", views.privacy, name="privacy"),
    path("<str:code>/kunjungan/", views.plan, name="plan_visit"),
    path("<str:code>/foto/<int:pk>/", views.photo, name="photo"),
]
