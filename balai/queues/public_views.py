"""Public pages of the queue: the kiosk at the door, the printed ticket, the citizen's
ticket page, the display board and online booking. No sign-in; a ticket or booking is
reached only by its random code, and no page shows a name or a phone number."""

from datetime import timedelta

import segno
from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from balai.lib import codes
from balai.offices.models import Office
from balai.workdays.calendar import add_working_days, local_date

from . import services
from .constants import BOARD_POLL_SECONDS, BookingStatus, Source, TicketStatus
from .forms import BookingForm, CheckInForm, FindForm, TicketForm
from .models import Booking, BookingSlot, ServiceGroup, Ticket
from .queries import board_data, estimate_for, is_open, queue_settings

BOOKING_DAYS_AHEAD = 10


def public_office(office_id) -> Office:
    return get_object_or_404(Office.objects.active(), pk=office_id)


def ticket_by_code(code) -> Ticket:
    code = codes.normalize(code)
    if not codes.is_valid(code):
        raise Http404
    return get_object_or_404(Ticket.objects.select_related("office", "group", "desk"), code=code)


def qr_svg(url: str) -> str:
    return segno.make(url, error="m").svg_inline(scale=4, dark="#1c2430")


def kiosk(request, office_id):
    office = public_office(office_id)
    groups = list(
        ServiceGroup.objects.filter(office=office, active=True).prefetch_related("services")
    )
    form = TicketForm(request.POST or None, groups=groups)
    if request.method == "POST" and form.is_valid():
        group = next(g for g in groups if g.id == form.cleaned_data["group"])
        try:
            ticket = services.issue_ticket(
                office,
                group,
                source=Source.KIOSK,
                priority=form.cleaned_data["priority"] or "",
                phone=form.cleaned_data["phone"],
            )
        except services.QueueError as error:
            form.add_error(None, str(error))
        else:
            return redirect("queues_public:print", code=ticket.code)
    return render(
        request,
        "queues/kiosk.html",
        {
            "office": office,
            "groups": groups,
            "form": form,
            "check_in_form": CheckInForm(),
            "open": is_open(office),
        },
    )


@require_POST
def kiosk_check_in(request, office_id):
    office = public_office(office_id)
    form = CheckInForm(request.POST)
    if form.is_valid():
        try:
            ticket = services.check_in(office, form.cleaned_data["code"])
        except (services.QueueError, services.ActionRefused) as error:
            messages.error(request, str(error))
        else:
            return redirect("queues_public:print", code=ticket.code)
    return redirect("queues_public:kiosk", office_id=office.id)


def print_ticket(request, code):
    ticket = ticket_by_code(code)
    url = request.build_absolute_uri(reverse("queues_public:ticket", kwargs={"code": ticket.code}))
    return render(
        request,
        "queues/print.html",
        {"ticket": ticket, "qr": qr_svg(url), "url": url, "kiosk_back": request.GET.get("kios")},
    )


def ticket(request, code):
    ticket = ticket_by_code(code)
    estimate = estimate_for(ticket)
    nearly = (
        ticket.status == TicketStatus.WAITING
        and estimate.position < queue_settings(ticket.office).nearly_turn
    )
    return render(
        request,
        "queues/ticket.html",
        {"ticket": ticket, "estimate": estimate, "nearly": nearly, "refresh": 20},
    )


def board(request, office_id):
    office = public_office(office_id)
    return render(
        request,
        "queues/board.html",
        {"office": office, "board": board_data(office), "poll_seconds": BOARD_POLL_SECONDS},
    )


def board_json(request, office_id):
    office = public_office(office_id)
    return JsonResponse(board_dict(board_data(office)))


def board_dict(board) -> dict:
    return {
        "office_id": board.office_id,
        "office_name": board.office_name,
        "day": board.day.isoformat(),
        "open": board.open,
        "desks": [
            {"id": d.id, "name": d.name, "ticket": d.ticket, "status": d.status}
            for d in board.desks
        ],
        "next": board.next,
        "waiting": board.waiting,
    }


def book(request, office_id):
    """Choose a service group and a day, then a slot with free places."""
    office = public_office(office_id)
    groups = list(ServiceGroup.objects.filter(office=office, active=True, bookable=True))
    today = local_date(timezone.now(), office)
    days = _bookable_days(office, today)
    group = _chosen(groups, request.GET.get("layanan") or request.POST.get("layanan"))
    day = _chosen_day(days, request.GET.get("tanggal") or request.POST.get("tanggal"))
    slots = []
    if group and day:
        now = timezone.now()
        slots = [
            s
            for s in BookingSlot.objects.filter(group=group, day=day).select_related("office")
            if s.remaining and services.slot_window(s)[0] > now
        ]
    services_of_group = list(group.services.published().order_by("name")) if group else []
    form = BookingForm(request.POST or None, slots=slots, services=services_of_group)
    if request.method == "POST" and form.is_valid():
        slot = next(s for s in slots if s.id == form.cleaned_data["slot"])
        chosen_service = next(
            (s for s in services_of_group if s.id == form.cleaned_data["service"]), None
        )
        try:
            booking = services.book_slot(
                slot,
                service=chosen_service,
                name=form.cleaned_data["name"],
                phone=form.cleaned_data["phone"],
            )
        except services.QueueError as error:
            form.add_error(None, str(error))
        else:
            return redirect("queues_public:booking", code=booking.code)
    return render(
        request,
        "queues/book.html",
        {
            "office": office,
            "groups": groups,
            "group": group,
            "days": days,
            "day": day,
            "slots": slots,
            "form": form,
        },
    )


def _bookable_days(office, today):
    first = add_working_days(today, 0, office)
    days, day = [first], first
    while len(days) < BOOKING_DAYS_AHEAD:
        day = add_working_days(day, 1, office)
        days.append(day)
    return days


def _chosen(groups, raw):
    return next((g for g in groups if str(g.id) == (raw or "")), None)


def _chosen_day(days, raw):
    return next((d for d in days if d.isoformat() == (raw or "")), None)


def booking(request, code):
    code = codes.normalize(code)
    if not codes.is_valid(code):
        raise Http404
    found = get_object_or_404(
        Booking.objects.select_related("slot__group", "office", "service"), code=code
    )
    if request.method == "POST":
        try:
            services.cancel_booking(found)
        except services.ActionRefused as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Pemesanan dibatalkan."))
        return redirect("queues_public:booking", code=found.code)
    ticket = getattr(found, "ticket", None) if found.status == BookingStatus.CHECKED_IN else None
    starts, _ends = services.slot_window(found.slot)
    early = timedelta(minutes=queue_settings(found.office).early_check_in_minutes)
    return render(
        request,
        "queues/booking.html",
        {"booking": found, "ticket": ticket, "check_in_from": starts - early},
    )


def find(request):
    form = FindForm(request.GET or None)
    if form.is_valid():
        code = codes.normalize(form.cleaned_data["code"])
        if codes.is_valid(code):
            if Ticket.objects.filter(code=code).exists():
                return redirect("queues_public:ticket", code=code)
            if Booking.objects.filter(code=code).exists():
                return redirect("queues_public:booking", code=code)
        form.add_error("code", _("Kode tidak ditemukan. Periksa lagi hurufnya."))
    return render(request, "queues/find.html", {"form": form})
