from django.urls import path

from . import public_views

app_name = "complaints_public"

urlpatterns = [
    path("", public_views.home, name="home"),
    path("lapor/", public_views.new, name="new"),
    path("lapor/terkirim/", public_views.filed, name="filed"),
    path("lacak/<str:code>/", public_views.track, name="track"),
    path("lacak/<str:code>/tindakan/", public_views.act, name="act"),
    path("lacak/<str:code>/keluar/", public_views.forget_pin, name="forget_pin"),
    path("desa/<str:village_code>/", public_views.village, name="village"),
]
