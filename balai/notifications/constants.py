from datetime import timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    EMAIL = "email", _("Surel")
    SMS = "sms", _("SMS")
    WHATSAPP = "whatsapp", _("WhatsApp")


PHONE_CHANNELS = (Channel.SMS, Channel.WHATSAPP)


class MessageStatus(models.TextChoices):
    QUEUED = "queued", _("Dalam antrean")
    SENDING = "sending", _("Sedang dikirim")
    SENT = "sent", _("Terkirim")
    FAILED = "failed", _("Gagal")
    SKIPPED = "skipped", _("Dilewati (penerima menolak)")


# One SMS page is 160 characters; two pages is what we allow a message to cost.
SMS_MAX_CHARS = 320

DEFAULT_MAX_ATTEMPTS = 5
# Waits after the 1st, 2nd, 3rd... failed attempt: 1, 5, 25 minutes, then capped.
RETRY_FIRST_WAIT = timedelta(minutes=1)
RETRY_FACTOR = 5
RETRY_LONGEST_WAIT = timedelta(hours=1)

# A row 'sending' for longer than this lost its worker (killed mid-send); try it again.
STUCK_SENDING_AFTER = timedelta(minutes=10)
# A queued, due row whose send task was queued longer ago than this lost its task.
LOST_TASK_AFTER = timedelta(minutes=10)
RETRY_BATCH_SIZE = 500

ERROR_MAX_CHARS = 300

# Templates whose body is a secret (a one-time code): never shown in the admin.
SECRET_TEMPLATES = frozenset({"confirmation_code"})
