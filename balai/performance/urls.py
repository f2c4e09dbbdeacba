from django.urls import path

from . import views

app_name = "performance"

urlpatterns = [
    path("pekppp/", views.assessment_list, name="pekppp_list"),
    path("pekppp/mulai/", views.start, name="pekppp_start"),
    path("pekppp/<int:pk>/", views.detail, name="pekppp_detail"),
    path("pekppp/<int:pk>/bukti/", views.add_evidence, name="pekppp_evidence"),
    path("pekppp/<int:pk>/kirim/", views.submit, name="pekppp_submit"),
    path("pekppp/bukti/<int:pk>/", views.evidence_file, name="pekppp_evidence_file"),
]
