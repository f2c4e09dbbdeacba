"""Reading the rollups: the figures of any set of offices over any period, grouped for a
drill-down (kabupaten → kecamatan → village → office) or by day for a chart.

A period is read from month rows where it covers whole months and from day rows for the
rest, so a year is twelve rows per office and service, never a scan of requests. Every
function takes a queryset of rollup rows already scoped by the caller (`visible_to`).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Q, Sum
from django.db.models.functions import Substr

from balai.surveys.constants import ELEMENTS
from balai.surveys.index import IkmResult, compute_ikm, nrr_from_totals

from .constants import Grain
from .models import (
    BacklogStat,
    ComplaintStat,
    QueueStat,
    RequestDuration,
    RequestStat,
    SurveyStat,
)

__all__ = [
    "GROUPS",
    "Figures",
    "figures_by",
    "figures_by_service",
    "month_bounds",
    "monthly_by_office",
    "period_q",
    "total",
]

REQUEST_FIELDS = (
    "received",
    "completed",
    "on_time",
    "late",
    "duration_days",
    "steps_received",
    "steps_done",
    "steps_late",
)
COMPLAINT_FIELDS = (
    "received",
    "verified",
    "verified_in_time",
    "verify_days",
    "followed_up",
    "followed_up_in_time",
    "follow_up_days",
    "resolved",
    "reopened",
)
QUEUE_FIELDS = ("tickets", "served", "wait_seconds")
BACKLOG_FIELDS = ("open", "overdue", "age_0_5", "age_6_10", "age_11_20", "age_over_20")
# Drill-down levels: how many characters of the office's region code name the group.
# "18.02.01" is a kecamatan, "18.02.01.2001" a village; kabupaten-wide offices (the
# Disdukcapil, "18.02") stay in a group of their own at every level.
GROUPS = {"kecamatan": 8, "village": 13}


def _rate(part, whole):
    return None if not whole else Decimal(part * 100) / Decimal(whole)


def _mean(total, count):
    return None if not count else Decimal(total) / Decimal(count)


@dataclass
class Figures:
    """Sums over a set of rollup rows, and the rates and means drawn from them."""

    requests: dict = field(default_factory=lambda: dict.fromkeys(REQUEST_FIELDS, 0))
    complaints: dict = field(default_factory=lambda: dict.fromkeys(COMPLAINT_FIELDS, 0))
    backlog: dict = field(default_factory=lambda: dict.fromkeys(BACKLOG_FIELDS, 0))
    survey_totals: dict = field(default_factory=lambda: dict.fromkeys(ELEMENTS, 0))
    respondents: int = 0
    durations: dict = field(default_factory=lambda: defaultdict(int))
    queue: dict = field(default_factory=lambda: {"tickets": 0, "served": 0, "wait_total": 0.0})

    @property
    def on_time_rate(self):
        return _rate(self.requests["on_time"], self.requests["completed"])

    @property
    def mean_days(self):
        return _mean(self.requests["duration_days"], self.requests["completed"])

    @property
    def p90_days(self):
        """Nearest-rank 90th percentile of working days to completion."""
        count = sum(self.durations.values())
        if not count:
            return None
        rank, seen = -(-9 * count // 10), 0
        for days in sorted(self.durations):
            seen += self.durations[days]
            if seen >= rank:
                return days
        raise AssertionError("rank lies within the counts")

    @property
    def steps_on_time_rate(self):
        done = self.requests["steps_done"]
        return _rate(done - self.requests["steps_late"], done)

    @property
    def verified_in_time_rate(self):
        return _rate(self.complaints["verified_in_time"], self.complaints["verified"])

    @property
    def followed_up_in_time_rate(self):
        return _rate(self.complaints["followed_up_in_time"], self.complaints["followed_up"])

    @property
    def mean_verify_days(self):
        return _mean(self.complaints["verify_days"], self.complaints["verified"])

    @property
    def mean_follow_up_days(self):
        return _mean(self.complaints["follow_up_days"], self.complaints["followed_up"])

    @property
    def ikm(self) -> IkmResult:
        if not self.respondents:
            return IkmResult()
        return compute_ikm(nrr_from_totals(self.survey_totals, self.respondents), self.respondents)

    @property
    def mean_wait_minutes(self):
        served = self.queue["served"]
        return None if not served else Decimal(self.queue["wait_total"] / served / 60)


def month_bounds(day: date) -> tuple[date, date]:
    first = day.replace(day=1)
    return first, (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)


def period_q(first: date, last: date) -> Q:
    """Year rows for the whole years of `first`…`last`, month rows for the whole months
    of the rest, day rows for what remains: a year is one row per office and service."""
    years, months, partial = [], [], Q(pk__in=[])
    month = first.replace(day=1)
    while month <= last:
        month_first, month_last = month_bounds(month)
        year_first, year_last = month.replace(month=1), month.replace(month=12, day=31)
        if month.month == 1 and first <= year_first and year_last <= last:
            years.append(year_first)
            month = year_last + timedelta(days=1)
            continue
        if first <= month_first and month_last <= last:
            months.append(month)
        else:
            partial |= Q(grain=Grain.DAY, day__range=(max(first, month), min(last, month_last)))
        month = month_last + timedelta(days=1)
    return Q(grain=Grain.YEAR, day__in=years) | Q(grain=Grain.MONTH, day__in=months) | partial


def _group_expression(level: str | None):
    if level is None:
        return None
    if level == "office":
        return "office_id"
    return Substr("region", 1, GROUPS[level])


def _sums(rows, fields, level):
    """{group: {field: total}} of `rows` grouped at `level` (None: one group, key None)."""
    expression = _group_expression(level)
    if expression is None:
        return {None: rows.aggregate(**{f: Sum(f) for f in fields})}
    grouped = rows.annotate(group=expression) if not isinstance(expression, str) else rows
    key = "group" if not isinstance(expression, str) else expression
    result = grouped.values(key).annotate(**{f"sum_{f}": Sum(f) for f in fields}).order_by()
    return {row[key]: {f: row[f"sum_{f}"] for f in fields} for row in result}


def figures_by(
    scope: dict, first: date, last: date, level: str | None = None, service_id=None
) -> dict:
    """{group: Figures} of the offices in `scope` over `first`…`last`.

    `scope` holds a queryset per table, already narrowed to what the reader may see:
    {"requests", "durations", "complaints", "surveys", "backlog", "queue"} (see `scoped`).
    """
    period = period_q(first, last)
    figures = defaultdict(Figures)
    requests = scope["requests"].filter(period)
    durations = scope["durations"].filter(period)
    surveys = scope["surveys"].filter(period)
    if service_id is not None:
        requests = requests.filter(service_id=service_id)
        durations = durations.filter(service_id=service_id)
        surveys = surveys.filter(service_key=service_id)
    for group, sums in _sums(requests, REQUEST_FIELDS, level).items():
        figures[group].requests = {f: sums[f] or 0 for f in REQUEST_FIELDS}
    for group, sums in _sums(scope["complaints"].filter(period), COMPLAINT_FIELDS, level).items():
        figures[group].complaints = {f: sums[f] or 0 for f in COMPLAINT_FIELDS}
    for group, sums in _sums(surveys, ("respondents", *ELEMENTS), level).items():
        figures[group].respondents = sums["respondents"] or 0
        figures[group].survey_totals = {f: sums[f] or 0 for f in ELEMENTS}
    _add_durations(figures, durations, level)
    _add_backlog(figures, scope["backlog"], last, level, service_id)
    _add_queue(figures, scope["queue"].filter(period), level)
    return {group: found for group, found in figures.items() if group is not None or not level}


def _add_durations(figures, rows, level):
    # Tuples, not dicts: a year grouped by office is some ten thousand (office, days) rows.
    expression = _group_expression(level)
    if expression is None:
        grouped = rows.values_list("days").annotate(n=Sum("requests")).values_list("days", "n")
        for days, count in grouped.order_by():
            figures[None].durations[days] += count
        return
    if not isinstance(expression, str):
        rows = rows.annotate(group=expression)
    key = expression if isinstance(expression, str) else "group"
    grouped = rows.values(key, "days").annotate(n=Sum("requests")).values_list(key, "days", "n")
    for group, days, count in grouped.order_by():
        figures[group].durations[days] += count


def _add_backlog(figures, rows, last, level, service_id):
    """The latest snapshot taken on or before the end of the period."""
    latest = rows.filter(day__lte=last).order_by("-day").values_list("day", flat=True).first()
    if latest is None:
        return
    snapshot = rows.filter(day=latest)
    if service_id is not None:
        snapshot = snapshot.filter(service_id=service_id)
    for group, sums in _sums(snapshot, BACKLOG_FIELDS, level).items():
        figures[group].backlog = {f: sums[f] or 0 for f in BACKLOG_FIELDS}


def _add_queue(figures, rows, level):
    for group, sums in _sums(rows, QUEUE_FIELDS, level).items():
        figures[group].queue = {
            "tickets": sums["tickets"] or 0,
            "served": sums["served"] or 0,
            "wait_total": float(sums["wait_seconds"] or 0),
        }


def scoped(offices=None, region_prefix: str = "") -> dict:
    """Rollup querysets of `offices` (a queryset of Office) within a region prefix."""
    tables = {
        "requests": RequestStat.objects.all(),
        "durations": RequestDuration.objects.all(),
        "complaints": ComplaintStat.objects.all(),
        "surveys": SurveyStat.objects.all(),
        "backlog": BacklogStat.objects.all(),
        "queue": QueueStat.objects.all(),
    }
    for name, rows in tables.items():
        if offices is not None:
            rows = rows.filter(office__in=offices)
        if region_prefix:
            rows = rows.filter(region__startswith=region_prefix)
        tables[name] = rows
    return tables


def total(scope: dict, first: date, last: date, service_id=None) -> Figures:
    return figures_by(scope, first, last, None, service_id).get(None, Figures())


def combined(parts) -> Figures:
    """The figures of several groups together (e.g. a drill-down table's total row)."""
    result = Figures()
    for part in parts:
        for name in ("requests", "complaints", "backlog", "survey_totals", "queue"):
            mine = getattr(result, name)
            for field_name, value in getattr(part, name).items():
                mine[field_name] = mine.get(field_name, 0) + value
        result.respondents += part.respondents
        for days, count in part.durations.items():
            result.durations[days] += count
    return result


def ikm_total(scope: dict, first: date, last: date) -> IkmResult:
    """The IKM of the scope over the period, from the survey rollups alone."""
    sums = (
        scope["surveys"]
        .filter(period_q(first, last))
        .aggregate(respondents=Sum("respondents"), **{key: Sum(key) for key in ELEMENTS})
    )
    if not sums["respondents"]:
        return IkmResult()
    totals = {key: sums[key] for key in ELEMENTS}
    return compute_ikm(nrr_from_totals(totals, sums["respondents"]), sums["respondents"])


def series(scope: dict, first: date, last: date, monthly: bool = False) -> list[tuple]:
    """Requests received, completed and completed on time per day of `first`…`last`, or
    per month (named by its first day) from month rows: 12 points for a year's chart."""
    grain, step = (Grain.MONTH, _next_month) if monthly else (Grain.DAY, _next_day)
    start = first.replace(day=1) if monthly else first
    sums = {
        row["day"]: row
        for row in scope["requests"]
        .filter(grain=grain, day__range=(start, last))
        .values("day")
        .annotate(received=Sum("received"), completed=Sum("completed"), on_time=Sum("on_time"))
        .order_by()
    }
    points, day = [], start
    while day <= last:
        row = sums.get(day, {})
        points.append(
            (day, {key: row.get(key) or 0 for key in ("received", "completed", "on_time")})
        )
        day = step(day)
    return points


def _next_day(day: date) -> date:
    return day + timedelta(days=1)


def _next_month(day: date) -> date:
    return month_bounds(day)[1] + timedelta(days=1)


def figures_by_service(scope: dict, first: date, last: date) -> dict:
    """{service id: Figures} of requests, durations, backlog and survey answers.

    Complaints and queue tickets name no service, so they stay empty here. Survey answers
    given at a kiosk fall under NO_SERVICE (0).
    """
    period = period_q(first, last)
    figures = defaultdict(Figures)
    for service, sums in _sums_by(scope["requests"].filter(period), "service_id", REQUEST_FIELDS):
        figures[service].requests = sums
    durations = scope["durations"].filter(period).values("service_id", "days")
    for row in durations.annotate(n=Sum("requests")).order_by():
        figures[row["service_id"]].durations[row["days"]] += row["n"]
    surveys = scope["surveys"].filter(period)
    for service, sums in _sums_by(surveys, "service_key", ("respondents", *ELEMENTS)):
        figures[service].respondents = sums.pop("respondents")
        figures[service].survey_totals = sums
    backlog = scope["backlog"].filter(day__lte=last)
    latest = backlog.order_by("-day").values_list("day", flat=True).first()
    if latest is not None:
        for service, sums in _sums_by(backlog.filter(day=latest), "service_id", BACKLOG_FIELDS):
            figures[service].backlog = sums
    return dict(figures)


def _sums_by(rows, key, fields):
    """(key value, {field: total}) pairs of `rows` grouped by one column."""
    grouped = rows.values(key).annotate(**{f"sum_{f}": Sum(f) for f in fields}).order_by()
    for row in grouped:
        yield row[key], {f: row[f"sum_{f}"] or 0 for f in fields}


def monthly_by_office(scope: dict, first: date, last: date) -> dict:
    """{(office id, first day of month): Figures} from the month rows of `first`…`last`.

    One row per office and month, as open data publishes them: requests, complaints and
    survey answers (no durations, backlog or queue, which have no month rows to read).
    """
    figures = defaultdict(Figures)
    months = {"grain": Grain.MONTH, "day__range": (first, last)}
    tables = (
        ("requests", REQUEST_FIELDS, "requests"),
        ("complaints", COMPLAINT_FIELDS, "complaints"),
        ("surveys", ("respondents", *ELEMENTS), "survey_totals"),
    )
    for table, fields, attribute in tables:
        rows = scope[table].filter(**months).values("office_id", "day")
        for row in rows.annotate(**{f"sum_{f}": Sum(f) for f in fields}).order_by():
            found = figures[row["office_id"], row["day"]]
            sums = {f: row[f"sum_{f}"] or 0 for f in fields}
            if table == "surveys":
                found.respondents = sums.pop("respondents")
            setattr(found, attribute, sums)
    return dict(figures)
