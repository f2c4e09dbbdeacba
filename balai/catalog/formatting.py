"""How amounts and durations read in Indonesian."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

__all__ = ["fee_text", "rupiah", "working_days"]


def rupiah(amount: int) -> str:
    """`50000` → `Rp 50.000`: Indonesian groups thousands with a dot."""
    return "Rp " + f"{int(amount):,}".replace(",", ".")


def working_days(days: int) -> str:
    return ngettext("%(days)d hari kerja", "%(days)d hari kerja", days) % {"days": days}


def fee_text(amount: int) -> str:
    return _("Gratis") if amount == 0 else rupiah(amount)
