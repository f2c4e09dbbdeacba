"""Staff pages of the queue: the office's line, the officer console per desk, statistics.

Offices, desks and tickets are found through `visible_to(user)` (404 outside the user's
jurisdiction); calling and serving is for members of that office (403 otherwise).
"""

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from balai.offices.models import Office
from balai.workdays.calendar import local_date
from balai.workspace.decorators import staff_required

from . import services
from .constants import AT_DESK_STATUSES, NEW_REQUEST_PATH, Action, Source, TicketStatus
from .forms import CheckInForm, TicketForm, TransferForm
from .models import Desk, ServiceGroup, Ticket
from .queries import desk_line, line_order
from .statistics import compute_day
from .workflow import DESK_ACTIONS

PAGE_SIZE = 25
CONSOLE_ACTIONS = {a for a in DESK_ACTIONS if a != Action.TRANSFER}


def visible_office(user, office_id) -> Office:
    return get_object_or_404(Office.objects.visible_to(user), pk=office_id)


def visible_desk(user, desk_id) -> Desk:
    return get_object_or_404(Desk.objects.visible_to(user).select_related("office"), pk=desk_id)


def operating_desk(user, desk_id) -> Desk:
    desk = visible_desk(user, desk_id)
    if not services.can_operate(user, desk.office):
        raise PermissionDenied(_("Hanya petugas kantor ini yang melayani antrean."))
    return desk


@staff_required
def home(request):
    """The offices the user may see, with how many desks each has."""
    offices = (
        Office.objects.visible_to(request.user)
        .annotate(desk_count=Count("desks", filter=Q(desks__active=True)))
        .order_by("region_id", "name", "id")
    )
    page = Paginator(offices, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "queues/home.html", {"page": page})


@staff_required
def office(request, office_id):
    office = visible_office(request.user, office_id)
    now = timezone.now()
    day = local_date(now, office)
    groups = list(ServiceGroup.objects.filter(office=office, active=True))
    desks = list(Desk.objects.filter(office=office, active=True).prefetch_related("groups"))
    at_desks = {
        t.desk_id: t
        for t in Ticket.objects.filter(office=office, day=day, status__in=AT_DESK_STATUSES)
    }
    for desk in desks:
        desk.current = at_desks.get(desk.id)
    waiting = line_order(
        Ticket.objects.filter(office=office, day=day, status=TicketStatus.WAITING).select_related(
            "group", "for_desk"
        ),
        now,
    )
    page = Paginator(waiting, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "queues/office.html",
        {
            "office": office,
            "desks": desks,
            "page": page,
            "ticket_form": TicketForm(groups=groups),
            "check_in_form": CheckInForm(),
            "can_operate": services.can_operate(request.user, office),
        },
    )


@staff_required
@require_POST
def issue(request, office_id):
    office = visible_office(request.user, office_id)
    if not services.can_operate(request.user, office):
        raise PermissionDenied
    groups = ServiceGroup.objects.filter(office=office, active=True)
    form = TicketForm(request.POST, groups=groups)
    if form.is_valid():
        try:
            ticket = services.issue_ticket(
                office,
                groups.get(pk=form.cleaned_data["group"]),
                source=Source.OFFICER,
                priority=form.cleaned_data["priority"] or "",
                phone=form.cleaned_data["phone"],
                actor=request.user,
            )
        except services.QueueError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Nomor %(label)s dibuat.") % {"label": ticket.label})
            return redirect("queues_public:print", code=ticket.code)
    else:
        messages.error(request, _("Pilih layanan dan periksa nomor HP."))
    return redirect("queues:office", office_id=office.id)


@staff_required
@require_POST
def check_in(request, office_id):
    office = visible_office(request.user, office_id)
    if not services.can_operate(request.user, office):
        raise PermissionDenied
    form = CheckInForm(request.POST)
    if form.is_valid():
        try:
            ticket = services.check_in(office, form.cleaned_data["code"], actor=request.user)
        except (services.QueueError, services.ActionRefused) as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Lapor hadir: nomor %(label)s.") % {"label": ticket.label})
            return redirect("queues_public:print", code=ticket.code)
    return redirect("queues:office", office_id=office.id)


@staff_required
def desk(request, desk_id):
    desk = visible_desk(request.user, desk_id)
    now = timezone.now()
    current = (
        Ticket.objects.filter(desk=desk, status__in=AT_DESK_STATUSES)
        .select_related("group", "service", "booking")
        .first()
    )
    request_links = []
    if current is not None:
        services_of_group = list(current.group.services.published().order_by("name"))
        if current.service_id:
            services_of_group.sort(key=lambda s: s.id != current.service_id)
        request_links = [(s, NEW_REQUEST_PATH.format(code=s.code)) for s in services_of_group]
    others = Desk.objects.filter(office=desk.office, active=True).exclude(pk=desk.pk)
    groups = ServiceGroup.objects.filter(office=desk.office, active=True)
    return render(
        request,
        "queues/desk.html",
        {
            "desk": desk,
            "current": current,
            "request_links": request_links,
            "transfer_form": TransferForm(desks=others, groups=groups),
            "waiting": desk_line(desk, now).count(),
            "max_calls": services.queue_settings(desk.office).max_calls,
            "can_operate": services.can_operate(request.user, desk.office),
        },
    )


@staff_required
@require_POST
def call_next(request, desk_id):
    desk = operating_desk(request.user, desk_id)
    try:
        ticket = services.call_next(desk, actor=request.user)
    except services.ActionRefused as error:
        messages.error(request, str(error))
    else:
        if ticket is None:
            messages.info(request, _("Tidak ada antrean menunggu untuk loket ini."))
        else:
            messages.success(request, _("Memanggil nomor %(label)s.") % {"label": ticket.label})
    return redirect("queues:desk", desk_id=desk.id)


@staff_required
@require_POST
def act(request, desk_id, ticket_id, action):
    desk = operating_desk(request.user, desk_id)
    ticket = get_object_or_404(Ticket.objects.visible_to(request.user), pk=ticket_id)
    if action not in CONSOLE_ACTIONS:
        raise PermissionDenied
    try:
        if action == Action.SKIP:
            ticket = services.skip(ticket.id, desk=desk, actor=request.user)
        else:
            ticket = services.perform(ticket.id, action, desk=desk, actor=request.user)
    except services.ActionRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Nomor %(label)s: %(status)s.")
            % {"label": ticket.label, "status": ticket.get_status_display()},
        )
    return redirect("queues:desk", desk_id=desk.id)


@staff_required
@require_POST
def transfer(request, desk_id, ticket_id):
    desk = operating_desk(request.user, desk_id)
    ticket = get_object_or_404(Ticket.objects.visible_to(request.user), pk=ticket_id)
    others = Desk.objects.filter(office=desk.office, active=True).exclude(pk=desk.pk)
    groups = ServiceGroup.objects.filter(office=desk.office, active=True)
    form = TransferForm(request.POST, desks=others, groups=groups)
    if not form.is_valid():
        messages.error(request, _("Pilih loket atau layanan tujuan."))
        return redirect("queues:desk", desk_id=desk.id)
    to_desk, to_group = form.cleaned_data["to_desk"], form.cleaned_data["to_group"]
    try:
        services.transfer(
            ticket.id,
            desk=desk,
            to_desk=others.get(pk=to_desk) if to_desk else None,
            to_group=groups.get(pk=to_group) if to_group else None,
            actor=request.user,
        )
    except (services.ActionRefused, services.QueueError) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Nomor %(label)s dialihkan.") % {"label": ticket.label})
    return redirect("queues:desk", desk_id=desk.id)


@staff_required
def statistics(request, office_id):
    office = visible_office(request.user, office_id)
    day = _day_from(request.GET.get("tanggal"), office)
    figures = compute_day(office, day)
    desks = Desk.objects.in_bulk([f.desk_id for f in figures if f.desk_id])
    groups = ServiceGroup.objects.in_bulk([f.group_id for f in figures if f.group_id])
    rows = []
    for f in figures:
        row = f.row(office, day, timezone.now())
        if f.desk_id:
            name = desks[f.desk_id].name
        elif f.group_id:
            name = str(groups[f.group_id])
        else:
            name = _("Seluruh kantor")
        rows.append((name, row))
    return render(request, "queues/statistics.html", {"office": office, "day": day, "rows": rows})


def _day_from(raw, office) -> date:
    try:
        return date.fromisoformat(raw) if raw else local_date(timezone.now(), office)
    except ValueError:
        return local_date(timezone.now(), office)
