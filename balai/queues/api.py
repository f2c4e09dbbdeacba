"""Queue API: the board's data, taking a number, following a ticket, booking a slot
(public, by random code), and the officer's actions (staff token or session).

Mounted at the API's root, so its paths read `/offices/{office_id}/queue`,
`/tickets/{code}`, `/desks/{desk_id}/call-next`…
"""

from datetime import date
from enum import StrEnum

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from balai.accounts.auth import staff_auth
from balai.api.errors import ConflictError
from balai.lib import codes
from balai.offices.models import Office
from balai.workdays.calendar import local_date

from . import services
from .constants import Action, Priority, Source
from .models import Booking, BookingSlot, Desk, ServiceGroup, Ticket
from .public_views import board_dict
from .queries import board_data, estimate_for
from .statistics import compute_day

router = Router(tags=["antrean"])


class DeskOut(Schema):
    id: int
    name: str
    ticket: str
    status: str


class BoardOut(Schema):
    office_id: int
    office_name: str
    day: date
    open: bool
    desks: list[DeskOut]
    next: list[str]
    waiting: int


class TicketIn(Schema):
    group_id: int
    priority: Priority = Priority.NONE
    phone: str = ""
    service_code: str = ""


class TicketOut(Schema):
    code: str
    label: str
    office_id: int
    group: str
    status: str
    status_label: str
    priority: str
    desk: str
    position: int
    estimated_minutes: int
    estimate_basis: str


class BookingIn(Schema):
    slot_id: int
    service_code: str = ""
    name: str = ""
    phone: str = ""


class BookingOut(Schema):
    code: str
    office_id: int
    group: str
    day: date
    starts: str
    ends: str
    status: str
    ticket_code: str | None = None


class SlotOut(Schema):
    id: int
    group_id: int
    day: date
    starts: str
    ends: str
    capacity: int
    remaining: int


class CheckInIn(Schema):
    code: str


class TransferIn(Schema):
    to_desk_id: int | None = None
    to_group_id: int | None = None


class DeskAction(StrEnum):
    RECALL = Action.RECALL.value
    SKIP = Action.SKIP.value
    START = Action.START.value
    FINISH = Action.FINISH.value


class StatOut(Schema):
    scope: str
    key: str
    desk_id: int | None
    group_id: int | None
    tickets: int
    served: int
    no_shows: int
    cancelled: int
    priority: int
    wait_mean_seconds: float | None
    wait_p90_seconds: float | None
    service_mean_seconds: float | None
    service_p90_seconds: float | None
    bookings: int
    bookings_kept: int


class Message(Schema):
    detail: str


def ticket_out(ticket: Ticket) -> dict:
    estimate = estimate_for(ticket)
    basis = (
        _("rata-rata %(n)s pelayanan terakhir") % {"n": estimate.sample}
        if estimate.sample
        else _("nilai bawaan %(m)s menit per orang") % {"m": estimate.minutes_per_ticket}
    )
    return {
        "code": ticket.code,
        "label": ticket.label,
        "office_id": ticket.office_id,
        "group": ticket.group.name,
        "status": ticket.status,
        "status_label": str(ticket.get_status_display()),
        "priority": ticket.priority,
        "desk": ticket.desk.name if ticket.desk_id else "",
        "position": estimate.position,
        "estimated_minutes": estimate.minutes,
        "estimate_basis": basis,
    }


def booking_out(booking: Booking) -> dict:
    ticket = getattr(booking, "ticket", None)
    return {
        "code": booking.code,
        "office_id": booking.office_id,
        "group": booking.slot.group.name,
        "day": booking.slot.day,
        "starts": booking.slot.starts.strftime("%H:%M"),
        "ends": booking.slot.ends.strftime("%H:%M"),
        "status": booking.status,
        "ticket_code": ticket.code if ticket else None,
    }


def active_office(office_id: int) -> Office:
    return get_object_or_404(Office.objects.active(), pk=office_id)


def valid_code(raw: str) -> str:
    code = codes.normalize(raw)
    if not codes.is_valid(code):
        raise HttpError(404, _("Kode tidak ditemukan."))
    return code


def refused(error: Exception):
    if isinstance(error, services.ActionRefused):
        return ConflictError(str(error))
    return HttpError(400, str(error))


# --- Public ----------------------------------------------------------------------------


@router.get("/offices/{office_id}/queue", response=BoardOut, summary="Data layar antrean kantor")
def office_queue(request, office_id: int):
    return board_dict(board_data(active_office(office_id)))


@router.post(
    "/offices/{office_id}/tickets",
    response={201: TicketOut, 400: Message},
    summary="Ambil nomor antrean",
)
def take_ticket(request, office_id: int, payload: TicketIn):
    office = active_office(office_id)
    group = get_object_or_404(ServiceGroup, pk=payload.group_id, office=office, active=True)
    service = (
        group.services.filter(code=payload.service_code).first() if payload.service_code else None
    )
    if payload.service_code and service is None:
        raise HttpError(400, _("Layanan ini tidak termasuk kelompok antrean yang dipilih."))
    try:
        ticket = services.issue_ticket(
            office,
            group,
            source=Source.API,
            priority=payload.priority,
            phone=payload.phone,
            service=service,
        )
    except services.QueueError as error:
        raise refused(error) from None
    return Status(201, ticket_out(ticket))


@router.get("/tickets/{code}", response=TicketOut, summary="Posisi dan perkiraan waktu tiket")
def ticket_status(request, code: str):
    ticket = get_object_or_404(
        Ticket.objects.select_related("group", "desk"), code=valid_code(code)
    )
    return ticket_out(ticket)


@router.get(
    "/offices/{office_id}/slots", response=list[SlotOut], summary="Jadwal yang bisa dipesan"
)
def slots(request, office_id: int, day: date, group_id: int | None = None):
    office = active_office(office_id)
    rows = BookingSlot.objects.filter(
        office=office, day=day, group__bookable=True, group__active=True
    )
    if group_id:
        rows = rows.filter(group_id=group_id)
    return [
        {
            "id": s.id,
            "group_id": s.group_id,
            "day": s.day,
            "starts": s.starts.strftime("%H:%M"),
            "ends": s.ends.strftime("%H:%M"),
            "capacity": s.capacity,
            "remaining": s.remaining,
        }
        for s in rows.order_by("starts", "group_id")
    ]


@router.post(
    "/offices/{office_id}/bookings",
    response={201: BookingOut, 400: Message, 409: Message},
    summary="Pesan jadwal",
)
def book(request, office_id: int, payload: BookingIn):
    office = active_office(office_id)
    slot = get_object_or_404(
        BookingSlot.objects.select_related("group", "office"), pk=payload.slot_id, office=office
    )
    service = (
        slot.group.services.filter(code=payload.service_code).first()
        if payload.service_code
        else None
    )
    try:
        booking = services.book_slot(slot, service=service, name=payload.name, phone=payload.phone)
    except services.SlotFull as error:
        raise ConflictError(str(error)) from None
    except services.QueueError as error:
        raise refused(error) from None
    return Status(201, booking_out(booking))


@router.get("/bookings/{code}", response=BookingOut, summary="Status pemesanan")
def booking_status(request, code: str):
    return booking_out(
        get_object_or_404(Booking.objects.select_related("slot__group"), code=valid_code(code))
    )


@router.post(
    "/bookings/{code}/cancel",
    response={200: BookingOut, 409: Message},
    summary="Batalkan pemesanan",
)
def cancel_booking(request, code: str):
    booking = get_object_or_404(
        Booking.objects.select_related("slot__group"), code=valid_code(code)
    )
    try:
        booking = services.cancel_booking(booking)
    except services.ActionRefused as error:
        raise ConflictError(str(error)) from None
    return booking_out(Booking.objects.select_related("slot__group").get(pk=booking.pk))


# --- Staff -----------------------------------------------------------------------------


def operating_desk(request, desk_id: int) -> Desk:
    desk = get_object_or_404(
        Desk.objects.visible_to(request.user).select_related("office"), pk=desk_id
    )
    if not services.can_operate(request.user, desk.office):
        raise HttpError(403, _("Hanya petugas kantor ini yang melayani antrean."))
    return desk


def staff_office(request, office_id: int) -> Office:
    return get_object_or_404(Office.objects.visible_to(request.user), pk=office_id)


@router.post(
    "/desks/{desk_id}/call-next",
    auth=staff_auth,
    response={200: TicketOut, 204: None, 409: Message},
    summary="Panggil nomor berikutnya",
)
def call_next(request, desk_id: int):
    desk = operating_desk(request, desk_id)
    try:
        ticket = services.call_next(desk, actor=request.user)
    except services.ActionRefused as error:
        raise ConflictError(str(error)) from None
    if ticket is None:
        return Status(204, None)
    return ticket_out(Ticket.objects.select_related("group", "desk").get(pk=ticket.pk))


@router.post(
    "/desks/{desk_id}/tickets/{ticket_id}/transfer",
    auth=staff_auth,
    response={200: TicketOut, 400: Message, 409: Message},
    summary="Alihkan tiket ke loket atau layanan lain",
)
def transfer(request, desk_id: int, ticket_id: int, payload: TransferIn | None = None):
    desk = operating_desk(request, desk_id)
    ticket = get_object_or_404(Ticket.objects.visible_to(request.user), pk=ticket_id)
    payload = payload or TransferIn()
    to_desk = (
        get_object_or_404(Desk, pk=payload.to_desk_id, office=desk.office)
        if payload.to_desk_id
        else None
    )
    to_group = (
        get_object_or_404(ServiceGroup, pk=payload.to_group_id, office=desk.office)
        if payload.to_group_id
        else None
    )
    try:
        services.transfer(
            ticket.id, desk=desk, to_desk=to_desk, to_group=to_group, actor=request.user
        )
    except (services.ActionRefused, services.QueueError) as error:
        raise refused(error) from None
    return ticket_out(Ticket.objects.select_related("group", "desk").get(pk=ticket.pk))


@router.post(
    "/desks/{desk_id}/tickets/{ticket_id}/{action}",
    auth=staff_auth,
    response={200: TicketOut, 409: Message},
    summary="Panggil ulang, lewati, mulai layani atau selesaikan tiket",
)
def act(request, desk_id: int, ticket_id: int, action: DeskAction):
    desk = operating_desk(request, desk_id)
    ticket = get_object_or_404(Ticket.objects.visible_to(request.user), pk=ticket_id)
    try:
        if action == DeskAction.SKIP:
            services.skip(ticket.id, desk=desk, actor=request.user)
        else:
            services.perform(ticket.id, action.value, desk=desk, actor=request.user)
    except services.ActionRefused as error:
        raise ConflictError(str(error)) from None
    return ticket_out(Ticket.objects.select_related("group", "desk").get(pk=ticket.pk))


@router.post(
    "/offices/{office_id}/check-ins",
    auth=staff_auth,
    response={201: TicketOut, 400: Message, 409: Message},
    summary="Lapor hadir pemesanan di loket",
)
def check_in(request, office_id: int, payload: CheckInIn | None = None):
    office = staff_office(request, office_id)
    if not services.can_operate(request.user, office):
        raise HttpError(403, _("Hanya petugas kantor ini yang melayani antrean."))
    try:
        ticket = services.check_in(office, payload.code if payload else "", actor=request.user)
    except (services.ActionRefused, services.QueueError) as error:
        raise refused(error) from None
    return Status(201, ticket_out(Ticket.objects.select_related("group", "desk").get(pk=ticket.pk)))


@router.get(
    "/offices/{office_id}/queue-stats",
    auth=staff_auth,
    response=list[StatOut],
    summary="Statistik antrean harian kantor, loket dan layanan",
)
def queue_stats(request, office_id: int, day: date | None = None):
    office = staff_office(request, office_id)
    day = day or local_date(timezone.now(), office)
    now = timezone.now()
    return [figures.row(office, day, now) for figures in compute_day(office, day)]
