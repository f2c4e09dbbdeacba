from django.urls import path

from . import public_views, report_views, results_views

app_name = "surveys_public"

urlpatterns = [
    path("hasil/", results_views.results, name="results"),
    path("hasil.csv", results_views.results_csv, name="results_csv"),
    path("hasil.json", results_views.results_json, name="results_json"),
    path("hasil/kantor/<int:office_id>/", results_views.office_results, name="office_results"),
    path(
        "hasil/kantor/<int:office_id>/<int:year>.pdf",
        report_views.public_report_pdf,
        name="office_report_pdf",
    ),
    path("terima-kasih/", public_views.thanks, name="thanks"),
    path("kantor/<int:office_id>/kios/", public_views.kiosk, name="kiosk"),
    path(
        "kantor/<int:office_id>/kios/terima-kasih/", public_views.kiosk_thanks, name="kiosk_thanks"
    ),
    path("<str:token>/", public_views.survey, name="survey"),
]
