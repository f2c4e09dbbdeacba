"""Performance and evaluation (kinerja dan evaluasi): the PEKPPP self-assessment."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PerformanceConfig(AppConfig):
    name = "balai.performance"
    label = "performance"
    verbose_name = _("Kinerja dan evaluasi")
