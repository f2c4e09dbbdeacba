"""Public pages of requests: tracking by code (and PIN), and applying online.

Nothing personal travels in a URL: the PIN and the confirmation code are posted, the
draft of an online application is kept in the session, and only the tracking code, which
identifies no one, appears in addresses.
"""

from django.contrib import messages
from django.core.cache import cache
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from balai.catalog.constants import Channel
from balai.catalog.models import Service
from balai.lib import codes
from balai.notifications.recipients import mask_recipient

from .constants import Action, Status
from .models import ServiceRequest
from .public_forms import (
    ApplyForm,
    CancelForm,
    ConfirmForm,
    PinForm,
    ResubmitForm,
    TrackForm,
)
from .services import (
    ActionRefused,
    Applicant,
    IntakeError,
    Upload,
    confirm_online_request,
    file_request,
    perform,
    resend_confirmation,
)
from .tracking import (
    MAX_PIN_FAILURES,
    PIN_GUARD,
    find_trackable,
    pin_locked,
    status_explanation,
    timeline,
)
from .workflow import allowed_actions

# Session keys. The PIN itself is never stored: a proven code keeps the request's PIN hash,
# which stops working the moment the request's PIN changes.
ONLINE_DRAFT = "cases_online_draft"
RESEND_SECONDS = 60
# Statuses in which a step and an expected date mean something to the applicant.
IN_PROGRESS = (Status.SUBMITTED, Status.IN_PROCESS, Status.RETURNED)


# Tracking ----------------------------------------------------------------------------


def track_form(request):
    form = TrackForm(request.GET if "code" in request.GET else None)
    if form.is_bound and form.is_valid():
        return redirect("cases_public:track", code=form.cleaned_data["code"])
    return render(request, "cases/public/track_form.html", {"form": form})


def track(request, code):
    normalized = codes.normalize(code)
    if not codes.is_valid(normalized):
        return _not_found(request, _("Kode tidak sah, periksa kembali."))
    if normalized != code:
        return redirect("cases_public:track", code=normalized)
    found = find_trackable(normalized)
    if found is None:
        return _not_found(request, _("Tidak ada permohonan dengan kode ini."))
    pin_form, status = PinForm(), 200
    if request.method == "POST":
        pin_form, status = _try_pin(request, found)
        if pin_form is None:
            return redirect("cases_public:track", code=found.code)
    context = _track_context(request, found, pin_form)
    response = render(request, "cases/public/track.html", context, status=status)
    if context["proven"]:
        response["Cache-Control"] = "private, no-store"
    return response


def _try_pin(request, found):
    """(None, 302) when the PIN is right; otherwise the form with its error and a status."""
    return PIN_GUARD.try_form(request, found, PinForm)


def _locked_message():
    return _(
        "PIN salah %(count)s kali. Demi keamanan, coba lagi 15 menit lagi, atau datang ke kantor "
        "desa/kelurahan dengan membawa KTP."
    ) % {"count": MAX_PIN_FAILURES}


def _proven(request, found) -> bool:
    return PIN_GUARD.is_proven(request, found)


def _track_context(request, found, pin_form):
    context = {
        "item": found,
        "code_display": codes.display(found.code),
        "explanation": status_explanation(found.status),
        "in_progress": found.status in IN_PROGRESS,
        "timeline": timeline(found),
        "pin_form": pin_form,
        "proven": _proven(request, found),
        "locked_message": _locked_message() if pin_locked(found.code) else "",
    }
    if context["proven"]:
        actions = allowed_actions(found, applicant=True)
        requirements = list(found.version.requirements.all())
        context |= {
            "documents": list(found.documents.select_related("requirement")),
            "can_resubmit": Action.RESUBMIT in actions,
            "can_cancel": Action.CANCEL in actions,
            "resubmit_form": ResubmitForm(requirements=requirements),
            "cancel_form": CancelForm(),
            "survey": _open_survey(found),
        }
    return context


def _open_survey(found):
    """The applicant's unused SKM invitation, offered once the request is completed."""
    from balai.surveys.models import SurveyInvitation

    return SurveyInvitation.objects.filter(request=found, used_at__isnull=True).first()


def _not_found(request, message):
    return render(request, "cases/public/not_found.html", {"message": message}, status=404)


def _proven_request(request, code):
    found = find_trackable(code) if codes.is_valid(codes.normalize(code)) else None
    if found is None or not _proven(request, found):
        raise Http404
    return found


@require_POST
def forget_pin(request, code):
    PIN_GUARD.forget(request, codes.normalize(code))
    return redirect("cases_public:track", code=codes.normalize(code))


@require_POST
def act(request, code):
    """The applicant resubmits a returned request or cancels one not yet being processed."""
    found = _proven_request(request, code)
    action = request.POST.get("action")
    try:
        if action == Action.RESUBMIT:
            form = ResubmitForm(
                request.POST, request.FILES, requirements=list(found.version.requirements.all())
            )
            if not form.is_valid():
                raise ActionRefused(" ".join(_all_errors(form)))
            uploads = [Upload(file=f, requirement=r) for r, f in form.uploads()]
            perform(found, action, applicant=True, uploads=uploads, **_version_of(request))
            messages.success(request, _("Permohonan sudah diajukan ulang."))
        elif action == Action.CANCEL:
            form = CancelForm(request.POST)
            if not form.is_valid():
                raise ActionRefused(_("Tuliskan alasan pembatalan."))
            note = form.cleaned_data["note"]
            perform(found, action, applicant=True, note=note, **_version_of(request))
            messages.success(request, _("Permohonan sudah dibatalkan."))
        else:
            raise ActionRefused(_("Tindakan ini tidak tersedia."))
    except ActionRefused as refused:
        messages.error(request, str(refused))
    return redirect("cases_public:track", code=found.code)


def _version_of(request) -> dict:
    raw = request.POST.get("expected_version", "")
    return {"expected_version": int(raw)} if raw.isdigit() else {}


def _all_errors(form):
    return [message for errors in form.errors.values() for message in errors]


def document(request, code, pk):
    """A file of the applicant's own request, only after the PIN, always as a download."""
    found = _proven_request(request, code)
    doc = get_object_or_404(found.documents, pk=pk)
    response = FileResponse(
        doc.file.open("rb"),
        as_attachment=True,
        filename=doc.original_name,
        content_type=doc.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# Online application --------------------------------------------------------------------


def apply(request, service_code):
    service = get_object_or_404(
        Service.objects.published().select_related("current_version"),
        code=service_code,
        current_version__via_online=True,
    )
    requirements = list(service.current_version.requirements.all())
    village_query = (request.POST if request.method == "POST" else request.GET).get("q", "")
    if request.method == "POST":
        form = ApplyForm(
            request.POST, request.FILES, requirements=requirements, village_query=village_query
        )
        if form.is_valid():
            response = _file_online(request, service, form)
            if response is not None:
                return response
    else:
        form = ApplyForm(requirements=requirements, village_query=village_query)
    return render(
        request,
        "cases/public/apply.html",
        {"service": service, "form": form, "q": village_query.strip()},
    )


def _file_online(request, service, form):
    data = form.cleaned_data
    try:
        filed = file_request(
            service=service,
            applicant=Applicant(
                name=data["name"],
                nik=data["nik"],
                address=data["address"],
                region=data["village"],
                phone=data["phone"],
                email=data["email"],
            ),
            channel=Channel.ONLINE,
            uploads=[Upload(file=f, requirement=r) for r, f in form.uploads()],
            idempotency_key=f"web:{data['idempotency_key']}",
        )
    except IntakeError as error:
        form.add_error(None, error.messages)
        return None
    if filed.created:
        # The code has just been sent: a resend must wait a minute.
        cache.set(_resend_key(filed.request), True, RESEND_SECONDS)
        request.session[ONLINE_DRAFT] = {"id": filed.request.pk, "pin": filed.pin}
    elif request.session.get(ONLINE_DRAFT, {}).get("id") != filed.request.pk:
        # A repeated key from another browser: it gets no access to that draft.
        form.add_error(
            None, _("Formulir ini sudah dikirim. Muat ulang halaman untuk mengisi lagi.")
        )
        return None
    return redirect("cases_public:confirm")


def _resend_key(found) -> str:
    return f"cases:resend:{found.pk}"


def _session_draft(request):
    draft = request.session.get(ONLINE_DRAFT)
    if not draft:
        return None
    return (
        ServiceRequest.objects.select_related("service")
        .filter(pk=draft["id"], channel=Channel.ONLINE, status=Status.DRAFT)
        .first()
    )


def confirm(request):
    draft = _session_draft(request)
    if draft is None:
        return render(request, "cases/public/confirm_missing.html", status=404)
    form = ConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            confirmed = confirm_online_request(draft, form.cleaned_data["code"])
        except ActionRefused as refused:
            form.add_error("code", str(refused))
        else:
            pin = request.session.pop(ONLINE_DRAFT, {}).get("pin")
            return _confirmed(request, confirmed, pin)
    context = {
        "draft": draft,
        "form": form,
        "masked_email": mask_recipient("email", draft.applicant_email),
    }
    return render(request, "cases/public/confirm.html", context)


def _confirmed(request, confirmed, pin):
    confirmed = ServiceRequest.objects.select_related(
        "service", "current_office", "current_step"
    ).get(pk=confirmed.pk)
    response = render(
        request,
        "cases/public/confirmed.html",
        {
            "item": confirmed,
            "code_display": codes.display(confirmed.code),
            "pin": pin,
            "track_url": reverse("cases_public:track", args=[confirmed.code]),
        },
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def resend(request):
    draft = _session_draft(request)
    if draft is None:
        return redirect("cases_public:confirm")
    if not cache.add(_resend_key(draft), True, RESEND_SECONDS):
        messages.error(request, _("Kode baru dapat diminta paling sering sekali semenit."))
        return redirect("cases_public:confirm")
    try:
        resend_confirmation(draft)
    except ActionRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("Kode baru sudah dikirim."))
    return redirect("cases_public:confirm")
