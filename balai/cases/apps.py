"""Service requests (permohonan): intake, workflow across offices, deadlines, tracking."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "balai.cases"
    verbose_name = _("Permohonan layanan")
