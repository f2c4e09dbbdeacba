"""Services and their Standar Pelayanan."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "balai.catalog"
    verbose_name = _("Katalog layanan")
