"""Survei kepuasan masyarakat (SKM) and its index (IKM), per Permenpan RB 14/2017."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "balai.surveys"
    label = "surveys"
    verbose_name = _("Survei kepuasan")
