from django.urls import path

from . import views

app_name = "cases"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("baru/", views.new, name="new"),
    path("baru/<slug:service_code>/", views.new_form, name="new_form"),
    path("<str:code>/", views.detail, name="detail"),
    path("<str:code>/tanda-terima/", views.receipt, name="receipt"),
    path("<str:code>/tindakan/", views.act, name="act"),
    path("<str:code>/berkas/<int:pk>/", views.document, name="document"),
]
