"""Every change to a service request happens here.

`file_request` takes a request in; `perform` fires one action of the workflow table
(`workflow.TRANSITIONS`): it locks the row, checks the status, the actor and the version the
caller saw, writes the new state and an append-only event in one transaction, and queues the
notifications, which are sent once the transaction commits.
"""

import secrets
from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.catalog.constants import Channel
from balai.catalog.services import mark_version_in_use
from balai.lib import codes
from balai.offices.constants import OfficeKind
from balai.offices.models import Office
from balai.regions.constants import Level
from balai.stats import rollups

from . import deadlines, notify
from .constants import Action, DocumentKind, EventKind, Status, StepStatus
from .models import RequestDocument, RequestEvent, RequestStep, RequirementCheck, ServiceRequest
from .uploads import inspect_upload
from .workflow import PREVIOUS, STAFF_ROLES, TRANSITIONS, actors_of, allowed_actions

__all__ = [
    "ActionRefused",
    "Applicant",
    "IntakeError",
    "StaleRequest",
    "Upload",
    "check_pin",
    "confirm_online_request",
    "file_request",
    "flag_deadlines",
    "perform",
    "resend_confirmation",
]

CHANNEL_FLAGS = {
    Channel.COUNTER: "via_counter",
    Channel.ASSISTED: "via_assisted",
    Channel.ONLINE: "via_online",
    Channel.OUTREACH: "via_outreach",
}
CONFIRMATION_MINUTES = 15
CONFIRMATION_MAX_ATTEMPTS = 5


class IntakeError(ValidationError):
    """The request cannot be taken in as given; the message says why, in Indonesian."""


class ActionRefused(Exception):
    """The action is not allowed now or not for this person (HTTP 409 in the API)."""


class StaleRequest(ActionRefused):
    """Someone else changed the request since the caller looked at it."""


@dataclass
class Applicant:
    name: str
    nik: str
    address: str
    region: object  # a Region at village level or below (dusun, RW, RT)
    phone: str = ""
    email: str = ""


@dataclass
class Upload:
    file: object  # an UploadedFile
    requirement: object | None = None  # a catalog Requirement, or None for an attachment


@dataclass
class Filed:
    request: ServiceRequest
    pin: str | None  # shown once; None when an earlier submission was returned again
    created: bool = True
    confirmation_code: str | None = field(default=None, repr=False)


# Intake ----------------------------------------------------------------------------------


def file_request(
    *,
    service,
    applicant: Applicant,
    channel: str,
    actor=None,
    origin_office=None,
    checked_requirements=(),
    uploads=(),
    idempotency_key: str | None = None,
    submit: bool = True,
) -> Filed:
    """Take a request in. Staff channels need `actor`; online requests wait for a code."""
    if idempotency_key:
        earlier = ServiceRequest.objects.filter(idempotency_key=idempotency_key).first()
        if earlier is not None:
            return Filed(request=earlier, pin=None, created=False)
    version = _usable_version(service, channel)
    village = _village_of(applicant.region)
    origin_office = _origin_office(village, channel, actor, origin_office)
    step_offices = _step_offices(version, village)
    inspected = [(upload, _check_upload(upload, version)) for upload in uploads]
    pin = f"{secrets.randbelow(10**6):06d}"
    try:
        with transaction.atomic(), rollups.batch():
            request = _create_request(
                service,
                version,
                channel,
                applicant,
                village,
                origin_office,
                actor,
                pin,
                idempotency_key,
            )
            _create_steps(request, version, step_offices)
            _record_checks(request, version, checked_requirements, actor)
            _store_uploads(request, inspected, actor, event=None)
            mark_version_in_use(version)
            _record(request, EventKind.CREATED, actor=actor, applicant=actor is None)
            confirmation = None
            if channel == Channel.ONLINE and actor is None:
                confirmation = _start_confirmation(request)
            elif submit:
                _apply(request, Action.SUBMIT, actor=actor, applicant=False, note="")
    except IntegrityError:
        # A double click or a retried call with the same key raced us: return the first.
        if idempotency_key:
            earlier = ServiceRequest.objects.filter(idempotency_key=idempotency_key).first()
            if earlier is not None:
                return Filed(request=earlier, pin=None, created=False)
        raise
    return Filed(request=request, pin=pin, confirmation_code=confirmation)


def _usable_version(service, channel):
    version = service.current_version
    if not service.active or version is None:
        raise IntakeError(_("Layanan ini sedang tidak dibuka."))
    if not getattr(version, CHANNEL_FLAGS[Channel(channel)]):
        raise IntakeError(
            _("Layanan ini tidak dapat diajukan melalui kanal %(channel)s.")
            % {"channel": Channel(channel).label}
        )
    return version


def _village_of(region):
    if region.level < Level.VILLAGE:
        raise IntakeError(_("Pilih desa/kelurahan pemohon (boleh sampai RT)."))
    if region.level == Level.VILLAGE:
        return region
    return region.ancestors()[Level.VILLAGE - 1]


def _origin_office(village, channel, actor, origin_office):
    if channel == Channel.ONLINE and actor is None:
        office = Office.objects.serving(village.code, OfficeKind.VILLAGE).first()
        if office is None:
            raise IntakeError(_("Kantor desa/kelurahan pemohon belum terdaftar di Balai."))
        return office
    if actor is None or origin_office is None:
        raise IntakeError(_("Permohonan lewat petugas memerlukan petugas dan kantornya."))
    from balai.offices.jurisdiction import jurisdiction_of

    if not jurisdiction_of(actor).holds(origin_office.pk, *STAFF_ROLES):
        raise IntakeError(_("Anda bukan petugas di kantor ini."))
    served = origin_office.region_id
    if not (village.code == served or village.code.startswith(served + ".")):
        raise IntakeError(_("Desa/kelurahan pemohon berada di luar wilayah kantor Anda."))
    return origin_office


def _step_offices(version, village):
    offices = []
    for step in version.steps.all():
        office = Office.objects.serving(village.code, step.office_kind, step.agency).first()
        if office is None:
            raise IntakeError(
                _(
                    "Belum ada %(kind)s untuk wilayah ini, sehingga tahap “%(step)s” tidak dapat dijalankan."
                )
                % {"kind": step.get_office_kind_display(), "step": step.name}
            )
        offices.append((step, office))
    return offices


def _check_upload(upload: Upload, version):
    allowed = None
    if upload.requirement is not None:
        if upload.requirement.version_id != version.pk:
            raise IntakeError(_("Berkas diunggah untuk persyaratan layanan lain."))
        if not upload.requirement.upload_allowed:
            raise IntakeError(
                _("Persyaratan “%(name)s” harus ditunjukkan langsung, bukan diunggah.")
                % {"name": upload.requirement.name}
            )
        allowed = upload.requirement.file_types or None
    try:
        return inspect_upload(upload.file, allowed)
    except ValidationError as error:
        raise IntakeError(error.messages) from error


def _create_request(
    service, version, channel, applicant, village, origin_office, actor, pin, idempotency_key
):
    fields = {
        "service": service,
        "version": version,
        "channel": channel,
        "applicant_name": applicant.name.strip(),
        "applicant_nik": applicant.nik,
        "applicant_phone": applicant.phone,
        "applicant_email": applicant.email,
        "applicant_address": applicant.address.strip(),
        "applicant_region": applicant.region,
        "village": village,
        "origin_office": origin_office,
        "created_by": actor,
        "idempotency_key": idempotency_key or None,
        "pin_hash": make_password(pin),
    }
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return ServiceRequest.objects.create(code=codes.new_code(), **fields)
        except IntegrityError:
            if (
                idempotency_key
                and ServiceRequest.objects.filter(idempotency_key=idempotency_key).exists()
            ):
                raise
            # 32^8 codes: a clash is rare; draw again.
    raise IntakeError(_("Gagal membuat kode lacak; coba lagi."))


def _create_steps(request, version, step_offices):
    RequestStep.objects.bulk_create(
        RequestStep(
            request=request,
            position=step.position,
            name=step.name,
            catalog_step=step,
            office=office,
            time_limit_days=step.time_limit_days,
        )
        for step, office in step_offices
    )
    request.step_count = len(step_offices)
    request.save(update_fields=["step_count"])


def _record_checks(request, version, checked_requirements, actor):
    checked = {getattr(r, "pk", r) for r in checked_requirements}
    now = timezone.now()
    RequirementCheck.objects.bulk_create(
        RequirementCheck(
            request=request,
            requirement=requirement,
            seen=requirement.pk in checked,
            checked_by=actor if requirement.pk in checked else None,
            checked_at=now if requirement.pk in checked else None,
        )
        for requirement in version.requirements.all()
    )


def _store_uploads(request, inspected, actor, event, kind=None):
    for upload, facts in inspected:
        document = RequestDocument(
            request=request,
            kind=kind
            or (DocumentKind.REQUIREMENT if upload.requirement else DocumentKind.ATTACHMENT),
            requirement=upload.requirement,
            event=event,
            original_name=(getattr(upload.file, "name", "") or "berkas")[:255],
            content_type=facts.content_type,
            size=facts.size,
            sha256=facts.sha256,
            uploaded_by=actor,
        )
        document.file.save(f"{facts.file_type}", upload.file, save=False)
        document.save()


# Online confirmation -------------------------------------------------------------------


def _start_confirmation(request) -> str:
    code = f"{secrets.randbelow(10**6):06d}"
    request.confirmation_hash = make_password(code)
    request.confirmation_expires_at = timezone.now() + timedelta(minutes=CONFIRMATION_MINUTES)
    request.confirmation_attempts = 0
    request.save(
        update_fields=["confirmation_hash", "confirmation_expires_at", "confirmation_attempts"]
    )
    notify.confirmation_code(request, code, CONFIRMATION_MINUTES)
    return code


def resend_confirmation(request) -> None:
    with transaction.atomic():
        request = ServiceRequest.objects.select_for_update().get(pk=request.pk)
        if request.status != Status.DRAFT or request.channel != Channel.ONLINE:
            raise ActionRefused(_("Permohonan ini tidak menunggu kode konfirmasi."))
        _start_confirmation(request)


def confirm_online_request(request, code: str) -> ServiceRequest:
    """The citizen proves the phone or e-mail with the code sent there; then it is submitted."""
    with transaction.atomic():
        request = ServiceRequest.objects.select_for_update().get(pk=request.pk)
        if request.status != Status.DRAFT or not request.confirmation_hash:
            raise ActionRefused(_("Permohonan ini tidak menunggu kode konfirmasi."))
        if request.confirmation_attempts >= CONFIRMATION_MAX_ATTEMPTS:
            raise ActionRefused(_("Terlalu banyak kode salah. Minta kode baru."))
        if timezone.now() > request.confirmation_expires_at:
            raise ActionRefused(_("Kode sudah kedaluwarsa. Minta kode baru."))
        if not check_password(code.strip(), request.confirmation_hash):
            request.confirmation_attempts += 1
            request.save(update_fields=["confirmation_attempts"])
            raise ActionRefused(_("Kode konfirmasi salah."))
        request.confirmation_hash = ""
        request.save(update_fields=["confirmation_hash"])
        _apply(request, Action.SUBMIT, actor=None, applicant=True, note="")
    return request


def check_pin(request, pin: str) -> bool:
    return bool(pin) and check_password(pin.strip(), request.pin_hash)


# Workflow ------------------------------------------------------------------------------


def perform(
    request,
    action: str,
    *,
    actor=None,
    applicant: bool = False,
    note: str = "",
    expected_version: int | None = None,
    uploads=(),
    assignee=None,
    handover_method: str = "",
) -> ServiceRequest:
    """Fire one action on a request, or raise ActionRefused saying why not."""
    with transaction.atomic(), rollups.batch():
        locked = (
            # Lock the request row only: PostgreSQL cannot lock the nullable side of the
            # outer joins that current_step and current_office bring.
            ServiceRequest.objects.select_for_update(of=("self",))
            .select_related("current_step", "origin_office", "current_office")
            .get(pk=request.pk)
        )
        if expected_version is not None and locked.lock_version != expected_version:
            raise StaleRequest(
                _(
                    "Permohonan ini baru saja diubah oleh orang lain. Muat ulang halaman lalu coba lagi."
                )
            )
        _apply(
            locked,
            action,
            actor=actor,
            applicant=applicant,
            note=note,
            uploads=uploads,
            assignee=assignee,
            handover_method=handover_method,
        )
    return locked


def _apply(
    request, action, *, actor, applicant, note, uploads=(), assignee=None, handover_method=""
):
    transition = TRANSITIONS[Action(action)]
    if request.status not in transition.sources:
        raise ActionRefused(
            _("Tindakan “%(action)s” tidak dapat dilakukan pada permohonan berstatus %(status)s.")
            % {"action": Action(action).label, "status": Status(request.status).label}
        )
    if action not in allowed_actions(request, actor, applicant):
        if not actors_of(request, actor, applicant) & set(transition.actors):
            raise ActionRefused(_("Anda tidak berwenang melakukan tindakan ini."))
        raise ActionRefused(_("Tindakan ini belum dapat dilakukan pada tahap sekarang."))
    note = (note or "").strip()
    if transition.needs_note and not note:
        raise ActionRefused(_("Tuliskan alasannya."))
    from_status, office = request.status, request.current_office
    EFFECTS[action](
        request,
        actor=actor,
        note=note,
        uploads=uploads,
        assignee=assignee,
        handover_method=handover_method,
    )
    if transition.target == PREVIOUS:
        request.status = request.returned_from
        request.returned_from = ""
    elif transition.target is not None:
        request.status = transition.target
    request.lock_version += 1
    request.save()
    if action == Action.COMPLETE:
        # The applicant is asked to rate the service (SKM) once the work is done.
        from balai.surveys.services import invite_for_request

        invite_for_request(request)
    event = _record(
        request,
        EventKind.ACTION,
        action=action,
        actor=actor,
        applicant=applicant,
        from_status=from_status,
        note=note,
        office=office,
    )
    if action == Action.COMPLETE:
        RequestDocument.objects.filter(
            request=request, kind=DocumentKind.OUTPUT, event=None
        ).update(event=event)
    notify.after_action(request, event)
    return event


def _submit(request, **_ignored):
    now = timezone.now()
    request.submitted_at = now
    first = request.steps.get(position=1)
    deadlines.start_step(request, first, now)
    request.due_date = deadlines.overall_due(request, now)
    rollups.record_request_received(request)
    rollups.record_step_started(request, first)


def _accept(request, **_ignored):
    pass


def _return(request, **_ignored):
    request.returned_from = request.status
    request.returned_at = timezone.now()


def _resubmit(request, *, actor, uploads, **_ignored):
    # The missing files may come along with the resubmission.
    inspected = [(upload, _inspect_for_action(upload, request.version)) for upload in uploads]
    deadlines.resume_after_return(request)
    request.returned_at = None
    _store_uploads(request, inspected, actor, event=None)


def _inspect_for_action(upload, version):
    try:
        return _check_upload(upload, version)
    except IntakeError as error:
        raise ActionRefused(" ".join(error.messages)) from error


def _forward(request, **_ignored):
    now = timezone.now()
    current = request.current_step
    deadlines.finish_step(current, now)
    following = request.steps.get(position=current.position + 1)
    deadlines.start_step(request, following, now)
    rollups.record_step_finished(request, current)
    rollups.record_step_started(request, following)


def _complete(request, *, actor, uploads, **_ignored):
    outputs = [(upload, inspect_or_refuse(upload)) for upload in uploads]
    if not outputs:
        raise ActionRefused(_("Lampirkan dokumen hasil sebelum menyelesaikan permohonan."))
    now = timezone.now()
    deadlines.finish_step(request.current_step, now)
    _store_uploads(request, outputs, actor, event=None, kind=DocumentKind.OUTPUT)
    request.completed_at = now
    rollups.record_step_finished(request, request.current_step)
    rollups.record_request_completed(request)
    # The applicant collects the document where the request was filed.
    request.current_office = request.origin_office
    request.current_due = deadlines.local_today(request.origin_office)


def inspect_or_refuse(upload):
    try:
        return inspect_upload(upload.file)
    except ValidationError as error:
        raise ActionRefused(" ".join(error.messages)) from error


def _hand_over(request, *, handover_method, **_ignored):
    if handover_method not in ("pickup", "delivery"):
        raise ActionRefused(_("Pilih cara penyerahan: diambil di kantor atau diantar."))
    request.handover_method = handover_method
    request.handed_over_at = timezone.now()


def _close(request, **_ignored):
    request.closed_at = timezone.now()


def _reject(request, **_ignored):
    _stop_clock(request)


def _cancel(request, **_ignored):
    _stop_clock(request)


def _stop_clock(request):
    if request.current_step_id and request.current_step.status == StepStatus.ACTIVE:
        deadlines.finish_step(request.current_step)
        rollups.record_step_finished(request, request.current_step)
    request.closed_at = timezone.now()


def _reassign(request, *, assignee, **_ignored):
    from balai.offices.jurisdiction import jurisdiction_of

    if assignee is None or not jurisdiction_of(assignee).holds(
        request.current_office_id, *STAFF_ROLES
    ):
        raise ActionRefused(_("Pilih petugas dari kantor yang sedang menangani permohonan ini."))
    step = request.current_step
    step.assignee = assignee
    step.save(update_fields=["assignee"])


EFFECTS = {
    Action.SUBMIT: _submit,
    Action.ACCEPT: _accept,
    Action.RETURN: _return,
    Action.RESUBMIT: _resubmit,
    Action.FORWARD: _forward,
    Action.REJECT: _reject,
    Action.COMPLETE: _complete,
    Action.HAND_OVER: _hand_over,
    Action.CLOSE: _close,
    Action.CANCEL: _cancel,
    Action.REASSIGN: _reassign,
}


def _record(
    request, kind, *, action="", actor=None, applicant=False, from_status="", note="", office=None
):
    step = request.current_step
    return RequestEvent.objects.create(
        request=request,
        kind=kind,
        action=action,
        actor=actor if actor is not None and actor.is_authenticated else None,
        by_applicant=applicant,
        office=office or request.current_office,
        from_status=from_status,
        to_status=request.status,
        step_position=step.position if step else None,
        note=note,
    )


# Deadlines -----------------------------------------------------------------------------


def flag_deadlines(now=None) -> int:
    """Warn the office at 80% of a step's time and again, with its head, once it is late."""
    now = now or timezone.now()
    horizon = now.date() + timedelta(days=45)
    candidates = (
        RequestStep.objects.filter(
            status=StepStatus.ACTIVE,
            due_date__lte=horizon,
            alert__lt=deadlines.Alert.OVERDUE,
            request__status__in=(Status.SUBMITTED, Status.IN_PROCESS),
        )
        .select_related("office", "request")
        .order_by("due_date", "id")
    )
    flagged = 0
    for step in candidates.iterator(chunk_size=500):
        alert = deadlines.alert_for(step, now)
        if alert > step.alert:
            flagged += _raise_alert(step, alert)
    return flagged


def _raise_alert(step, alert) -> int:
    with transaction.atomic():
        # Another worker may have flagged it meanwhile: only the first raise counts.
        updated = RequestStep.objects.filter(pk=step.pk, alert__lt=alert).update(alert=alert)
        if not updated:
            return 0
        request = step.request
        kind = EventKind.OVERDUE if alert == deadlines.Alert.OVERDUE else EventKind.DUE_SOON
        event = _record(request, kind, office=step.office)
        notify.deadline_alert(request, step, event, alert)
    return 1
