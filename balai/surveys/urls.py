from django.urls import path

from . import report_views

app_name = "surveys"

urlpatterns = [
    path("", report_views.index, name="index"),
    path("laporan/<int:office_id>/<int:year>.pdf", report_views.report_pdf, name="report_pdf"),
    path("laporan/<int:office_id>/<int:year>.xlsx", report_views.report_xlsx, name="report_xlsx"),
]
