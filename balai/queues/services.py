"""Every change to the queue happens here.

- `issue_ticket` gives a number from the office's counter row (`balai.core.counters`):
  per office, prefix and local day, never repeated, correct under concurrent requests.
- `call_next` locks the desk (one officer per desk at a time) and takes the first ticket
  of its line with `SELECT … FOR UPDATE SKIP LOCKED` on PostgreSQL, so two desks calling
  at the same moment never get the same ticket; on SQLite the IMMEDIATE write transaction
  serializes them.
- `perform` fires one action of the transition table (`workflow.TRANSITIONS`) on a locked
  ticket and writes an append-only event.
- Bookings: `book_slot` takes a place with one conditional UPDATE (never over capacity),
  `check_in` turns a booking into a ticket that goes ahead of walk-ins inside its window.
"""

import contextlib
import logging
from datetime import datetime, timedelta
from functools import partial
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.core.counters import next_number
from balai.lib import codes
from balai.notifications.services import normalize_phone, queue_message
from balai.offices.jurisdiction import jurisdiction_of
from balai.offices.models import Office
from balai.workdays.calendar import local_date, office_time_zone

from .constants import (
    AT_DESK_STATUSES,
    Action,
    BookingStatus,
    Priority,
    Source,
    TicketStatus,
)
from .models import Booking, BookingSlot, Desk, ServiceGroup, Ticket, TicketEvent
from .queries import desk_line, is_open, opening_periods, queue_settings
from .workflow import TRANSITIONS

logger = logging.getLogger(__name__)

__all__ = [
    "ActionRefused",
    "QueueError",
    "SlotFull",
    "book_slot",
    "call_next",
    "can_operate",
    "cancel_booking",
    "cancel_ticket",
    "check_in",
    "create_slots",
    "expire_stale",
    "issue_ticket",
    "perform",
    "skip",
    "transfer",
]

CODE_ATTEMPTS = 5


class QueueError(ValueError):
    """The request cannot be done as asked; the message says why, in Indonesian."""


class SlotFull(QueueError):
    pass


class ActionRefused(Exception):
    """Not allowed in the ticket's current state or at this desk (HTTP 409 in the API)."""


def can_operate(user, office) -> bool:
    """Members of the office work its queue; others who may see it (the kecamatan, the
    kabupaten's admin) watch but do not call, except the kabupaten admin."""
    jurisdiction = jurisdiction_of(user)
    return jurisdiction.everything or office.id in jurisdiction.office_ids


# --- Tickets -------------------------------------------------------------------------


def issue_ticket(
    office,
    group: ServiceGroup,
    *,
    source: str,
    priority: str = Priority.NONE,
    phone: str = "",
    service=None,
    actor=None,
    booking: Booking | None = None,
    ahead_from: datetime | None = None,
    note: str = "",
    now: datetime | None = None,
) -> Ticket:
    now = now or timezone.now()
    if group.office_id != office.id or not group.active:
        raise QueueError(_("Layanan ini tidak dilayani di kantor ini."))
    if not is_open(office, now):
        raise QueueError(_("Kantor sedang tutup. Silakan datang pada jam layanan."))
    if priority not in Priority.values:
        raise QueueError(_("Jenis prioritas tidak dikenal."))
    if service is not None and not group.services.filter(pk=service.pk).exists():
        raise QueueError(_("Layanan ini tidak termasuk kelompok antrean yang dipilih."))
    phone = _normalized_phone(phone)
    day = local_date(now, office)
    with transaction.atomic():
        number = next_number(
            scope=f"office:{office.id}", series=group.prefix, period=day.isoformat()
        )
        ticket = _create_with_code(
            office=office,
            group=group,
            service=service,
            day=day,
            prefix=group.prefix,
            number=number,
            priority=priority,
            source=source,
            booking=booking,
            phone=phone,
            ahead_from=ahead_from,
            order_at=now,
            issued_at=now,
        )
        _record(ticket, Action.ISSUE, "", TicketStatus.WAITING, actor=actor, at=now, note=note)
    return ticket


def _create_with_code(**fields) -> Ticket:
    for _attempt in range(CODE_ATTEMPTS):
        try:
            with transaction.atomic():
                return Ticket.objects.create(code=codes.new_code(8), **fields)
        except IntegrityError:
            if Ticket.objects.filter(
                office=fields["office"],
                day=fields["day"],
                prefix=fields["prefix"],
                number=fields["number"],
            ).exists():
                raise
    raise QueueError(_("Gagal membuat kode tiket; silakan coba lagi."))


def call_next(desk: Desk, *, actor=None, now: datetime | None = None) -> Ticket | None:
    """Call the first ticket of the desk's line; None when nobody waits."""
    now = now or timezone.now()
    with transaction.atomic():
        desk = (
            Desk.objects.select_for_update(of=("self",))
            .select_related("office__queue_settings")
            .get(pk=desk.pk)
        )
        if not desk.active:
            raise ActionRefused(_("Loket ini tidak aktif."))
        held = Ticket.objects.filter(desk=desk, status__in=AT_DESK_STATUSES).first()
        if held is not None:
            raise ActionRefused(
                _("Loket ini masih memegang nomor %(label)s. Selesaikan atau lewati dulu.")
                % {"label": held.label}
            )
        ticket = desk_line(desk, now).select_for_update(skip_locked=True).first()
        if ticket is None:
            return None
        ticket.status = TicketStatus.CALLED
        ticket.desk = desk
        ticket.for_desk = None
        ticket.calls += 1
        # The first call ends the wait; calls after a skip do not restart it.
        ticket.called_at = ticket.called_at or now
        ticket.save(update_fields=["status", "desk", "for_desk", "calls", "called_at"])
        _record(ticket, Action.CALL, TicketStatus.WAITING, TicketStatus.CALLED, desk, actor, now)
        _tell_those_nearly_up(desk, now)
    return ticket


def perform(
    ticket_id: int, action: str, *, desk: Desk | None = None, actor=None, note: str = "", now=None
) -> Ticket:
    """Fire `action` of the transition table on the ticket, locked for the change."""
    now = now or timezone.now()
    transition = TRANSITIONS.get(action)
    if transition is None or action in (Action.CALL, Action.TRANSFER):
        raise ActionRefused(_("Tindakan tidak dikenal."))
    with transaction.atomic():
        ticket = Ticket.objects.select_for_update().get(pk=ticket_id)
        _check(ticket, action, desk)
        source = ticket.status
        ticket.status = transition.target
        fields = ["status"]
        if action == Action.RECALL:
            ticket.calls += 1
            fields.append("calls")
        elif action == Action.START:
            ticket.started_at = now
            fields.append("started_at")
        elif action in (Action.FINISH, Action.NO_SHOW, Action.CANCEL, Action.EXPIRE):
            ticket.finished_at = now
            fields.append("finished_at")
        elif action == Action.SKIP:
            # Back to the end of its line; it keeps its number and its calls.
            ticket.desk = None
            ticket.order_at = now
            fields += ["desk", "order_at"]
        ticket.save(update_fields=fields)
        _record(ticket, action, source, ticket.status, desk, actor, now, note)
        if action in (Action.FINISH, Action.NO_SHOW):
            transaction.on_commit(partial(_refresh_day_figures, ticket.office_id, ticket.day))
    return ticket


def _refresh_day_figures(office_id, day) -> None:
    """Keep the day's queue figures current as tickets finish (a few hundred rows a day)."""
    from .statistics import rollup_day

    try:
        rollup_day(Office.objects.get(pk=office_id), day)
    except DatabaseError:
        # The ticket's change stands; the hourly rollup writes the figures instead.
        logger.exception("Queue figures of office %s for %s not refreshed", office_id, day)


def skip(ticket_id: int, *, desk: Desk, actor=None, now=None) -> Ticket:
    """The citizen did not come: back in line, or a no-show after the office's number of calls."""
    ticket = Ticket.objects.select_related("office").get(pk=ticket_id)
    limit = queue_settings(ticket.office).max_calls
    action = Action.NO_SHOW if ticket.calls >= limit else Action.SKIP
    return perform(ticket_id, action, desk=desk, actor=actor, now=now)


def transfer(
    ticket_id: int,
    *,
    desk: Desk,
    to_desk: Desk | None = None,
    to_group: ServiceGroup | None = None,
    actor=None,
    note: str = "",
    now=None,
) -> Ticket:
    """Send the ticket to another desk or service; it keeps its number and its place."""
    now = now or timezone.now()
    if to_desk is None and to_group is None:
        raise QueueError(_("Pilih loket atau layanan tujuan."))
    with transaction.atomic():
        ticket = Ticket.objects.select_for_update().get(pk=ticket_id)
        _check(ticket, Action.TRANSFER, desk)
        for target in (to_desk, to_group):
            if target is not None and target.office_id != ticket.office_id:
                raise QueueError(_("Tujuan pengalihan harus di kantor yang sama."))
        if to_desk is not None and to_desk.pk == desk.pk:
            raise QueueError(_("Pilih loket lain."))
        source = ticket.status
        ticket.status = TicketStatus.WAITING
        ticket.desk = None
        ticket.for_desk = to_desk
        if to_group is not None:
            ticket.group = to_group
        ticket.calls = 0
        ticket.save(update_fields=["status", "desk", "for_desk", "group", "calls"])
        target_name = str(to_desk or to_group)
        _record(
            ticket,
            Action.TRANSFER,
            source,
            ticket.status,
            desk,
            actor,
            now,
            note or _("Dialihkan ke %(target)s") % {"target": target_name},
        )
    return ticket


def cancel_ticket(ticket_id: int, *, actor=None, now=None) -> Ticket:
    return perform(ticket_id, Action.CANCEL, actor=actor, now=now)


def _check(ticket: Ticket, action: str, desk: Desk | None) -> None:
    transition = TRANSITIONS[action]
    if ticket.status not in transition.sources:
        raise ActionRefused(
            _("Nomor %(label)s berstatus %(status)s; tindakan ini tidak bisa dilakukan.")
            % {"label": ticket.label, "status": ticket.get_status_display()}
        )
    if transition.at_desk and (desk is None or ticket.desk_id != desk.pk):
        raise ActionRefused(
            _("Nomor %(label)s tidak sedang di loket ini.") % {"label": ticket.label}
        )


def _record(ticket, action, source, target, desk=None, actor=None, at=None, note=""):
    TicketEvent.objects.create(
        ticket=ticket,
        action=action,
        from_status=source,
        to_status=target,
        desk=desk,
        actor=actor if actor is not None and actor.is_authenticated else None,
        note=note[:255],
        at=at or timezone.now(),
    )


def _normalized_phone(raw: str) -> str:
    if not (raw or "").strip():
        return ""
    try:
        return normalize_phone(raw)
    except ValueError as error:
        raise QueueError(str(error)) from None


def _tell_those_nearly_up(desk: Desk, now) -> None:
    """A message to those about to be called who left a phone number, once per ticket."""
    ahead = queue_settings(desk.office).nearly_turn
    if not ahead:
        return
    line = desk_line(desk, now).only("id", "prefix", "number", "phone", "code", "notified_at")
    soon = [t for t in line[:ahead] if t.phone and t.notified_at is None]
    for ticket in soon:
        # A number the gateway cannot take: the ticket page still shows the position.
        with contextlib.suppress(ValueError):
            queue_message(
                channel=settings.NOTIFY_APPLICANT_PHONE_CHANNEL,
                recipient=ticket.phone,
                template="queue_nearly_your_turn",
                context={
                    "label": ticket.label,
                    "office": desk.office.name,
                    "url": settings.SITE_URL
                    + reverse("queues_public:ticket", kwargs={"code": ticket.code}),
                },
                dedupe_key=f"queue-ticket:{ticket.id}:nearly",
                subject_ref=f"queue-ticket:{ticket.id}",
            )
        Ticket.objects.filter(pk=ticket.pk).update(notified_at=now)


# --- Bookings ------------------------------------------------------------------------


def create_slots(group: ServiceGroup, day, *, minutes: int = 30, capacity: int = 4) -> list:
    """Slots of `minutes` across the office's opening periods that day (none on a day off).
    Running it again keeps existing slots and their bookings."""
    office = group.office
    slots = []
    for opens, closes in opening_periods(office, day):
        start = datetime.combine(day, opens)
        while start + timedelta(minutes=minutes) <= datetime.combine(day, closes):
            end = start + timedelta(minutes=minutes)
            slot, _created = BookingSlot.objects.get_or_create(
                group=group,
                day=day,
                starts=start.time(),
                defaults={"office": office, "ends": end.time(), "capacity": capacity},
            )
            slots.append(slot)
            start = end
    return slots


def slot_window(slot: BookingSlot) -> tuple[datetime, datetime]:
    zone = ZoneInfo(office_time_zone(slot.office))
    return (
        datetime.combine(slot.day, slot.starts, tzinfo=zone),
        datetime.combine(slot.day, slot.ends, tzinfo=zone),
    )


def book_slot(
    slot: BookingSlot, *, service=None, name: str = "", phone: str = "", now=None
) -> Booking:
    now = now or timezone.now()
    starts, _ends = slot_window(slot)
    if starts <= now:
        raise QueueError(_("Jadwal ini sudah lewat; pilih jadwal lain."))
    if not slot.group.bookable or not slot.group.active:
        raise QueueError(_("Layanan ini tidak bisa dipesan online."))
    if service is not None and not slot.group.services.filter(pk=service.pk).exists():
        raise QueueError(_("Layanan ini tidak termasuk kelompok antrean yang dipilih."))
    phone = _normalized_phone(phone)
    with transaction.atomic():
        # One conditional UPDATE: concurrent bookings can never pass the capacity.
        taken = BookingSlot.objects.filter(pk=slot.pk, booked__lt=F("capacity")).update(
            booked=F("booked") + 1
        )
        if not taken:
            raise SlotFull(_("Jadwal ini sudah penuh; pilih jadwal lain."))
        for _attempt in range(CODE_ATTEMPTS):
            try:
                with transaction.atomic():
                    return Booking.objects.create(
                        slot=slot,
                        office_id=slot.office_id,
                        code=codes.new_code(8),
                        service=service,
                        name=name.strip()[:100],
                        phone=phone,
                    )
            except IntegrityError:
                continue
    raise QueueError(_("Gagal membuat kode pemesanan; silakan coba lagi."))


def cancel_booking(booking: Booking) -> Booking:
    with transaction.atomic():
        booking = Booking.objects.select_for_update().get(pk=booking.pk)
        if booking.status != BookingStatus.BOOKED:
            raise ActionRefused(_("Pemesanan ini tidak bisa dibatalkan lagi."))
        booking.status = BookingStatus.CANCELLED
        booking.save(update_fields=["status"])
        BookingSlot.objects.filter(pk=booking.slot_id, booked__gt=0).update(booked=F("booked") - 1)
    return booking


def check_in(office, raw_code: str, *, actor=None, now=None) -> Ticket:
    """Turn a booking into a ticket. On time (up to the window's end plus the grace), the
    ticket goes ahead of walk-ins once the window begins; later, it joins the walk-in line."""
    now = now or timezone.now()
    code = codes.normalize(raw_code)
    if not codes.is_valid(code):
        raise QueueError(_("Kode pemesanan tidak sah. Periksa lagi hurufnya."))
    rules = queue_settings(office)
    with transaction.atomic():
        booking = (
            Booking.objects.select_for_update(of=("self",))
            .filter(office=office, code=code)
            .select_related("slot__group", "slot__office", "service")
            .first()
        )
        if booking is None:
            raise QueueError(_("Pemesanan dengan kode itu tidak ada di kantor ini."))
        if booking.status != BookingStatus.BOOKED:
            raise ActionRefused(
                _("Pemesanan ini berstatus %(status)s.") % {"status": booking.get_status_display()}
            )
        slot = booking.slot
        starts, ends = slot_window(slot)
        if local_date(now, office) != slot.day:
            raise QueueError(
                _("Jadwal Anda tanggal %(day)s; lapor hadir pada hari itu.")
                % {"day": slot.day.strftime("%d-%m-%Y")}
            )
        if now < starts - timedelta(minutes=rules.early_check_in_minutes):
            raise QueueError(
                _("Terlalu awal. Lapor hadir mulai pukul %(time)s.")
                % {
                    "time": (starts - timedelta(minutes=rules.early_check_in_minutes)).strftime(
                        "%H.%M"
                    )
                }
            )
        on_time = now <= ends + timedelta(minutes=rules.late_grace_minutes)
        ticket = issue_ticket(
            office,
            slot.group,
            source=Source.BOOKING,
            phone=booking.phone,
            service=booking.service,
            actor=actor,
            booking=booking,
            ahead_from=starts if on_time else None,
            note="" if on_time else _("Terlambat dari jadwal; masuk antrean biasa."),
            now=now,
        )
        booking.status = BookingStatus.CHECKED_IN
        booking.checked_in_at = now
        booking.save(update_fields=["status", "checked_in_at"])
    return ticket


# --- End of day ----------------------------------------------------------------------


def expire_stale(now=None) -> int:
    """Tickets still waiting or called after closing (or from earlier days) become no-shows;
    bookings of past days never checked in become missed. Returns the tickets expired."""
    now = now or timezone.now()
    expired = 0
    stale = (
        Ticket.objects.filter(status__in=(TicketStatus.WAITING, TicketStatus.CALLED))
        .select_related("office")
        .only("id", "day", "office")
    )
    closed: dict[tuple[int, object], bool] = {}
    for ticket in stale.iterator():
        key = (ticket.office_id, ticket.day)
        if key not in closed:
            closed[key] = _closed_for(ticket.office, ticket.day, now)
        if closed[key]:
            perform(ticket.id, Action.EXPIRE, now=now)
            expired += 1
    today = local_date(now)
    Booking.objects.filter(status=BookingStatus.BOOKED, slot__day__lt=today).update(
        status=BookingStatus.MISSED
    )
    return expired


def _closed_for(office, day, now) -> bool:
    today = local_date(now, office)
    if day < today:
        return True
    if day > today:
        return False
    periods = opening_periods(office, day)
    if not periods:
        return True
    zone = ZoneInfo(office_time_zone(office))
    return now >= datetime.combine(day, max(p[1] for p in periods), tzinfo=zone)
