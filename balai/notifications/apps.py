"""The outbox of messages to citizens and staff, sent by background tasks."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "balai.notifications"
    verbose_name = _("Notifikasi")
