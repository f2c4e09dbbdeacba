"""Daily queue figures per office, desk and service group, for reports and dashboards.

`rollup_day(office, day)` computes them from that day's tickets and bookings and stores
them in `DailyQueueStat` (one row per office, per desk, per group); the nightly task and
the statistics page keep the table current. Other apps read it with `daily_stats`, which
never scans tickets.

- waiting time: from taking the number (or from the start of the booked window, for a
  booking checked in early) to the first call;
- service time: from "start serving" to "done";
- p90: the nearest-rank 90th percentile (the value 90 % of tickets stay at or under);
- bookings kept: bookings of that day that checked in, of those not cancelled.
"""

import math
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from .constants import BookingStatus, Priority, StatScope, TicketStatus
from .models import Booking, DailyQueueStat, Ticket

__all__ = ["DayFigures", "compute_day", "daily_stats", "percentile", "rollup_day"]


def percentile(values: list[float], share: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(math.ceil(share * len(ordered)) - 1, 0)]


def mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


@dataclass
class DayFigures:
    scope: str
    key: str
    desk_id: int | None = None
    group_id: int | None = None
    tickets: int = 0
    served: int = 0
    no_shows: int = 0
    cancelled: int = 0
    priority: int = 0
    waits: list[float] = field(default_factory=list)
    services: list[float] = field(default_factory=list)
    bookings: int = 0
    bookings_kept: int = 0

    def add(self, ticket: dict) -> None:
        self.tickets += 1
        status = ticket["status"]
        self.served += status == TicketStatus.DONE
        self.no_shows += status == TicketStatus.NO_SHOW
        self.cancelled += status == TicketStatus.CANCELLED
        self.priority += ticket["priority"] != Priority.NONE
        if ticket["called_at"]:
            waited_from = max(ticket["issued_at"], ticket["ahead_from"] or ticket["issued_at"])
            self.waits.append(max((ticket["called_at"] - waited_from).total_seconds(), 0))
        if ticket["started_at"] and ticket["finished_at"] and status == TicketStatus.DONE:
            self.services.append((ticket["finished_at"] - ticket["started_at"]).total_seconds())

    def row(self, office, day, now) -> DailyQueueStat:
        return DailyQueueStat(
            office=office,
            day=day,
            scope=self.scope,
            key=self.key,
            desk_id=self.desk_id,
            group_id=self.group_id,
            tickets=self.tickets,
            served=self.served,
            no_shows=self.no_shows,
            cancelled=self.cancelled,
            priority=self.priority,
            wait_mean_seconds=mean(self.waits),
            wait_p90_seconds=percentile(self.waits, 0.9),
            service_mean_seconds=mean(self.services),
            service_p90_seconds=percentile(self.services, 0.9),
            bookings=self.bookings,
            bookings_kept=self.bookings_kept,
            computed_at=now,
        )


def compute_day(office, day) -> list[DayFigures]:
    """The office's figures for the day, the whole office first. Two queries."""
    whole = DayFigures(StatScope.OFFICE, "office")
    by_desk: dict[int, DayFigures] = {}
    by_group: dict[int, DayFigures] = {}
    tickets = Ticket.objects.filter(office=office, day=day).values(
        "desk_id",
        "group_id",
        "status",
        "priority",
        "issued_at",
        "ahead_from",
        "called_at",
        "started_at",
        "finished_at",
    )
    for ticket in tickets:
        whole.add(ticket)
        group = ticket["group_id"]
        by_group.setdefault(group, DayFigures(StatScope.GROUP, f"group:{group}", group_id=group))
        by_group[group].add(ticket)
        if ticket["desk_id"]:
            desk = ticket["desk_id"]
            by_desk.setdefault(desk, DayFigures(StatScope.DESK, f"desk:{desk}", desk_id=desk))
            by_desk[desk].add(ticket)
    bookings = defaultdict(lambda: [0, 0])
    for group, status in (
        Booking.objects.filter(office=office, slot__day=day)
        .exclude(status=BookingStatus.CANCELLED)
        .values_list("slot__group_id", "status")
    ):
        bookings[group][0] += 1
        bookings[group][1] += status == BookingStatus.CHECKED_IN
    for group, (made, kept) in bookings.items():
        figures = by_group.setdefault(
            group, DayFigures(StatScope.GROUP, f"group:{group}", group_id=group)
        )
        figures.bookings, figures.bookings_kept = made, kept
        whole.bookings += made
        whole.bookings_kept += kept
    return [whole, *by_desk.values(), *by_group.values()]


def rollup_day(office, day, now=None) -> list[DailyQueueStat]:
    now = now or timezone.now()
    from balai.stats.rollups import record_queue_day

    rows = [figures.row(office, day, now) for figures in compute_day(office, day)]
    with transaction.atomic():
        stored = DailyQueueStat.objects.select_for_update().filter(office=office, day=day)
        before = next((row for row in stored if row.scope == StatScope.OFFICE), None)
        stored.delete()
        DailyQueueStat.objects.bulk_create(rows)
        # The kabupaten's rollups (month and year rows) move with the office's day.
        record_queue_day(office, day, before, rows[0])
    return rows


def daily_stats(offices, start, end, scope: str | None = StatScope.OFFICE):
    """Stored figures of the offices (a queryset, e.g. `Office.objects.visible_to(user)`)
    from `start` to `end` inclusive; `scope=None` gives desks and groups as well."""
    rows = DailyQueueStat.objects.filter(office__in=offices, day__range=(start, end))
    if scope:
        rows = rows.filter(scope=scope)
    return rows.select_related("office", "desk", "group").order_by(
        "day", "office_id", "scope", "key"
    )
