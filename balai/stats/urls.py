"""The archive of daily reports, under /kerja/laporan-harian/."""

from django.urls import path

from . import daily_report_views as views

app_name = "stats"

urlpatterns = [
    path("", views.daily_reports, name="daily_reports"),
    path("<int:pk>.pdf", views.daily_report_pdf, name="daily_report_pdf"),
    path(
        "kantor/<int:office_id>/buat/",
        views.daily_report_generate,
        name="daily_report_generate",
    ),
]
