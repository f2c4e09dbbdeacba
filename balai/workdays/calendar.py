"""Working days: the one calendar every deadline is counted on (ARCHITECTURE.md, rule 4).

A working day is Monday to Friday, minus Indonesia's national holidays and cuti bersama as
the `holidays` package lists them (categories "public" and "government"), adjusted by the
`CalendarDay` rows an administrator enters:

- a row with neither region nor office is national;
- a row with a region applies to every office whose region is that region or lies inside it
  (a closure for Kabupaten Mojokerto `35.16` also closes the office of Desa `35.16.01.2001`);
- a row with an office applies to that office only.

The most specific row wins: office over region (the longer code over the shorter) over
national over the built-in list; among equals the latest entry wins. A "closed" row turns
a day off, an "open" row turns a day (a Saturday, a dropped cuti bersama) into a working day.

Dates are read in the office's time zone (`office.timezone`: WIB, WITA or WIT). Arguments
may be aware datetimes, converted to that zone before their date is taken, or plain dates.
A naive datetime is refused: its moment is unknown. `office=None` means the national
calendar read in Asia/Jakarta.

- `add_working_days(start, n, office)` is the n-th working day after the start's local date;
  the start day itself never counts. `n=0` gives the start date when it is a working day,
  otherwise the next working day.
- `working_days_between(a, b, office)` counts the working days d with a < d <= b, and is
  negative when b is before a. So `working_days_between(s, add_working_days(s, n, o), o)`
  is n for every n >= 1.
- `is_working_day(day, office)` answers for one day.

Each call reads the administrator's rows for the whole range in one query; the built-in
holidays are computed once per year and kept in memory.
"""

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from django.db.models import Q

from balai.regions.codes import ancestor_codes

__all__ = [
    "WorkingDayCounter",
    "add_working_days",
    "builtin_holidays",
    "is_working_day",
    "working_days_between",
]

NATIONAL_TIME_ZONE = "Asia/Jakarta"
HOLIDAY_CATEGORIES = ("public", "government")
# How far ahead the first read of `add_working_days` reaches: enough for n working days
# through a long holiday season, so one query nearly always suffices.
EXTRA_DAYS_AHEAD = 40

# Precedence of a row's scope; a region row adds the length of its code (more specific).
NATIONAL_RANK = 0
REGION_RANK = 1
OFFICE_RANK = 1000


@lru_cache(maxsize=32)
def builtin_holidays(year: int) -> frozenset[date]:
    """National holidays and cuti bersama of one year, as the `holidays` package lists them."""
    days = holidays.country_holidays("ID", categories=HOLIDAY_CATEGORIES, years=year)
    return frozenset(days.keys())


def is_working_day(day, office=None) -> bool:
    local = local_date(day, office)
    return _Calendar.load(office, local, local).is_working(local)


def add_working_days(start, n: int, office=None) -> date:
    if n < 0:
        raise ValueError("n must be zero or more")
    current = local_date(start, office)
    calendar = _Calendar.load(office, current, current + timedelta(days=2 * n + EXTRA_DAYS_AHEAD))
    if n == 0:
        return calendar.next_working_day(current)
    remaining = n
    while True:
        current += timedelta(days=1)
        if calendar.is_working(current):
            remaining -= 1
            if remaining == 0:
                return current


def working_days_between(a, b, office=None) -> int:
    first, last = local_date(a, office), local_date(b, office)
    sign = 1
    if last < first:
        first, last, sign = last, first, -1
    calendar = _Calendar.load(office, first, last)
    days = (first + timedelta(days=i) for i in range(1, (last - first).days + 1))
    return sign * sum(1 for day in days if calendar.is_working(day))


def local_date(value, office=None) -> date:
    """The date of `value` in the office's time zone."""
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("a naive datetime has no known moment; pass an aware one or a date")
        return value.astimezone(ZoneInfo(office_time_zone(office))).date()
    if isinstance(value, date):
        return value
    raise TypeError(f"expected a date or datetime, not {type(value).__name__}")


def office_time_zone(office) -> str:
    return (office.timezone if office is not None else "") or NATIONAL_TIME_ZONE


class WorkingDayCounter:
    """`working_days_between` for many pairs of one office, from one read of its calendar.

    Rebuilding statistics counts the working days of hundreds of thousands of requests; one
    query per pair would take minutes. This reads the office's calendar once for the range
    and keeps a running count per day, so each pair is two look-ups.
    """

    def __init__(self, office, first: date, last: date):
        self.office = office
        self.first = first
        calendar = _Calendar.load(office, first, last)
        running, self.count_through = 0, []
        for offset in range((last - first).days + 1):
            running += calendar.is_working(first + timedelta(days=offset))
            self.count_through.append(running)

    def _through(self, day: date) -> int:
        offset = (day - self.first).days
        if not 0 <= offset < len(self.count_through):
            raise ValueError(f"{day} lies outside the range this counter was built for")
        return self.count_through[offset]

    def between(self, a, b) -> int:
        """The same as `working_days_between(a, b, office)`."""
        return self._through(local_date(b, self.office)) - self._through(local_date(a, self.office))


class _Calendar:
    """The administrator's changes for one office over a date range, read in one query."""

    def __init__(self, office, first: date, last: date, changes: dict[date, bool]):
        self.office = office
        self.first = first
        self.last = last
        self.changes = changes

    @classmethod
    def load(cls, office, first: date, last: date) -> "_Calendar":
        return cls(office, first, last, _read_changes(office, first, last))

    def is_working(self, day: date) -> bool:
        if day > self.last:
            # Past the range read: read a further stretch (rare; only after long closures).
            stretch = max((self.last - self.first) * 2, timedelta(days=EXTRA_DAYS_AHEAD))
            first = self.last + timedelta(days=1)
            self.changes.update(_read_changes(self.office, first, day + stretch))
            self.last = day + stretch
        if day in self.changes:
            return self.changes[day]
        return day.weekday() < 5 and day not in builtin_holidays(day.year)

    def next_working_day(self, day: date) -> date:
        while not self.is_working(day):
            day += timedelta(days=1)
        return day


def _read_changes(office, first: date, last: date) -> dict[date, bool]:
    from .constants import DayChange
    from .models import CalendarDay

    rows = (
        CalendarDay.objects.filter(date__range=(first, last))
        .filter(_scope_q(office))
        .values_list("date", "change", "region_id", "office_id", "id")
    )
    return {day: change == DayChange.OPEN for day, change in _winners(rows).items()}


def _scope_q(office) -> Q:
    national = Q(region__isnull=True, office__isnull=True)
    if office is None:
        return national
    region_codes = [*ancestor_codes(office.region_id), office.region_id]
    return national | Q(region_id__in=region_codes) | Q(office_id=office.pk)


def _winners(rows: Iterable[tuple]) -> dict[date, str]:
    """The change of the most specific row per date (the latest among equals)."""
    best: dict[date, tuple[tuple[int, int], str]] = {}
    for day, change, region_id, office_id, row_id in rows:
        if office_id:
            rank = OFFICE_RANK
        elif region_id:
            rank = REGION_RANK + len(region_id)
        else:
            rank = NATIONAL_RANK
        key = (rank, row_id)
        if day not in best or key > best[day][0]:
            best[day] = (key, change)
    return {day: change for day, (_, change) in best.items()}
