"""Offices, memberships, roles and jurisdiction."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfficesConfig(AppConfig):
    name = "balai.offices"
    verbose_name = _("Kantor")
