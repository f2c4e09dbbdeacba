"""The period a dashboard or a public page shows, read from `?bulan=2026-11` or `?tahun=2026`.

Staff see any month or year up to today (the running month up to today). The public sees
only published months: complete ones, never the running month. Bad input never fails a
page: it falls back to the default period with an Indonesian message saying why.
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .figures import month_bounds

FIRST_YEAR = 2017  # the year Permenpan RB 14/2017 (the IKM) took effect
MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")
MONTH, YEAR = "bulan", "tahun"


class PeriodError(ValueError):
    """Input that names no period we can show; the message is for the reader."""


@dataclass(frozen=True)
class Period:
    kind: str  # MONTH or YEAR, which is also the name of the query parameter
    first: date
    last: date  # the last day shown: the end of the period, or today when it is running

    @property
    def value(self) -> str:
        """The parameter's value: "2026-11" or "2026"."""
        if self.kind == MONTH:
            return f"{self.first:%Y-%m}"
        return str(self.first.year)

    @property
    def query(self) -> str:
        return f"{self.kind}={self.value}"

    @property
    def label(self) -> str:
        if self.kind == MONTH:
            return date_format(self.first, "F Y")
        return _("Tahun %(year)s") % {"year": self.first.year}


def month_period(month: date, today: date) -> Period:
    first, last = month_bounds(month)
    return Period(MONTH, first, min(last, today))


def year_period(year: int, today: date) -> Period:
    return Period(YEAR, date(year, 1, 1), min(date(year, 12, 31), today))


def parse_month(raw: str) -> date:
    """The first day of the month written as YYYY-MM."""
    match = MONTH_PATTERN.match(raw.strip())
    if not match or not 1 <= int(match[2]) <= 12:
        raise PeriodError(_("Bulan tidak dikenali. Tulis seperti 2026-11 (tahun-bulan)."))
    month = date(int(match[1]), int(match[2]), 1)
    if month.year < FIRST_YEAR:
        raise PeriodError(_("Data tersedia mulai tahun %(year)s.") % {"year": FIRST_YEAR})
    return month


def parse_year(raw: str) -> int:
    raw = raw.strip()
    if not (raw.isascii() and raw.isdigit() and len(raw) == 4):
        raise PeriodError(_("Tahun tidak dikenali. Tulis empat angka, misalnya 2026."))
    year = int(raw)
    if year < FIRST_YEAR:
        raise PeriodError(_("Data tersedia mulai tahun %(year)s.") % {"year": FIRST_YEAR})
    return year


def staff_period(params, today: date) -> tuple[Period, str]:
    """The period asked for, or the running month; with the reason when input was refused."""
    try:
        return _asked_period(params, today), ""
    except PeriodError as error:
        return month_period(today, today), str(error)


def _asked_period(params, today: date) -> Period:
    if params.get(MONTH):
        month = parse_month(params[MONTH])
        if month > today:
            raise PeriodError(_("Bulan itu belum dimulai."))
        return month_period(month, today)
    if params.get(YEAR):
        year = parse_year(params[YEAR])
        if year > today.year:
            raise PeriodError(_("Tahun itu belum dimulai."))
        return year_period(year, today)
    return month_period(today, today)


def last_published_month(today: date) -> date:
    """The first day of the last complete month: the running one is never published."""
    return (today.replace(day=1) - timedelta(days=1)).replace(day=1)


def published_month(params, today: date) -> tuple[date, str]:
    """The published month asked for in `?bulan=`, or the latest; with the reason if refused."""
    latest = last_published_month(today)
    raw = params.get(MONTH)
    if not raw:
        return latest, ""
    try:
        month = parse_month(raw)
    except PeriodError as error:
        return latest, str(error)
    if month > latest:
        message = _("Bulan %(month)s belum selesai sehingga belum diterbitkan.") % {
            "month": date_format(month, "F Y")
        }
        return latest, message
    return month, ""
