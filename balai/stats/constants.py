from django.db import models
from django.utils.translation import gettext_lazy as _


class Grain(models.TextChoices):
    """How long a rollup row covers: a day, a calendar month or a year (day = its first)."""

    DAY = "day", _("Harian")
    MONTH = "month", _("Bulanan")
    YEAR = "year", _("Tahunan")


# Backlog age bands, in working days since the request was submitted: (field, upper bound).
BACKLOG_BANDS = (("age_0_5", 5), ("age_6_10", 10), ("age_11_20", 20), ("age_over_20", None))

# Complaint time limits of SP4N-LAPOR! (RULES.md): verify within 3, follow up within 5 days.
VERIFY_WITHIN_DAYS = 3
FOLLOW_UP_WITHIN_DAYS = 5

# A service key for survey answers given at a kiosk, where no service is named.
NO_SERVICE = 0
