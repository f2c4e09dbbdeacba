"""Health, background worker, demo data and shared templates."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "balai.core"
    verbose_name = _("Inti")
