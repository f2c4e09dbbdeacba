from django.urls import path

from . import public_views

app_name = "surveys_public"

urlpatterns = [
    path("terima-kasih/", public_views.thanks, name="thanks"),
    path("kantor/<int:office_id>/kios/", public_views.kiosk, name="kiosk"),
    path(
        "kantor/<int:office_id>/kios/terima-kasih/", public_views.kiosk_thanks, name="kiosk_thanks"
    ),
    path("<str:token>/", public_views.survey, name="survey"),
]
