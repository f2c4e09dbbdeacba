"""Statistics: the rollup tables every dashboard, report and public page reads."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "balai.stats"
    label = "stats"
    verbose_name = _("Statistik layanan")
