"""Keeping the rollup tables: increments as events happen, and reconciliation from raw data.

As events happen, the services of each app call one of the `record_*` functions inside their
own transaction, so a figure moves together with the change it counts. Each adds to the
row of the day and to the row of the month (update first; create when missing; update again
if a concurrent writer created it first).

`reconcile(first, last)` recomputes the day rows of those days from the raw tables (requests
and steps, complaint events, survey responses), independently of the increments, and
applies the difference to the day rows and to their months. Applying a difference, rather
than rewriting months, keeps it safe beside events arriving for today meanwhile. The nightly
job reconciles yesterday; `balai rebuild_stats` any range.

What is counted where (the same in both paths; tests hold them equal):
- requests: received on the day they were submitted and finished on the day they were
  completed, at the office that took them in; on time when completed no later than their
  due date; duration = working days from submission to completion, less the days they
  waited on the applicant;
- steps: received by the step's office on the day it started, done on the day it finished
  (late when after its due date);
- complaints: received at the office that first took them, verified / followed up /
  resolved / reopened at the office that acted, in time by SP4N-LAPOR!'s working days;
- surveys: each response on its day at its office, answers summed per element.
Days are the office's local dates.
"""

from collections import defaultdict
from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime, time, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F, Min, Q, Sum
from django.db.models.functions import TruncMonth, TruncYear
from django.utils import timezone

from balai.cases.constants import Status as RequestStatus
from balai.cases.models import RequestStep, ServiceRequest
from balai.complaints.constants import Action as ComplaintAction
from balai.complaints.models import ComplaintEvent
from balai.offices.models import Office
from balai.queues.constants import StatScope
from balai.queues.models import DailyQueueStat
from balai.surveys.constants import ELEMENTS
from balai.surveys.models import SurveyResponse
from balai.workdays.calendar import WorkingDayCounter, local_date, working_days_between

from .constants import (
    BACKLOG_BANDS,
    FOLLOW_UP_WITHIN_DAYS,
    NO_SERVICE,
    VERIFY_WITHIN_DAYS,
    Grain,
)
from .models import (
    BacklogStat,
    ComplaintStat,
    QueueStat,
    RequestDuration,
    RequestStat,
    SurveyStat,
)

__all__ = [
    "TABLES",
    "batch",
    "expected_rows",
    "reconcile",
    "record_complaint_action",
    "record_complaint_received",
    "record_request_completed",
    "record_request_received",
    "record_step_finished",
    "record_step_started",
    "record_survey_response",
    "snapshot_backlog",
]

# Each rollup model with the fields (besides grain, day, office) that make its key.
TABLES = {
    RequestStat: ("service_id",),
    RequestDuration: ("service_id", "days"),
    ComplaintStat: ("category_id",),
    SurveyStat: ("service_key",),
    QueueStat: (),
}
WAITING_STATUSES = (RequestStatus.SUBMITTED, RequestStatus.IN_PROCESS, RequestStatus.RETURNED)


# Increments -------------------------------------------------------------------------------


_pending: ContextVar[list | None] = ContextVar("pending_rollup_changes", default=None)


@contextmanager
def batch():
    """Hold the increments of one transaction and write them at the end, in one order.

    Every writer locks rollup rows in the same (sorted) order, so two transactions that
    touch the same rows — a completion at the Disdukcapil and a forward from the village
    — wait for each other instead of deadlocking. Use inside the transaction.
    """
    if _pending.get() is not None:
        yield
        return
    token = _pending.set([])
    try:
        yield
        changes = _pending.get()
    finally:
        _pending.reset(token)
    changes.sort(key=_lock_order)
    for model, lookup, counts, region in changes:
        _add(model, lookup, counts, region)


def _lock_order(change) -> tuple:
    # Reconciliation locks in the same order: ORDER BY day, grain, office, key (`_lock`).
    model, lookup, _counts, _region = change
    keys = (lookup[key] for key in TABLES[model])
    return (model._meta.db_table, lookup["day"], lookup["grain"], lookup["office_id"], *keys)


def _bump(model, office: Office, day: date, keys: dict, counts: dict) -> None:
    counts = {field: n for field, n in counts.items() if n}
    if not counts:
        return
    pending = _pending.get()
    for grain, start in _periods_of(day):
        lookup = {"grain": grain, "day": start, "office_id": office.pk, **keys}
        if pending is None:
            _add(model, lookup, counts, region=office.region_id)
        else:
            pending.append((model, lookup, counts, office.region_id))


def _periods_of(day: date) -> tuple:
    return (
        (Grain.DAY, day),
        (Grain.MONTH, day.replace(day=1)),
        (Grain.YEAR, day.replace(month=1, day=1)),
    )


def _add(model, lookup: dict, counts: dict, region: str) -> None:
    changes = {field: F(field) + n for field, n in counts.items()}
    if model.objects.filter(**lookup).update(**changes):
        return
    try:
        with transaction.atomic():
            model.objects.create(region=region, **lookup, **counts)
    except IntegrityError:
        # Another transaction created the row between our update and insert.
        model.objects.filter(**lookup).update(**changes)


def _office(office_or_id) -> Office:
    if isinstance(office_or_id, Office):
        return office_or_id
    return Office.objects.only("id", "region_id", "timezone").get(pk=office_or_id)


def record_request_received(request) -> None:
    office = _office(request.origin_office)
    day = local_date(request.submitted_at, office)
    _bump(RequestStat, office, day, {"service_id": request.service_id}, {"received": 1})


def record_request_completed(request) -> None:
    office = _office(request.origin_office)
    day = local_date(request.completed_at, office)
    keys = {"service_id": request.service_id}
    days = _processing_days(
        working_days_between(request.submitted_at, request.completed_at, office), request
    )
    on_time = request.due_date is not None and day <= request.due_date
    _bump(
        RequestStat,
        office,
        day,
        keys,
        {"completed": 1, "on_time": int(on_time), "late": int(not on_time), "duration_days": days},
    )
    _bump(RequestDuration, office, day, {**keys, "days": days}, {"requests": 1})


def _processing_days(elapsed: int, request) -> int:
    # Days spent waiting for the applicant to complete the file do not count against us.
    return max(0, elapsed - request.suspended_days)


def record_step_started(request, step) -> None:
    office = step.office  # already loaded when the step got its deadline
    day = local_date(step.started_at, office)
    _bump(RequestStat, office, day, {"service_id": request.service_id}, {"steps_received": 1})


def record_step_finished(request, step) -> None:
    office = step.office  # already loaded when the step got its deadline
    day = local_date(step.finished_at, office)
    late = step.due_date is not None and day > step.due_date
    _bump(
        RequestStat,
        office,
        day,
        {"service_id": request.service_id},
        {"steps_done": 1, "steps_late": int(late)},
    )


def record_complaint_received(complaint, office) -> None:
    office = _office(office)
    day = local_date(complaint.received_at, office)
    _bump(ComplaintStat, office, day, {"category_id": complaint.category_id}, {"received": 1})


def record_complaint_action(complaint, action: str, office, at: datetime, verified_at) -> None:
    """`office` acted at `at`; `verified_at` is when the complaint was verified (if it was)."""
    counts = _complaint_counts(action, complaint.received_at, verified_at, at, office)
    if counts:
        office = _office(office)
        keys = {"category_id": complaint.category_id}
        _bump(ComplaintStat, office, local_date(at, office), keys, counts)


def _complaint_counts(action, received_at, verified_at, at, office, between=None) -> dict:
    between = between or (lambda a, b: working_days_between(a, b, office))
    if action == ComplaintAction.ACCEPT:
        days = max(0, between(received_at, at))
        return {
            "verified": 1,
            "verified_in_time": int(days <= VERIFY_WITHIN_DAYS),
            "verify_days": days,
        }
    if action == ComplaintAction.FOLLOW_UP:
        if verified_at is None:
            return {"followed_up": 1}
        days = max(0, between(verified_at, at))
        return {
            "followed_up": 1,
            "followed_up_in_time": int(days <= FOLLOW_UP_WITHIN_DAYS),
            "follow_up_days": days,
        }
    if action == ComplaintAction.RESOLVE:
        return {"resolved": 1}
    if action == ComplaintAction.REOPEN:
        return {"reopened": 1}
    return {}


def queue_counts(row) -> dict:
    """What a `DailyQueueStat` office row adds to the queue rollups."""
    if row is None:
        return {"tickets": 0, "served": 0, "wait_seconds": 0}
    waited = round((row.wait_mean_seconds or 0) * row.served)
    return {"tickets": row.tickets, "served": row.served, "wait_seconds": waited}


def record_queue_day(office, day: date, before, after) -> None:
    """The queue app rewrote an office's figures for a day: add the difference."""
    old, new = queue_counts(before), queue_counts(after)
    with batch():
        _bump(QueueStat, _office(office), day, {}, {f: new[f] - old[f] for f in new})


def record_survey_response(response) -> None:
    office = _office(response.office_id)
    keys = {"service_key": response.service_id or NO_SERVICE}
    counts = {"respondents": 1, **{key: getattr(response, key) for key in ELEMENTS}}
    _bump(SurveyStat, office, local_date(response.submitted_at, office), keys, counts)


# Recomputation from raw data ------------------------------------------------------------


class _Tally:
    """Expected day rows: {model: {(office_id, day, *key): {field: count}}}."""

    def __init__(self):
        self.rows = {model: defaultdict(lambda: defaultdict(int)) for model in TABLES}

    def add(self, model, office_id, day, key: tuple, counts: dict):
        if not any(counts.values()):
            return
        row = self.rows[model][(office_id, day, *key)]
        for field, n in counts.items():
            if n:
                row[field] += n


class _Offices:
    """Offices by id, and a working-day counter per office covering the whole range."""

    def __init__(self, first: date, last: date):
        self.by_id = {o.pk: o for o in Office.objects.only("id", "region_id", "timezone")}
        self.first, self.last = first, last
        self.counters = {}

    def local_day(self, at, office_id) -> date:
        return local_date(at, self.by_id[office_id])

    def between(self, office_id, a, b) -> int:
        if office_id not in self.counters:
            self.counters[office_id] = WorkingDayCounter(
                self.by_id[office_id], self.first, self.last
            )
        return self.counters[office_id].between(a, b)


def _window(first: date, last: date) -> tuple[datetime, datetime]:
    """UTC bounds wide enough for every local date from `first` to `last` in any zone."""
    zone = timezone.get_current_timezone()
    start = datetime.combine(first - timedelta(days=1), time.min, tzinfo=zone)
    end = datetime.combine(last + timedelta(days=2), time.min, tzinfo=zone)
    return start, end


def expected_rows(first: date, last: date) -> dict:
    """Day rows for `first`…`last` recomputed from the raw tables."""
    start, end = _window(first, last)
    earliest = _earliest_start(start)
    offices = _Offices(earliest, last + timedelta(days=2))
    tally = _Tally()
    in_range = lambda day: first <= day <= last  # noqa: E731
    _tally_requests(tally, offices, start, end, in_range)
    _tally_steps(tally, offices, start, end, in_range)
    _tally_complaints(tally, offices, start, end, in_range)
    _tally_surveys(tally, offices, start, end, in_range)
    _tally_queue(tally, first, last)
    return tally.rows


def _earliest_start(start: datetime) -> date:
    """The first day a duration can start from: the oldest submission or complaint."""
    candidates = [
        ServiceRequest.objects.aggregate(m=Min("submitted_at"))["m"],
        ComplaintEvent.objects.aggregate(m=Min("at"))["m"],
    ]
    days = [local_date(c, None) for c in candidates if c is not None]
    return min([*days, start.date()]) - timedelta(days=2)


def _tally_requests(tally, offices, start, end, in_range):
    rows = (
        ServiceRequest.objects.filter(
            Q(submitted_at__gte=start, submitted_at__lt=end)
            | Q(completed_at__gte=start, completed_at__lt=end)
        )
        .values_list(
            "origin_office_id",
            "service_id",
            "submitted_at",
            "completed_at",
            "due_date",
            "suspended_days",
        )
        .iterator(chunk_size=5000)
    )
    for office_id, service_id, submitted, completed, due, suspended in rows:
        if submitted and in_range(day := offices.local_day(submitted, office_id)):
            tally.add(RequestStat, office_id, day, (service_id,), {"received": 1})
        if completed and in_range(day := offices.local_day(completed, office_id)):
            days = max(0, offices.between(office_id, submitted, completed) - suspended)
            on_time = due is not None and day <= due
            counts = {
                "completed": 1,
                "on_time": int(on_time),
                "late": int(not on_time),
                "duration_days": days,
            }
            tally.add(RequestStat, office_id, day, (service_id,), counts)
            tally.add(RequestDuration, office_id, day, (service_id, days), {"requests": 1})


def _tally_steps(tally, offices, start, end, in_range):
    rows = (
        RequestStep.objects.filter(
            Q(started_at__gte=start, started_at__lt=end)
            | Q(finished_at__gte=start, finished_at__lt=end)
        )
        .values_list("office_id", "request__service_id", "started_at", "finished_at", "due_date")
        .iterator(chunk_size=5000)
    )
    for office_id, service_id, started, finished, due in rows:
        if started and in_range(day := offices.local_day(started, office_id)):
            tally.add(RequestStat, office_id, day, (service_id,), {"steps_received": 1})
        if finished and in_range(day := offices.local_day(finished, office_id)):
            late = due is not None and day > due
            counts = {"steps_done": 1, "steps_late": int(late)}
            tally.add(RequestStat, office_id, day, (service_id,), counts)


def _tally_complaints(tally, offices, start, end, in_range):
    # Whole histories of the complaints with an event in the window: "received" is the
    # first event, and a follow-up is timed from the latest verification before it.
    touched = ComplaintEvent.objects.filter(at__gte=start, at__lt=end).values("complaint_id")
    events = (
        ComplaintEvent.objects.filter(complaint_id__in=touched)
        .order_by("complaint_id", "at", "id")
        .values_list(
            "complaint_id",
            "action",
            "at",
            "office_id",
            "complaint__category_id",
            "complaint__received_at",
        )
        .iterator(chunk_size=5000)
    )
    current, verified_at = None, None
    for complaint_id, action, at, office_id, category_id, received_at in events:
        first_event = complaint_id != current
        if first_event:
            current, verified_at = complaint_id, None
        day = offices.local_day(at, office_id)
        if first_event and in_range(day):
            tally.add(ComplaintStat, office_id, day, (category_id,), {"received": 1})
        between = lambda a, b, office_id=office_id: offices.between(office_id, a, b)  # noqa: E731
        if in_range(day):
            counts = _complaint_counts(action, received_at, verified_at, at, None, between)
            tally.add(ComplaintStat, office_id, day, (category_id,), counts)
        if action == ComplaintAction.ACCEPT:
            verified_at = at


def _tally_surveys(tally, offices, start, end, in_range):
    rows = (
        SurveyResponse.objects.filter(submitted_at__gte=start, submitted_at__lt=end)
        .values_list("office_id", "service_id", "submitted_at", *ELEMENTS)
        .iterator(chunk_size=5000)
    )
    for office_id, service_id, submitted, *answers in rows:
        day = offices.local_day(submitted, office_id)
        if in_range(day):
            counts = {"respondents": 1, **dict(zip(ELEMENTS, answers, strict=True))}
            tally.add(SurveyStat, office_id, day, (service_id or NO_SERVICE,), counts)


def _tally_queue(tally, first, last):
    # The queue app's own day figures are the source: it recomputes them from the tickets.
    rows = DailyQueueStat.objects.filter(scope=StatScope.OFFICE, day__range=(first, last))
    for row in rows.only("office_id", "day", "tickets", "served", "wait_mean_seconds"):
        tally.add(QueueStat, row.office_id, row.day, (), queue_counts(row))


# Reconciliation ---------------------------------------------------------------------------


def stored_rows(model, first: date, last: date, grain: str = Grain.DAY) -> dict:
    """The stored rows of `model` in the same shape as `expected_rows` gives."""
    keys = TABLES[model]
    counted = _counted_fields(model)
    stored = {}
    for row in model.objects.filter(grain=grain, day__range=(first, last)).values(
        "office_id", "day", *keys, *counted
    ):
        counts = {field: row[field] for field in counted if row[field]}
        if counts:
            stored[(row["office_id"], row["day"], *(row[k] for k in keys))] = counts
    return stored


def _counted_fields(model) -> list[str]:
    fixed = {"id", "grain", "day", "office", "region", "service", "category", "service_key"}
    return [f.name for f in model._meta.concrete_fields if f.name not in fixed | {"days"}]


def reconcile(first: date, last: date) -> dict:
    """Make the rollups of `first`…`last` equal a recomputation; returns rows changed."""
    expected = expected_rows(first, last)
    changed = {}
    for model, keys in TABLES.items():
        stored = stored_rows(model, first, last)
        differences = _differences(expected[model], stored, _counted_fields(model))
        months = _months_between(first, last)
        years = {month.replace(month=1) for month in months}
        with transaction.atomic():
            _apply_differences(model, keys, differences)
            _lock(model, keys, years, months)
            rebuilt = _rebuild(model, keys, Grain.MONTH, months, Grain.DAY, TruncMonth)
            rebuilt += _rebuild(model, keys, Grain.YEAR, years, Grain.MONTH, TruncYear)
        changed[model._meta.model_name] = len(differences) + rebuilt
    return changed


def _lock(model, keys: tuple, years: set, months: set) -> None:
    """Lock the year and month rows in the order increments take them (see `batch`), so
    the two wait for each other and never deadlock."""
    rows = model.objects.filter(
        Q(grain=Grain.YEAR, day__in=years) | Q(grain=Grain.MONTH, day__in=months)
    )
    ordered = rows.order_by("day", "grain", "office_id", *keys).select_for_update()
    list(ordered.values_list("pk", flat=True))


def _months_between(first: date, last: date) -> set[date]:
    months, month = set(), first.replace(day=1)
    while month <= last:
        months.add(month)
        month = (month + timedelta(days=32)).replace(day=1)
    return months


def _differences(expected: dict, stored: dict, fields: list[str]) -> dict:
    differences = {}
    for key in expected.keys() | stored.keys():
        want, have = expected.get(key, {}), stored.get(key, {})
        delta = {f: want.get(f, 0) - have.get(f, 0) for f in fields}
        if any(delta.values()):
            differences[key] = delta
    return differences


def _apply_differences(model, keys: tuple, differences: dict) -> None:
    offices = {o.pk: o for o in Office.objects.only("id", "region_id")}
    days = {day for _office, day, *_key in differences}
    existing = set(
        model.objects.filter(grain=Grain.DAY, day__in=days).values_list("office_id", "day", *keys)
    )
    new_rows = []
    for (office_id, day, *key), delta in differences.items():
        lookup = {"grain": Grain.DAY, "day": day, "office_id": office_id}
        lookup |= dict(zip(keys, key, strict=True))
        region = offices[office_id].region_id
        if (office_id, day, *key) in existing:
            _add(model, lookup, delta, region)
        else:
            new_rows.append(model(region=region, **lookup, **delta))
    model.objects.bulk_create(new_rows, batch_size=2000)
    # Rows whose counts all went back to zero (the days just corrected, not the whole table).
    emptied = dict.fromkeys(_counted_fields(model), 0)
    model.objects.filter(grain=Grain.DAY, day__in=days, **emptied).delete()


def _rebuild(model, keys: tuple, grain: str, periods: set, child: str, truncate) -> int:
    """Set the rows of `grain` (months or years) in `periods` to the sums of their `child`
    rows (days or months).

    The caller has locked those rows: an event arriving meanwhile waits, then adds its
    increment to the rebuilt sum, which did not yet see its (uncommitted) smaller rows.
    """
    offices = {o.pk: o for o in Office.objects.only("id", "region_id")}
    fields = _counted_fields(model)
    current = {
        (row.office_id, row.day, *(getattr(row, k) for k in keys)): row
        for row in model.objects.filter(grain=grain, day__in=periods)
    }
    sums = (
        model.objects.filter(grain=child, day__gte=min(periods))
        .annotate(period=truncate("day"))
        .filter(period__in=periods)
        .values("office_id", "period", *keys)
        .annotate(**{f"total_{f}": Sum(f) for f in fields})
        .order_by()
    )
    new_rows, changed = [], 0
    for row in sums:
        key = (row["office_id"], row["period"], *(row[k] for k in keys))
        totals = {f: row[f"total_{f}"] for f in fields}
        stored = current.pop(key, None)
        if stored is None:
            lookup = {"grain": grain, "day": row["period"], "office_id": row["office_id"]}
            lookup |= {k: row[k] for k in keys}
            new_rows.append(model(region=offices[row["office_id"]].region_id, **lookup, **totals))
        elif any(getattr(stored, f) != n for f, n in totals.items()):
            changed += model.objects.filter(pk=stored.pk).update(**totals)
    model.objects.bulk_create(new_rows, batch_size=2000)
    model.objects.filter(pk__in=[row.pk for row in current.values()]).delete()
    return changed + len(new_rows) + len(current)


# Backlog ----------------------------------------------------------------------------------


def snapshot_backlog(day: date) -> int:
    """Write the open requests waiting at each office at the start of `day`, by age."""
    start, _end = _window(day, day)
    rows = (
        ServiceRequest.objects.filter(status__in=WAITING_STATUSES, submitted_at__lt=_day_start(day))
        .values_list("current_office_id", "service_id", "submitted_at", "current_due")
        .iterator(chunk_size=5000)
    )
    earliest = ServiceRequest.objects.filter(status__in=WAITING_STATUSES).aggregate(
        m=Min("submitted_at")
    )["m"]
    offices = _Offices(
        local_date(earliest or start, None) - timedelta(days=2), day + timedelta(days=1)
    )
    snapshot = defaultdict(lambda: defaultdict(int))
    for office_id, service_id, submitted, due in _rows_with_office(rows):
        row = snapshot[(office_id, service_id)]
        row["open"] += 1
        row["overdue"] += int(due is not None and due < day)
        row[_band(offices.between(office_id, submitted, day))] += 1
    return _write_backlog(day, snapshot, offices)


def _rows_with_office(rows: Iterable[tuple]):
    return (row for row in rows if row[0] is not None)


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def _band(age: int) -> str:
    for field, upper in BACKLOG_BANDS:
        if upper is None or age <= upper:
            return field
    raise AssertionError("the last band has no upper bound")


def _write_backlog(day, snapshot, offices) -> int:
    rows = [
        BacklogStat(
            day=day,
            office_id=office_id,
            region=offices.by_id[office_id].region_id,
            service_id=service_id,
            **counts,
        )
        for (office_id, service_id), counts in snapshot.items()
    ]
    with transaction.atomic():
        BacklogStat.objects.filter(day=day).delete()
        BacklogStat.objects.bulk_create(rows, batch_size=2000)
    return len(rows)
