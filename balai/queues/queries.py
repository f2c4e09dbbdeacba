"""Reading the queue: who is next, a ticket's position and estimate, the board's data.

Nothing here changes state. The order of the line is defined once, in `line_order`:
1. booked tickets whose time window has begun (checked in on time),
2. priority tickets (elderly, disabled, pregnant, with an infant),
3. everyone else, in the order they took their number.
"""

import math
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone

from balai.workdays.calendar import is_working_day, local_date, office_time_zone

from .constants import (
    AT_DESK_STATUSES,
    BOARD_NEXT_COUNT,
    DEFAULT_SERVICE_MINUTES,
    ESTIMATE_DAYS,
    ESTIMATE_SAMPLE,
    Priority,
    TicketStatus,
)
from .models import Desk, QueueSettings, Ticket

__all__ = [
    "Estimate",
    "board_data",
    "desk_line",
    "estimate_for",
    "is_open",
    "line_order",
    "local_now",
    "opening_periods",
    "position_of",
    "queue_settings",
]

BOOKED_RANK, PRIORITY_RANK, WALK_IN_RANK = 0, 1, 2


def queue_settings(office) -> QueueSettings:
    """The office's rules, or the defaults (unsaved) when it never changed them."""
    try:
        return office.queue_settings  # no query when loaded with select_related
    except QueueSettings.DoesNotExist:
        return QueueSettings(office=office)


def local_now(office, now=None) -> datetime:
    now = now or timezone.now()
    return now.astimezone(ZoneInfo(office_time_zone(office)))


def opening_periods(office, day) -> list[tuple[time, time]]:
    """Opening periods of that date (two with a break), none on a non-working day.

    An office that never entered its hours is taken as open 08.00–16.00 on working days.
    """
    if not is_working_day(day, office):
        return []
    hours = list(office.hours.all())
    if not hours:
        return [(time(8), time(16))]
    return [(h.opens, h.closes) for h in hours if h.weekday == day.weekday()]


def is_open(office, now=None) -> bool:
    """Tickets are taken from the first opening to the last closing of a working day; a
    break does not stop the line, it only pauses the calling."""
    local = local_now(office, now)
    periods = opening_periods(office, local.date())
    if not periods:
        return False
    return min(p[0] for p in periods) <= local.time() < max(p[1] for p in periods)


def rank_expression(now):
    return Case(
        When(ahead_from__lte=now, then=Value(BOOKED_RANK)),
        When(~Q(priority=Priority.NONE), then=Value(PRIORITY_RANK)),
        default=Value(WALK_IN_RANK),
        output_field=IntegerField(),
    )


def line_order(queryset, now):
    return queryset.annotate(rank=rank_expression(now)).order_by("rank", "order_at", "id")


def desk_line(desk, now=None):
    """Waiting tickets the desk may call, first in line first."""
    now = now or timezone.now()
    day = local_date(now, desk.office)
    groups = Desk.groups.through.objects.filter(desk_id=desk.pk).values("servicegroup_id")
    waiting = Ticket.objects.filter(
        office_id=desk.office_id, day=day, status=TicketStatus.WAITING
    ).filter(Q(for_desk_id=desk.pk) | Q(for_desk__isnull=True, group_id__in=groups))
    return line_order(waiting, now)


def position_of(ticket, now=None) -> int:
    """How many waiting tickets of the same service group come before this one."""
    now = now or timezone.now()
    if ticket.status != TicketStatus.WAITING:
        return 0
    line = line_order(
        Ticket.objects.filter(
            office_id=ticket.office_id,
            day=ticket.day,
            group_id=ticket.group_id,
            status=TicketStatus.WAITING,
        ),
        now,
    ).values_list("id", flat=True)
    for index, ticket_id in enumerate(line):
        if ticket_id == ticket.id:
            return index
    return 0


@dataclass(frozen=True)
class Estimate:
    position: int
    minutes: int
    minutes_per_ticket: float
    desks: int
    sample: int  # finished tickets the average was taken from; 0 means the default


def estimate_for(ticket, now=None) -> Estimate:
    """Waiting time ≈ (tickets ahead + 1) × mean service time of the group's last
    finished tickets ÷ the desks serving the group."""
    now = now or timezone.now()
    position = position_of(ticket, now)
    since = now - timedelta(days=ESTIMATE_DAYS)
    recent = (
        Ticket.objects.filter(
            group_id=ticket.group_id,
            status=TicketStatus.DONE,
            finished_at__gte=since,
            started_at__isnull=False,
        )
        .order_by("-finished_at")
        .values_list("started_at", "finished_at")[:ESTIMATE_SAMPLE]
    )
    durations = [(finished - started).total_seconds() for started, finished in recent]
    if durations:
        minutes_per_ticket, sample = sum(durations) / len(durations) / 60, len(durations)
    else:
        minutes_per_ticket, sample = float(DEFAULT_SERVICE_MINUTES), 0
    desks = max(Desk.objects.filter(active=True, groups=ticket.group_id).count(), 1)
    if ticket.status != TicketStatus.WAITING:
        minutes = 0
    else:
        minutes = math.ceil((position + 1) * minutes_per_ticket / desks)
    return Estimate(position, minutes, round(minutes_per_ticket, 1), desks, sample)


@dataclass
class BoardDesk:
    id: int
    name: str
    ticket: str = ""
    status: str = ""


@dataclass
class Board:
    office_id: int
    office_name: str
    day: object
    open: bool
    desks: list[BoardDesk] = field(default_factory=list)
    next: list[str] = field(default_factory=list)
    waiting: int = 0


def board_data(office, now=None) -> Board:
    """What the display shows: the ticket at each desk, the next few, how many wait.
    Three queries whatever the length of the line."""
    now = now or timezone.now()
    day = local_date(now, office)
    board = Board(office.id, office.name, day, is_open(office, now))
    at_desks = {
        t.desk_id: t
        for t in Ticket.objects.filter(
            office_id=office.id, day=day, status__in=AT_DESK_STATUSES
        ).only("desk_id", "prefix", "number", "status", "called_at")
    }
    for desk in Desk.objects.filter(office_id=office.id, active=True).only("id", "name"):
        ticket = at_desks.get(desk.id)
        board.desks.append(
            BoardDesk(
                desk.id, desk.name, ticket.label if ticket else "", ticket.status if ticket else ""
            )
        )
    waiting = Ticket.objects.filter(office_id=office.id, day=day, status=TicketStatus.WAITING)
    board.next = [
        t.label for t in line_order(waiting.only("prefix", "number"), now)[:BOARD_NEXT_COUNT]
    ]
    board.waiting = waiting.count()
    return board
