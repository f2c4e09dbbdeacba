"""Public pages."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "balai.portal"
    verbose_name = _("Portal publik")
