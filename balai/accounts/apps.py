"""Staff users, sign-in, two-factor and API tokens."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "balai.accounts"
    verbose_name = _("Akun")
