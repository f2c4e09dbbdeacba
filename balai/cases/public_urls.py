from django.urls import path

from . import public_views

app_name = "cases_public"

urlpatterns = [
    path("lacak/", public_views.track_form, name="track_form"),
    path("lacak/<str:code>/", public_views.track, name="track"),
    path("lacak/<str:code>/tindakan/", public_views.act, name="act"),
    path("lacak/<str:code>/keluar/", public_views.forget_pin, name="forget_pin"),
    path("lacak/<str:code>/berkas/<int:pk>/", public_views.document, name="document"),
    path("layanan/<slug:service_code>/ajukan/", public_views.apply, name="apply"),
    path("ajukan/konfirmasi/", public_views.confirm, name="confirm"),
    path("ajukan/konfirmasi/kirim-ulang/", public_views.resend, name="resend"),
]
