from django.db import models
from django.utils.translation import gettext_lazy as _


class DayChange(models.TextChoices):
    CLOSED = "closed", _("Libur (hari kerja menjadi libur)")
    OPEN = "open", _("Masuk (hari libur menjadi hari kerja)")
