"""Complaints (pengaduan): intake from every channel, routing, SP4N-LAPOR! limits, escalation."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "balai.complaints"
    verbose_name = _("Pengaduan")
