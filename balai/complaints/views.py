"""Staff pages for complaints: the worklist, intake for a citizen, the complaint page with its
actions, photos, and field visits from a phone.

Every complaint is found through `Complaint.objects.visible_to(user)` (404 otherwise);
every change goes through `services`. An anonymous reporter's identity is shown only where
`can_see_reporter` says so, and never in a list.
"""

import logging
from datetime import date

from django.contrib import messages
from django.db.models import Count, F, Q
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from balai.lib import codes
from balai.offices.constants import Role
from balai.offices.jurisdiction import jurisdiction_of
from balai.offices.models import Membership, Office
from balai.regions.constants import Level as RegionLevel
from balai.regions.models import Region
from balai.workspace.decorators import staff_required

from .constants import OPEN_STATUSES, Action, Level, Status, VisitStatus
from .forms import (
    ALL,
    ActionForm,
    ArrivalForm,
    OfficerComplaintForm,
    PlanVisitForm,
    PrivacyForm,
    VisitResultForm,
    WorklistFilterForm,
    hotline_first,
)
from .models import HANDLER_ROLES, Category, Complaint, FieldVisit
from .public_forms import village_label, village_matches
from .services import (
    ActionRefused,
    IntakeError,
    Reporter,
    can_see_reporter,
    complete_visit,
    file_complaint,
    likely_duplicates,
    perform,
    plan_visit,
    record_arrival,
    set_privacy,
)
from .workflow import TRANSITIONS, Actor, allowed_actions, is_handler

access_log = logging.getLogger("balai.complaints.access")

PAGE_SIZE = 25
RECEIPT_PIN = "complaints_receipt_pin"
# Actions a handler fires from the complaint page (the others belong to the reporter or the clock).
HANDLER_ACTIONS = [a for a, t in TRANSITIONS.items() if Actor.HANDLER in t.actors]


def visible_complaint(user, code) -> Complaint:
    return get_object_or_404(
        Complaint.objects.visible_to(user).select_related(
            "category",
            "region",
            "village",
            "office",
            "verifying_office",
            "unit",
            "assignee",
            "merged_into",
        ),
        code=codes.normalize(code),
    )


# Worklist ---------------------------------------------------------------------------------


def own_desk_names(user) -> list[str]:
    """The offices whose complaints make up the user's default worklist."""
    offices = {
        office for office, role in jurisdiction_of(user).office_roles if role in HANDLER_ROLES
    }
    return list(
        Office.objects.filter(pk__in=offices).order_by("name").values_list("name", flat=True)
    )


def handled_q(user) -> Q:
    """Complaints at the user's own desk: their offices, their RT/RW, or assigned to them."""
    jurisdiction = jurisdiction_of(user)
    offices = {office for office, role in jurisdiction.office_roles if role in HANDLER_ROLES}
    handled = Q(office_id__in=offices) | Q(assignee=user)
    if Role.NEIGHBOURHOOD_HEAD in jurisdiction.roles:
        units = Membership.objects.active().filter(user=user, role=Role.NEIGHBOURHOOD_HEAD)
        for unit in units.values_list("region_id", flat=True):
            handled |= Q(unit_id=unit) | Q(unit__code__startswith=unit + ".")
    return handled


def filtered(complaints, filters: dict, today: date):
    status = filters.get("status")
    if status != ALL:
        complaints = complaints.filter(status=status) if status else complaints.open()
    if "kategori" in filters:
        complaints = complaints.filter(category=filters["kategori"])
    if "tingkat" in filters:
        complaints = complaints.filter(level=filters["tingkat"])
    if "desa" in filters:
        complaints = complaints.filter(village_id=filters["desa"].strip())
    if filters.get("terlambat"):
        complaints = complaints.filter(limit_due__lt=today).exclude(limit="")
    return complaints


def status_counts(complaints) -> list:
    """(status, label, number) for every open status; `complaints` should be open ones only,
    so the partial index on open complaints is read rather than every closed one."""
    totals = complaints.order_by().aggregate(
        **{status: Count("pk", filter=Q(status=status)) for status in OPEN_STATUSES}
    )
    return [(status, str(status.label), totals[status]) for status in OPEN_STATUSES]


def keyset_after(complaints, query):
    """Rows after the (limit_due, id) where the previous page ended; no limit sorts last."""
    try:
        last_id = int(query["setelah_id"])
    except (KeyError, ValueError):
        return complaints, False
    raw_due = query.get("setelah_tanggal", "")
    if not raw_due:
        return complaints.filter(limit_due__isnull=True, id__gt=last_id), True
    try:
        due = date.fromisoformat(raw_due)
    except ValueError:
        return complaints, False
    return complaints.filter(
        Q(limit_due__gt=due) | Q(limit_due=due, id__gt=last_id) | Q(limit_due__isnull=True)
    ), True


WORKLIST_COLUMNS = (
    "id",
    "code",
    "title",
    "status",
    "level",
    "limit",
    "limit_due",
    "anonymous",
    "reporter_name",
    "category__name",
    "village__name",
    "unit__name",
    "unit__kind",
)


def worklist_rows(complaints):
    """Plain rows of the shown columns, in the order of the limits (none last)."""
    return complaints.order_by(F("limit_due").asc(nulls_last=True), "id").values(*WORKLIST_COLUMNS)


def labelled(rows, today: date) -> list[dict]:
    """The page's rows with their labels, each label translated once per page: read from a
    model instance (`get_status_display`), every label costs translation look-ups per row."""
    statuses = {status: str(label) for status, label in Status.choices}
    levels = {level: str(label) for level, label in Level.choices}
    kinds = {key: str(label) for key, label in Region._meta.get_field("kind").flatchoices}
    dates = {}
    for row in rows:
        due = row["limit_due"]
        if due is not None and due not in dates:
            dates[due] = date_format(due, "j M Y")
        row["url"] = reverse("complaints:detail", args=[row["code"]])
        row["status_label"] = statuses.get(row["status"], row["status"])
        row["level_label"] = levels.get(row["level"], row["level"])
        row["unit_label"] = (
            f"{kinds.get(row['unit__kind'], row['unit__kind'])} {row['unit__name']}"
            if row["unit__name"]
            else ""
        )
        row["due_label"] = dates.get(due, "")
        row["overdue"] = bool(row["limit"] and due and due < today)
    return rows


@staff_required
def worklist(request):
    if request.GET.get("kode"):
        return redirect("complaints:detail", code=codes.normalize(request.GET["kode"]) or "-")
    form = WorklistFilterForm(request.GET or None)
    filters = form.filters()
    today = timezone.localdate()
    visible = Complaint.objects.visible_to(request.user)
    if filters.get("cakupan") != ALL:
        visible = visible.filter(handled_q(request.user))
    rows, paged = keyset_after(filtered(visible, filters, today), request.GET)
    page = list(worklist_rows(rows)[: PAGE_SIZE + 1])
    has_next, page = len(page) > PAGE_SIZE, labelled(page[:PAGE_SIZE], today)
    query = request.GET.copy()
    for key in ("setelah_tanggal", "setelah_id"):
        query.pop(key, None)
    next_query = None
    if has_next:
        last = page[-1]
        next_query = query.copy()
        next_query["setelah_tanggal"] = last["limit_due"].isoformat() if last["limit_due"] else ""
        next_query["setelah_id"] = str(last["id"])
    context = {
        "form": form,
        "page": page,
        "desks": own_desk_names(request.user),
        "counts": status_counts(visible.open()),
        "first_query": query.urlencode() if paged else None,
        "next_query": next_query.urlencode() if next_query else None,
    }
    return render(request, "complaints/list.html", context)


# Intake -----------------------------------------------------------------------------------


def _chosen_village(code):
    if not code:
        return None
    return (
        Region.objects.active()
        .filter(code=code, level=RegionLevel.VILLAGE)
        .select_related("parent__parent")
        .first()
    )


@never_cache
@staff_required
def new(request):
    data = request.POST if request.method == "POST" else request.GET
    village = _chosen_village(data.get("desa", ""))
    if village is None:
        query = data.get("q", "").strip()
        matches = village_matches(query) if query else []
        context = {"q": query, "matches": [(v, village_label(v)) for v in matches]}
        return render(request, "complaints/new_village.html", context)
    channel = data.get("channel") or data.get("kanal") or ""
    categories = hotline_first(Category.objects.filter(active=True), channel)
    arguments = {"village": village, "categories": categories}
    duplicates = []
    if request.method == "POST":
        form = OfficerComplaintForm(request.POST, request.FILES, **arguments)
        if form.is_valid():
            duplicates = form.unseen_duplicates()
            if not duplicates:
                response = _file_for_citizen(request, form)
                if response is not None:
                    return response
    else:
        form = OfficerComplaintForm(initial={"channel": channel or None}, **arguments)
    context = {
        "village": village,
        "village_label": village_label(village),
        "form": form,
        "duplicates": duplicates,
    }
    return render(request, "complaints/new.html", context, status=400 if form.errors else 200)


def _file_for_citizen(request, form):
    data = form.cleaned_data
    try:
        filed = file_complaint(
            category=data["category"],
            title=data["title"],
            text=data["text"],
            region=form.location,
            channel=data["channel"],
            reporter=Reporter(
                name=data["name"],
                phone=data["phone"],
                email=data["email"],
                anonymous=data["anonymous"],
            ),
            confidential=data["confidential"],
            address=data["address"],
            latitude=data.get("latitude"),
            longitude=data.get("longitude"),
            photos=data["photos"],
            actor=request.user,
        )
    except IntakeError as error:
        form.add_error(None, error.messages)
        return None
    request.session[RECEIPT_PIN] = {"code": filed.complaint.code, "pin": filed.pin}
    messages.success(
        request,
        _("Pengaduan diterima dan diteruskan ke %(office)s.")
        % {"office": filed.complaint.office.name},
    )
    return redirect("complaints:detail", code=filed.complaint.code)


# The complaint page -----------------------------------------------------------------------


def sees_full_contact(user, complaint) -> bool:
    """The full phone number only for handlers of the verifying office."""
    return jurisdiction_of(user).holds(complaint.verifying_office_id, *HANDLER_ROLES)


def action_forms(complaint, user):
    return [
        ActionForm(action=action, complaint=complaint)
        for action in allowed_actions(complaint, user)
        if action in HANDLER_ACTIONS
    ]


def _visible_duplicates(complaint, user):
    if not complaint.is_open:
        return []
    found = likely_duplicates(
        complaint.category,
        complaint.region,
        complaint.title + " " + complaint.text,
        complaint.latitude,
        complaint.longitude,
        exclude=complaint,
    )
    visible = set(
        Complaint.objects.visible_to(user)
        .filter(pk__in=[c.pk for c in found])
        .values_list("pk", flat=True)
    )
    return [c for c in found if c.pk in visible]


@never_cache
@staff_required
def detail(request, code):
    complaint = visible_complaint(request.user, code)
    handler = is_handler(complaint, request.user)
    show_reporter = can_see_reporter(complaint, request.user)
    if show_reporter and complaint.anonymous:
        access_log.info(
            "user %s viewed the anonymous reporter of %s", request.user.pk, complaint.code
        )
    pin = None
    stashed = request.session.get(RECEIPT_PIN)
    if stashed and stashed.get("code") == complaint.code:
        pin = request.session.pop(RECEIPT_PIN)["pin"]
    forms = action_forms(complaint, request.user)
    context = {
        "complaint": complaint,
        "code_display": codes.display(complaint.code),
        "pin": pin,
        "handler": handler,
        "show_reporter": show_reporter,
        "full_contact": show_reporter and sees_full_contact(request.user, complaint),
        "photos": list(complaint.photos.filter(visit__isnull=True)),
        "events": list(complaint.events.select_related("actor", "office")),
        "visits": list(complaint.visits.select_related("assignee").prefetch_related("photos")),
        "duplicates": _visible_duplicates(complaint, request.user) if handler else [],
        "action_forms": forms,
        "can_merge": any(f.action == Action.MERGE for f in forms),
        "privacy_form": PrivacyForm(
            initial={"anonymous": complaint.anonymous, "confidential": complaint.confidential}
        ),
        "visit_form": PlanVisitForm(complaint=complaint) if handler else None,
        "can_plan_visit": handler
        and complaint.status in (Status.ACCEPTED, Status.ASSIGNED, Status.IN_PROGRESS),
    }
    return render(request, "complaints/detail.html", context)


@require_POST
@staff_required
def act(request, code):
    complaint = visible_complaint(request.user, code)
    action = request.POST.get("action", "")
    if action not in HANDLER_ACTIONS:
        messages.error(request, _("Tindakan tidak dikenal."))
        return redirect("complaints:detail", code=complaint.code)
    form = ActionForm(request.POST, action=action, complaint=complaint)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("complaints:detail", code=complaint.code)
    arguments = form.perform_arguments()
    try:
        if action == Action.MERGE:
            arguments["into"] = _merge_target(request.user, form.cleaned_data["into"])
        perform(complaint, action, actor=request.user, **arguments)
    except ActionRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request,
            _("Tindakan “%(action)s” dicatat untuk pengaduan %(code)s.")
            % {"action": Action(action).label, "code": codes.display(complaint.code)},
        )
    return redirect("complaints:detail", code=complaint.code)


def _merge_target(user, raw_code):
    target = Complaint.objects.visible_to(user).filter(code=codes.normalize(raw_code)).first()
    if target is None:
        raise ActionRefused(_("Pengaduan tujuan tidak ditemukan."))
    return target


@require_POST
@staff_required
def privacy(request, code):
    complaint = visible_complaint(request.user, code)
    form = PrivacyForm(request.POST)
    form.is_valid()
    try:
        set_privacy(
            complaint,
            request.user,
            anonymous=form.cleaned_data.get("anonymous"),
            confidential=form.cleaned_data.get("confidential"),
        )
    except ActionRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("Pengaturan kerahasiaan disimpan."))
    return redirect("complaints:detail", code=complaint.code)


@staff_required
def photo(request, code, pk):
    complaint = visible_complaint(request.user, code)
    stored = get_object_or_404(complaint.photos, pk=pk)
    response = FileResponse(stored.file.open("rb"), content_type=stored.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


# Field visits -----------------------------------------------------------------------------


@require_POST
@staff_required
def plan(request, code):
    complaint = visible_complaint(request.user, code)
    form = PlanVisitForm(request.POST, complaint=complaint)
    if not form.is_valid():
        messages.error(request, _("Pilih petugas dan tanggal kunjungan."))
        return redirect("complaints:detail", code=complaint.code)
    try:
        plan_visit(
            complaint, request.user, form.cleaned_data["assignee"], form.cleaned_data["due_date"]
        )
    except ActionRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("Kunjungan lapangan direncanakan."))
    return redirect("complaints:detail", code=complaint.code)


def visible_visits(user):
    return FieldVisit.objects.filter(complaint__in=Complaint.objects.visible_to(user))


@staff_required
def visits(request):
    planned = (
        visible_visits(request.user)
        .filter(assignee=request.user, status=VisitStatus.PLANNED)
        .select_related("complaint__village", "complaint__unit")
        .order_by("due_date", "id")[:100]
    )
    return render(request, "complaints/visits.html", {"visits": list(planned)})


@never_cache
@staff_required
def visit(request, pk):
    found = get_object_or_404(
        visible_visits(request.user).select_related(
            "complaint__village", "complaint__unit", "complaint__category", "assignee"
        ),
        pk=pk,
    )
    arrival_form, result_form = ArrivalForm(), VisitResultForm()
    if request.method == "POST":
        step = request.POST.get("langkah")
        try:
            if step == "tiba":
                arrival_form = ArrivalForm(request.POST)
                if not arrival_form.is_valid():
                    raise ActionRefused(" ".join(arrival_form.non_field_errors()))
                data = arrival_form.cleaned_data
                record_arrival(found, request.user, data["latitude"], data["longitude"])
                messages.success(request, _("Kedatangan dicatat."))
            elif step == "hasil":
                result_form = VisitResultForm(request.POST, request.FILES)
                if not result_form.is_valid():
                    raise ActionRefused(
                        " ".join(m for errors in result_form.errors.values() for m in errors)
                    )
                data = result_form.cleaned_data
                complete_visit(found, request.user, data["notes"], photos=data["photos"])
                messages.success(request, _("Hasil kunjungan disimpan."))
            else:
                raise ActionRefused(_("Tindakan tidak dikenal."))
        except ActionRefused as refused:
            messages.error(request, str(refused))
        else:
            return redirect("complaints:visit", pk=found.pk)
    context = {
        "visit": found,
        "complaint": found.complaint,
        "mine": found.assignee_id == request.user.pk,
        "arrival_form": arrival_form,
        "result_form": result_form,
    }
    return render(request, "complaints/visit.html", context)
