"""Staff pages for service requests: the office inbox, intake for a citizen, the request page.

Every request is found through `ServiceRequest.objects.visible_to(user)` (404 otherwise);
every change goes through `services.file_request` or `services.perform`.
"""

import logging
from datetime import date
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from balai.catalog.constants import Channel
from balai.catalog.models import Service
from balai.lib import codes
from balai.offices.jurisdiction import jurisdiction_of
from balai.offices.models import Membership, Office
from balai.workspace.decorators import staff_required

from .constants import OPEN_STATUSES, Action, Alert, Status
from .deadlines import local_today
from .forms import ActionForm, InboxFilterForm, IntakeForm
from .models import RequestDocument, ServiceRequest
from .notify import track_url
from .services import ActionRefused, IntakeError, file_request, perform
from .workflow import STAFF_ROLES, allowed_actions

# Reading a resident's full record is logged (rule 6): who and which request, nothing personal.
access_log = logging.getLogger("balai.cases.access")

PAGE_SIZE = 25
# The PIN lives in the session only between the intake and its receipt page.
RECEIPT_PIN = "cases_receipt_pin"
ZONE_LABELS = {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}


# Offices and requests of the signed-in user -----------------------------------------------


def own_offices(user, roles=None) -> list[Office]:
    """The active offices the user belongs to (with one of `roles`, when given)."""
    memberships = Membership.objects.active().filter(user=user, office__active=True)
    if roles:
        memberships = memberships.filter(role__in=roles)
    return list(
        Office.objects.filter(pk__in=memberships.values("office_id"))
        .select_related("region")
        .order_by("name", "id")
    )


def chosen_office(request, offices):
    """The office picked with `?kantor=`, limited to the user's own; the first by default."""
    wanted = request.GET.get("kantor", "")
    if not wanted:
        return offices[0] if offices else None
    for office in offices:
        if str(office.pk) == wanted:
            return office
    raise Http404


def visible_request(user, code) -> ServiceRequest:
    """The request with this tracking code (dashes optional), or 404 outside `visible_to`."""
    return get_object_or_404(
        ServiceRequest.objects.visible_to(user).select_related(
            "service",
            "version",
            "village",
            "applicant_region",
            "origin_office",
            "current_office",
            "current_step",
        ),
        code=codes.normalize(code),
    )


# Inbox -----------------------------------------------------------------------------------


def overdue_q(today: date) -> Q:
    # A returned request waits for the applicant: its clock is stopped, so it is not late.
    return Q(current_due__lt=today) & ~Q(status=Status.RETURNED)


def deadline_marker(case, today: date):
    if case.status == Status.RETURNED or case.current_due is None:
        return None
    if case.current_due < today:
        return Alert.OVERDUE
    step_alert = case.current_step.alert if case.current_step else Alert.NONE
    if case.current_due == today or step_alert >= Alert.DUE_SOON:
        return Alert.DUE_SOON
    return None


def filtered(requests, filters: dict, today: date):
    if "status" in filters:
        requests = requests.filter(status=filters["status"])
    if "layanan" in filters:
        requests = requests.filter(service=filters["layanan"])
    if "kanal" in filters:
        requests = requests.filter(channel=filters["kanal"])
    if "desa" in filters:
        requests = requests.filter(village=filters["desa"])
    if filters.get("terlambat"):
        requests = requests.filter(overdue_q(today))
    return requests


def status_counts(requests, today: date) -> dict:
    """How many requests wait at the office in each status, in one query.

    `requests` are open ones only (`inbox`), so the largest group, in process, is the total
    minus the others: one filtered count fewer per row, which shows at 40,000 rows.
    """
    others = [status for status in OPEN_STATUSES if status != Status.IN_PROCESS]
    totals = requests.order_by().aggregate(
        total=Count("*"),
        **{status: Count("pk", filter=Q(status=status)) for status in others},
        terlambat=Count("pk", filter=overdue_q(today)),
    )
    totals[Status.IN_PROCESS] = totals["total"] - sum(totals[status] for status in others)
    return {
        "statuses": [(status, status.label, totals[status]) for status in OPEN_STATUSES],
        "overdue": totals["terlambat"],
        "total": totals["total"],
    }


def inbox_rows(requests):
    """Only the columns an inbox row shows, with its service, village and current step."""
    return requests.select_related("service", "village", "current_step").only(
        "id",
        "code",
        "status",
        "applicant_name",
        "applicant_nik",
        "current_due",
        "service__name",
        "village__name",
        "village__kind",
        "village__level",
        "current_step__position",
        "current_step__name",
        "current_step__alert",
    )


def keyset_start(query):
    """The (current_due, id) the previous page ended with, or None for the first page."""
    try:
        return date.fromisoformat(query["setelah_tanggal"]), int(query["setelah_id"])
    except (KeyError, ValueError):
        return None


@staff_required
def inbox(request):
    if request.GET.get("kode"):
        # "Open by tracking code": the request page itself decides whether it is visible.
        return redirect("cases:detail", code=codes.normalize(request.GET["kode"]) or "-")
    offices = own_offices(request.user, STAFF_ROLES)
    office = chosen_office(request, offices)
    if office is None:
        return render(request, "cases/no_office.html")
    form = InboxFilterForm(request.GET or None, office=office)
    today = local_today(office)
    waiting = ServiceRequest.objects.visible_to(request.user).inbox(office)
    rows = filtered(waiting, form.filters(), today)
    start = keyset_start(request.GET)
    if start:
        due, pk = start
        rows = rows.filter(Q(current_due__gt=due) | Q(current_due=due, id__gt=pk))
    page = list(inbox_rows(rows)[: PAGE_SIZE + 1])
    has_next, page = len(page) > PAGE_SIZE, page[:PAGE_SIZE]
    status_labels = {status: str(label) for status, label in Status.choices}
    for case in page:
        case.marker = deadline_marker(case, today)
        case.status_label = status_labels.get(case.status, case.status)
        # The filter's village list already holds the labels; str(region) is slow per row.
        case.village_label = form.village_labels.get(case.village_id) or str(case.village)
    query = request.GET.copy()
    for key in ("setelah_tanggal", "setelah_id"):
        query.pop(key, None)
    next_query = None
    if has_next:
        last = page[-1]
        next_query = query.copy()
        next_query["setelah_tanggal"] = last.current_due.isoformat()
        next_query["setelah_id"] = str(last.pk)
    context = {
        "office": office,
        "offices": offices,
        "form": form,
        "page": page,
        "counts": status_counts(waiting, today),
        "today": today,
        "first_query": query.urlencode() if start else None,
        "next_query": next_query.urlencode() if next_query else None,
        "Alert": Alert,
    }
    return render(request, "cases/inbox.html", context)


# Intake ----------------------------------------------------------------------------------


def assisted_services():
    return (
        Service.objects.published()
        .filter(current_version__via_assisted=True)
        .select_related("current_version")
        .order_by("name", "id")
    )


@staff_required
def new(request):
    offices = own_offices(request.user, STAFF_ROLES)
    office = chosen_office(request, offices)
    if office is None:
        return render(request, "cases/no_office.html")
    q = request.GET.get("q", "").strip()
    services = assisted_services()
    if q:
        services = services.filter(name__icontains=q)
    page = Paginator(services, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "office": office,
        "offices": offices,
        "q": q,
        "page": page,
        "query_string": query.urlencode(),
    }
    return render(request, "cases/new_choose.html", context)


@never_cache
@staff_required
def new_form(request, service_code):
    offices = own_offices(request.user, STAFF_ROLES)
    office = chosen_office(request, offices)
    if office is None:
        return render(request, "cases/no_office.html")
    service = get_object_or_404(assisted_services(), code=service_code)
    version = service.current_version
    arguments = {"version": version, "office": office, "user": request.user}
    if request.method != "POST":
        form = IntakeForm(**arguments)
    else:
        form = IntakeForm(request.POST, request.FILES, **arguments)
        if form.is_valid():
            try:
                filed = file_request(
                    service=service,
                    applicant=form.applicant(),
                    channel=Channel.ASSISTED,
                    actor=request.user,
                    origin_office=office,
                    checked_requirements=form.checked_requirements(),
                    uploads=form.uploads(),
                    # Scoped to the officer, so no one else's form can claim the key.
                    idempotency_key=f"kerja:{request.user.pk}:{form.cleaned_data['idempotency_key']}",
                )
            except IntakeError as error:
                form.add_error(None, error.messages)
            else:
                return after_intake(request, filed, form.nik_warnings)
    context = {"office": office, "offices": offices, "service": service, "form": form}
    return render(request, "cases/new_form.html", context, status=400 if form.errors else 200)


def after_intake(request, filed, nik_warnings):
    code = filed.request.code
    if filed.pin:
        request.session[RECEIPT_PIN] = {"code": code, "pin": filed.pin}
        messages.success(request, _("Permohonan diterima dan diajukan."))
    for warning in nik_warnings:
        messages.warning(request, _("Periksa kembali NIK: %(warning)s") % {"warning": warning})
    return redirect("cases:receipt", code=code)


@never_cache
@staff_required
def receipt(request, code):
    case = visible_request(request.user, code)
    pin = None
    stashed = request.session.get(RECEIPT_PIN)
    if stashed and stashed.get("code") == case.code:
        pin = stashed["pin"]
        del request.session[RECEIPT_PIN]
    context = {
        "case": case,
        "display_code": codes.display(case.code),
        "pin": pin,
        "track_url": track_url(case),
    }
    return render(request, "cases/receipt.html", context)


# Request page ----------------------------------------------------------------------------


def sees_personal_data(user, case, steps) -> bool:
    """Full NIK and phone only for staff of the offices the request passes through."""
    jurisdiction = jurisdiction_of(user)
    office_ids = {case.origin_office_id} | {step.office_id for step in steps}
    return any(jurisdiction.holds(office_id, *STAFF_ROLES) for office_id in office_ids)


def timeline(case):
    """The events, each with its time in the time zone of the office where it happened."""
    for event in case.events.select_related("actor", "office"):
        zone = (event.office or case.origin_office).timezone
        yield {
            "event": event,
            # Formatted here: the template's date filter would turn it back to the server's zone.
            "at": date_format(timezone.localtime(event.at, ZoneInfo(zone)), "j M Y H.i"),
            "zone": ZONE_LABELS.get(zone, zone),
            "label": event.get_action_display() if event.action else event.get_kind_display(),
        }


@never_cache
@staff_required
def detail(request, code):
    case = visible_request(request.user, code)
    steps = list(case.steps.select_related("office", "assignee"))
    full_record = sees_personal_data(request.user, case, steps)
    if full_record:
        access_log.info("user %s viewed the full record of request %s", request.user.pk, case.code)
    context = {
        "case": case,
        "display_code": codes.display(case.code),
        "steps": steps,
        "full_record": full_record,
        "checks": case.requirement_checks.select_related("requirement").order_by(
            "requirement__position", "requirement_id"
        ),
        "documents": case.documents.select_related("requirement"),
        "timeline": list(timeline(case)),
        "action_forms": [
            ActionForm(action=action, request_obj=case)
            for action in allowed_actions(case, request.user)
        ],
    }
    return render(request, "cases/detail.html", context)


@require_POST
@staff_required
def act(request, code):
    case = visible_request(request.user, code)
    action = request.POST.get("action", "")
    if action not in Action.values:
        messages.error(request, _("Tindakan tidak dikenal."))
        return redirect("cases:detail", code=case.code)
    form = ActionForm(request.POST, request.FILES, action=action, request_obj=case)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("cases:detail", code=case.code)
    try:
        perform(case, action, actor=request.user, **form.perform_arguments())
    except ActionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request,
            _("Tindakan “%(action)s” berhasil dicatat untuk permohonan %(code)s.")
            % {"action": Action(action).label, "code": codes.display(case.code)},
        )
    return redirect("cases:detail", code=case.code)


@staff_required
def document(request, code, pk):
    case = visible_request(request.user, code)
    stored = get_object_or_404(RequestDocument, request=case, pk=pk)
    access_log.info(
        "user %s downloaded document %s of request %s", request.user.pk, stored.pk, case.code
    )
    response = FileResponse(
        stored.file.open("rb"),
        as_attachment=True,
        filename=stored.original_name,
        content_type=stored.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
