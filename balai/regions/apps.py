"""The Kemendagri region tree and local dusun/RW/RT."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionsConfig(AppConfig):
    name = "balai.regions"
    verbose_name = _("Wilayah")
