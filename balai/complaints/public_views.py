"""Public complaint pages: what to report, the report form, tracking, and a village's list.

Nothing personal is shown without the PIN, and a confidential complaint's content never
appears on a public page: only its status and dates. The PIN is never stored; a proven
code keeps the complaint's PIN hash in the session, which stops working when it changes.
"""

from decimal import Decimal

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from balai.lib import codes
from balai.lib.pinguard import MAX_PIN_FAILURES, PinGuard
from balai.regions.constants import Level as RegionLevel
from balai.regions.models import Region

from .constants import Action, IntakeChannel, Status
from .models import Complaint
from .public_forms import (
    ComplaintForm,
    PinForm,
    ReopenForm,
    TrackForm,
    village_label,
    village_matches,
)
from .services import (
    ActionRefused,
    IntakeError,
    Reporter,
    check_pin,
    file_complaint,
    perform,
)
from .workflow import allowed_actions

FILED = "complaints_filed"
PAGE_SIZE = 25
MAP_POINTS = 500
# Actions whose event may be shown to the public, with plain words.
# The intake is the event without action and without a previous status; other events
# without action (privacy, visit planning) are internal.
INTAKE = ""
PUBLIC_EVENT_TEXT = {
    INTAKE: gettext_lazy("Laporan diterima"),
    Action.ACCEPT: gettext_lazy("Laporan diverifikasi dan diterima"),
    Action.HOLD: gettext_lazy("Laporan ditunda"),
    Action.FORWARD: gettext_lazy("Diteruskan ke kantor yang berwenang"),
    Action.ARCHIVE: gettext_lazy("Laporan diarsipkan"),
    Action.ASSIGN: gettext_lazy("Petugas ditugaskan"),
    Action.FOLLOW_UP: gettext_lazy("Tindak lanjut dirumuskan"),
    Action.RESOLVE: gettext_lazy("Dinyatakan selesai ditangani"),
    Action.CONFIRM: gettext_lazy("Pelapor mengonfirmasi selesai"),
    Action.REOPEN: gettext_lazy("Pelapor membuka kembali laporan"),
    Action.REROUTE: gettext_lazy("Penanganan dialihkan"),
    Action.MERGE: gettext_lazy("Digabung dengan laporan lain"),
    Action.ESCALATE: gettext_lazy("Dinaikkan ke tingkat atas karena batas waktu terlewati"),
    Action.CLOSE: gettext_lazy("Ditutup karena pelapor tidak menanggapi"),
}


# Home -------------------------------------------------------------------------------------


def home(request):
    form = TrackForm(request.GET if "code" in request.GET else None)
    if form.is_bound and form.is_valid():
        return redirect("complaints_public:track", code=form.cleaned_data["code"])
    return render(request, "complaints/public/home.html", {"form": form})


# Filing -----------------------------------------------------------------------------------


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
def new(request):
    data = request.POST if request.method == "POST" else request.GET
    village = _chosen_village(data.get("desa", ""))
    query = data.get("q", "").strip()
    if village is None:
        matches = village_matches(query) if query else []
        context = {
            "q": query,
            "matches": [(v, village_label(v)) for v in matches],
            # The same search finds a village's public list.
            "listing": data.get("daftar") == "1",
        }
        return render(request, "complaints/public/new_village.html", context)
    form, duplicates = None, []
    if request.method == "POST":
        form = ComplaintForm(request.POST, request.FILES, village=village)
        if form.is_valid():
            duplicates = form.unseen_duplicates()
            if not duplicates:
                response = _file(request, form)
                if response is not None:
                    return response
    else:
        form = ComplaintForm(village=village)
    context = {
        "village": village,
        "village_label": village_label(village),
        "form": form,
        "duplicates": duplicates,
    }
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "complaints/public/new.html", context, status=status)


def _file(request, form, channel=IntakeChannel.WEB, actor=None):
    data = form.cleaned_data
    try:
        filed = file_complaint(
            category=data["category"],
            title=data["title"],
            text=data["text"],
            region=form.location,
            channel=channel,
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
            actor=actor,
        )
    except IntakeError as error:
        form.add_error(None, error.messages)
        return None
    request.session[FILED] = {"code": filed.complaint.code, "pin": filed.pin}
    return redirect("complaints_public:filed")


@never_cache
def filed(request):
    """The tracking code and PIN, shown once right after filing."""
    stashed = request.session.pop(FILED, None)
    if not stashed:
        return redirect("complaints_public:home")
    complaint = get_object_or_404(Complaint, code=stashed["code"])
    context = {
        "complaint": complaint,
        "code_display": codes.display(complaint.code),
        "pin": stashed["pin"],
    }
    response = render(request, "complaints/public/filed.html", context)
    response["Cache-Control"] = "private, no-store"
    return response


# Tracking ---------------------------------------------------------------------------------


def _trackable(code):
    normalized = codes.normalize(code)
    if not codes.is_valid(normalized):
        return None
    return (
        Complaint.objects.select_related("category", "village", "office", "merged_into")
        .filter(code=normalized)
        .first()
    )


PIN_GUARD = PinGuard("complaints", check_pin)


def pin_locked(code: str) -> bool:
    return PIN_GUARD.locked(code)


def pin_attempt(complaint, pin: str) -> bool:
    """Check a PIN, counting failures; the fifth failure locks the code for 15 minutes."""
    return PIN_GUARD.attempt(complaint, pin)


def _proven(request, complaint) -> bool:
    return PIN_GUARD.is_proven(request, complaint)


def public_timeline(complaint, confidential):
    """What happened when, without anyone's name; notes only where they are public answers."""
    events = complaint.events.select_related("office").only(
        "action", "at", "from_status", "to_status", "office__name", "complaint_id"
    )
    return [
        {
            "at": event.at,
            "text": PUBLIC_EVENT_TEXT[event.action],
            "status": Status(event.to_status).label if event.to_status else "",
            "office": "" if confidential else (event.office.name if event.office_id else ""),
        }
        for event in events
        if event.action or not event.from_status
    ]


@never_cache
def track(request, code):
    complaint = _trackable(code)
    if complaint is None:
        return render(
            request,
            "complaints/public/not_found.html",
            {"message": _("Tidak ada pengaduan dengan kode ini. Periksa kembali kodenya.")},
            status=404,
        )
    if complaint.code != code:
        return redirect("complaints_public:track", code=complaint.code)
    pin_form, status = PinForm(), 200
    if request.method == "POST":
        pin_form, status = _try_pin(request, complaint)
        if pin_form is None:
            return redirect("complaints_public:track", code=complaint.code)
    proven = _proven(request, complaint)
    # The reporter sees their own report; everyone else never sees confidential content.
    hide_content = complaint.confidential and not proven
    actions = allowed_actions(complaint, reporter=True) if proven else []
    context = {
        "complaint": complaint,
        "code_display": codes.display(complaint.code),
        "hide_content": hide_content,
        "timeline": public_timeline(complaint, hide_content),
        "pin_form": pin_form,
        "proven": proven,
        "locked": pin_locked(complaint.code),
        "max_failures": MAX_PIN_FAILURES,
        "can_confirm": Action.CONFIRM in actions,
        "can_reopen": Action.REOPEN in actions,
        "reopen_form": ReopenForm(),
    }
    response = render(request, "complaints/public/track.html", context, status=status)
    response["Cache-Control"] = "private, no-store"
    return response


def _try_pin(request, complaint):
    """(None, 302) when the PIN is right; otherwise the form with its error and a status."""
    return PIN_GUARD.try_form(request, complaint, PinForm)


@require_POST
def act(request, code):
    """The reporter, after the PIN, confirms the resolution or reopens the complaint."""
    complaint = _trackable(code)
    if complaint is None or not _proven(request, complaint):
        raise Http404
    action = request.POST.get("action", "")
    raw_version = request.POST.get("expected_version", "")
    version = {"expected_version": int(raw_version)} if raw_version.isdigit() else {}
    try:
        if action == Action.CONFIRM:
            perform(complaint, Action.CONFIRM, reporter=True, **version)
            messages.success(request, _("Terima kasih. Pengaduan Anda sudah ditutup."))
        elif action == Action.REOPEN:
            form = ReopenForm(request.POST)
            if not form.is_valid():
                raise ActionRefused(_("Tuliskan mengapa masalahnya belum selesai."))
            perform(
                complaint, Action.REOPEN, reporter=True, note=form.cleaned_data["note"], **version
            )
            messages.success(request, _("Pengaduan dibuka kembali dan diteruskan ke petugas."))
        else:
            raise ActionRefused(_("Tindakan ini tidak tersedia."))
    except ActionRefused as refused:
        messages.error(request, str(refused))
    return redirect("complaints_public:track", code=complaint.code)


@require_POST
def forget_pin(request, code):
    normalized = codes.normalize(code)
    PIN_GUARD.forget(request, normalized)
    return redirect("complaints_public:track", code=normalized)


# A village's public list and map -----------------------------------------------------------


def _days_between(start, end):
    if start is None or end is None:
        return None
    return max(0, (end - start).days)


def village(request, village_code):
    place = get_object_or_404(
        Region.objects.select_related("parent__parent"),
        code=village_code,
        level=RegionLevel.VILLAGE,
    )
    shown = Complaint.objects.public().filter(village=place)
    rows = (
        shown.select_related("category", "unit")
        .only(
            "id",
            "code",
            "title",
            "status",
            "received_at",
            "verified_at",
            "resolved_at",
            "category__name",
            "unit__name",
            "unit__kind",
            "unit__level",
        )
        .order_by("-received_at", "-id")
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("halaman"))
    for complaint in page:
        complaint.days_to_verify = _days_between(complaint.received_at, complaint.verified_at)
        complaint.days_to_resolve = _days_between(complaint.received_at, complaint.resolved_at)
    context = {
        "village": place,
        "village_label": village_label(place),
        "page": page,
        "map": village_map(shown),
    }
    return render(request, "complaints/public/village.html", context)


def village_map(complaints, width=320, height=240, margin=12):
    """Points of the newest complaints scaled into their bounding box, for an inline SVG."""
    placed = complaints.filter(latitude__isnull=False, longitude__isnull=False)
    newest = list(
        placed.order_by("-received_at", "-id").values(
            "code", "title", "status", "latitude", "longitude"
        )[:MAP_POINTS]
    )
    if not newest:
        return None
    lats = [p["latitude"] for p in newest]
    lons = [p["longitude"] for p in newest]
    box = {"south": min(lats), "north": max(lats), "west": min(lons), "east": max(lons)}
    # A single point (or a line) still needs a box: about 100 m around it.
    pad = Decimal("0.001")
    lat_span = max(box["north"] - box["south"], pad)
    lon_span = max(box["east"] - box["west"], pad)
    inner_w, inner_h = width - 2 * margin, height - 2 * margin
    points = []
    for point in newest:
        x = margin + float((point["longitude"] - box["west"]) / lon_span) * inner_w
        y = margin + float((box["north"] - point["latitude"]) / lat_span) * inner_h
        point |= {"x": round(x, 1), "y": round(y, 1), "status_label": Status(point["status"]).label}
        point["open"] = point["status"] not in (Status.CLOSED, Status.ARCHIVED)
        points.append(point)
    return {"width": width, "height": height, "points": points, "box": box}
