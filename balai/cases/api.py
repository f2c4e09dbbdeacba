"""Requests API: intake, the office inbox, the request and its actions (staff), and tracking.

Staff operations (`requests_router`) find requests only through `visible_to(user)`: anything
else is 404. Every change goes through `services`; a refused action is 409. Tracking
(`track_router`) is public and shows no personal data unless the `X-Tracking-PIN` header
carries the right PIN; five wrong PINs lock a code for fifteen minutes (429).

Completing a request needs its output document: send the action as `multipart/form-data`
with the fields of `ActionIn` and the document in `file`. Other actions may be sent as JSON.
"""

import json
import logging
from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db.models import Count, Q
from django.http import FileResponse
from django.utils.translation import gettext as _
from ninja import Field, Header, Query, Router, Schema
from ninja import Status as Answer
from ninja.errors import HttpError
from pydantic import ValidationError as PydanticValidationError

from balai.accounts.auth import staff_auth
from balai.api.errors import ConflictError
from balai.catalog.constants import Channel
from balai.catalog.models import Service
from balai.lib import codes
from balai.lib.nik import check_nik
from balai.notifications.recipients import normalize_phone
from balai.offices.jurisdiction import jurisdiction_of
from balai.offices.models import Office
from balai.regions.models import Region

from .constants import CLOCK_STATUSES, Action, Status
from .deadlines import local_today
from .models import RequestDocument, ServiceRequest
from .schemas import (
    ActionIn,
    CreatedOut,
    Detail,
    InboxPage,
    RequestDetail,
    RequestIn,
    TrackOut,
)
from .services import ActionRefused, Applicant, IntakeError, Upload, file_request, perform
from .tracking import find_trackable, pin_attempt, pin_locked, status_explanation, timeline
from .workflow import STAFF_ROLES, allowed_actions

requests_router = Router(tags=["permohonan"], auth=staff_auth)
track_router = Router(tags=["lacak"])

# Reading a resident's full record is logged: who and which request, nothing personal.
access_log = logging.getLogger("balai.cases.access")

MAX_PAGE = 100


# Helpers -------------------------------------------------------------------------------


def _office_ref(office):
    return {"id": office.pk, "name": office.name} if office is not None else None


def _step_ref(step):
    return {"position": step.position, "name": step.name} if step is not None else None


def _region_ref(region):
    return {"code": region.code, "name": str(region)}


def _visible_request(user, code) -> ServiceRequest:
    normalized = codes.normalize(code)
    found = None
    if codes.is_valid(normalized):
        found = (
            ServiceRequest.objects.visible_to(user)
            .select_related("service", "village", "origin_office", "current_office", "current_step")
            .filter(code=normalized)
            .first()
        )
    if found is None:
        raise HttpError(404, _("Permohonan dengan kode itu tidak ditemukan."))
    return found


def _sees_personal_data(user, found, steps) -> bool:
    """Full NIK and phone only for staff of the offices the request passes through."""
    jurisdiction = jurisdiction_of(user)
    office_ids = {found.origin_office_id} | {step.office_id for step in steps}
    return any(jurisdiction.holds(office_id, *STAFF_ROLES) for office_id in office_ids)


def _document_out(document):
    return {
        "id": document.pk,
        "kind": document.kind,
        "requirement_id": document.requirement_id,
        "original_name": document.original_name,
        "content_type": document.content_type,
        "size": document.size,
        "uploaded_at": document.uploaded_at,
    }


def _download(document):
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# Intake --------------------------------------------------------------------------------


@requests_router.post(
    "",
    response={200: CreatedOut, 201: CreatedOut, 422: Detail},
    summary="Ajukan permohonan untuk warga",
)
def create_request(request, payload: RequestIn):
    """File a request for a citizen at the officer's office.

    201 with the tracking code and the PIN (shown once). The same idempotency key (body or
    `Idempotency-Key` header) answers 200 with the first request and no PIN.
    """
    user = request.auth
    key = payload.idempotency_key or request.headers.get("Idempotency-Key") or ""
    if len(key) > 40:
        raise HttpError(422, _("Kunci anti-ganda paling panjang 40 karakter."))
    filed = _file(user, payload, key)
    found = filed.request
    answer = {
        "code": found.code,
        "code_display": codes.display(found.code),
        "pin": filed.pin if filed.created else None,
        "status": found.status,
        "status_label": str(Status(found.status).label),
        "due_date": found.due_date,
        "current_step": _step_ref(found.current_step),
        "current_office": _office_ref(found.current_office),
    }
    return Answer(201 if filed.created else 200, answer)


def _file(user, payload: RequestIn, key: str):
    service = Service.objects.published().filter(code=payload.service_code).first()
    if service is None:
        raise HttpError(422, _("Layanan dengan kode itu tidak ditemukan."))
    office = Office.objects.filter(pk=payload.office_id, active=True).first()
    if office is None:
        raise HttpError(422, _("Kantor penerima tidak ditemukan."))
    region = Region.objects.active().filter(code=payload.applicant.region_code.strip()).first()
    if region is None:
        raise HttpError(422, _("Kode wilayah pemohon tidak dikenal."))
    try:
        return file_request(
            service=service,
            applicant=_applicant(payload.applicant, region),
            channel=payload.channel,
            actor=user,
            origin_office=office,
            checked_requirements=payload.checked_requirements,
            # Keys are per user: another caller's key never reveals someone else's request.
            idempotency_key=f"api:{user.pk}:{key}" if key else None,
        )
    except IntakeError as error:
        raise HttpError(422, " ".join(error.messages)) from error


def _applicant(data, region) -> Applicant:
    nik = check_nik(
        data.nik,
        lambda candidates: Region.objects.filter(code__in=candidates).values_list(
            "code", flat=True
        ),
    )
    if not nik.ok:
        raise HttpError(422, " ".join(nik.errors))
    phone = data.phone.strip()
    if phone:
        try:
            phone = normalize_phone(phone)
        except ValueError as error:
            raise HttpError(422, str(error)) from error
    email = data.email.strip()
    if email:
        try:
            validate_email(email)
        except DjangoValidationError as error:
            raise HttpError(422, _("Alamat surel tidak sah.")) from error
    return Applicant(
        name=data.name, nik=nik.nik, address=data.address, region=region, phone=phone, email=email
    )


# Inbox ---------------------------------------------------------------------------------


class InboxQuery(Schema):
    office_id: int | None = Field(None, description="Salah satu kantor Anda; bawaan: yang pertama.")
    status: Status | None = None
    service: str | None = Field(None, description="Kode layanan.")
    overdue: bool | None = Field(None, description="Hanya yang terlambat (atau yang tidak).")
    channel: Channel | None = None
    village: str | None = Field(None, description="Kode desa/kelurahan.")
    after: str | None = Field(None, description="Kursor `next` dari halaman sebelumnya.")
    limit: int = Field(25, ge=1, le=MAX_PAGE)


@requests_router.get(
    "", response={200: InboxPage, 404: Detail, 422: Detail}, summary="Kotak masuk kantor"
)
def list_requests(request, query: Query[InboxQuery]):
    """Requests waiting at one of your offices, the nearest deadline first (keyset pages)."""
    user = request.auth
    office = _own_office(user, query.office_id)
    base = ServiceRequest.objects.visible_to(user).inbox(office)
    found = (
        _filtered(base, query, office)
        .select_related("service", "village", "current_step")
        .only(*INBOX_FIELDS)[: query.limit + 1]
    )
    rows = list(found)
    today = local_today(office)
    items = [_inbox_item(row, today) for row in rows[: query.limit]]
    following = None
    if len(rows) > query.limit:
        last = rows[query.limit - 1]
        following = f"{last.current_due.isoformat()}:{last.pk}"
    counts = dict(
        base.order_by().values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    return {"office": _office_ref(office), "counts": counts, "items": items, "next": following}


INBOX_FIELDS = (
    "code",
    "status",
    "channel",
    "applicant_name",
    "applicant_nik",
    "current_due",
    "due_date",
    "lock_version",
    "service__code",
    "service__name",
    "village__code",
    "village__name",
    "village__kind",
    "village__level",
    "current_step__position",
    "current_step__name",
    "current_step__alert",
)


def _own_office(user, office_id):
    own = jurisdiction_of(user).office_ids
    if office_id is None:
        office_id = min(own, default=None)
    if office_id is None or office_id not in own:
        raise HttpError(404, _("Kantor itu bukan kantor Anda."))
    return Office.objects.only("id", "name", "timezone").get(pk=office_id)


def _filtered(found, query: InboxQuery, office):
    if query.status:
        found = found.filter(status=query.status)
    if query.service:
        found = found.filter(service__code=query.service)
    if query.channel:
        found = found.filter(channel=query.channel)
    if query.village:
        found = found.filter(village_id=query.village.strip())
    if query.overdue is not None:
        late = Q(status__in=CLOCK_STATUSES, current_due__lt=local_today(office))
        found = found.filter(late) if query.overdue else found.exclude(late)
    if query.after:
        due, pk = _cursor(query.after)
        found = found.filter(Q(current_due__gt=due) | Q(current_due=due, pk__gt=pk))
    return found


def _cursor(raw: str) -> tuple[date, int]:
    try:
        due, pk = raw.split(":")
        return date.fromisoformat(due), int(pk)
    except ValueError as error:
        raise HttpError(422, _("Kursor halaman tidak sah.")) from error


def _inbox_item(row, today):
    return {
        "code": row.code,
        "code_display": codes.display(row.code),
        "service": {"code": row.service.code, "name": row.service.name},
        "status": row.status,
        "status_label": str(Status(row.status).label),
        "channel": row.channel,
        "applicant_name": row.applicant_name,
        "applicant_nik": row.masked_nik,
        "village": _region_ref(row.village),
        "current_step": _step_ref(row.current_step),
        "current_due": row.current_due,
        "due_date": row.due_date,
        "overdue": bool(
            row.status in CLOCK_STATUSES and row.current_due and row.current_due < today
        ),
        "alert": row.current_step.alert if row.current_step else 0,
        "lock_version": row.lock_version,
    }


# One request ---------------------------------------------------------------------------


@requests_router.get(
    "/{code}", response={200: RequestDetail, 404: Detail}, summary="Satu permohonan"
)
def get_request(request, code: str):
    """The request with its steps, history, documents and the actions you may take now."""
    return _detail(request.auth, _visible_request(request.auth, code))


def _detail(user, found):
    steps = list(found.steps.select_related("office"))
    full = _sees_personal_data(user, found, steps)
    if full:
        access_log.info("user %s read the full record of request %s via API", user.pk, found.code)
    events = found.events.select_related("office", "actor")
    return {
        "code": found.code,
        "code_display": codes.display(found.code),
        "service": {"code": found.service.code, "name": found.service.name},
        "status": found.status,
        "status_label": str(Status(found.status).label),
        "channel": found.channel,
        "village": _region_ref(found.village),
        "origin_office": _office_ref(found.origin_office),
        "current_office": _office_ref(found.current_office),
        "current_step": _step_ref(found.current_step),
        "current_due": found.current_due,
        "due_date": found.due_date,
        "suspended_days": found.suspended_days,
        "created_at": found.created_at,
        "submitted_at": found.submitted_at,
        "completed_at": found.completed_at,
        "handed_over_at": found.handed_over_at,
        "applicant": {
            "name": found.applicant_name,
            "nik": found.applicant_nik if full else found.masked_nik,
            "phone": found.applicant_phone if full else found.masked_phone,
            "email": found.applicant_email,
            "address": found.applicant_address,
            "region_code": found.applicant_region_id,
        },
        "steps": [
            {
                "position": step.position,
                "name": step.name,
                "office": _office_ref(step.office),
                "status": step.status,
                "time_limit_days": step.time_limit_days,
                "started_at": step.started_at,
                "due_date": step.due_date,
                "finished_at": step.finished_at,
                "alert": step.alert,
            }
            for step in steps
        ],
        "events": [_event_out(event) for event in events],
        "documents": [_document_out(doc) for doc in found.documents.all()],
        "allowed_actions": [str(action) for action in allowed_actions(found, user)],
        "lock_version": found.lock_version,
    }


def _event_out(event):
    return {
        "at": event.at,
        "kind": event.kind,
        "action": event.action,
        "label": str(event.get_action_display() if event.action else event.get_kind_display()),
        "from_status": event.from_status,
        "to_status": event.to_status,
        "office": _office_ref(event.office),
        "step_position": event.step_position,
        "note": event.note,
        "by_applicant": event.by_applicant,
        "actor": (event.actor.get_full_name() or event.actor.username) if event.actor else None,
    }


ACTION_FIELDS = {
    "action": {"type": "string", "enum": [str(action) for action in Action.values]},
    "note": {"type": "string", "description": "Wajib untuk return, reject dan cancel."},
    "expected_version": {
        "type": "integer",
        "description": "`lock_version` yang dilihat pemanggil; beda → 409.",
    },
    "handover_method": {"type": "string", "enum": ["pickup", "delivery"]},
    "assignee_id": {"type": "integer", "description": "Untuk reassign."},
}
ACTION_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {"type": "object", "required": ["action"], "properties": ACTION_FIELDS}
            },
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["action"],
                    "properties": ACTION_FIELDS
                    | {
                        "file": {
                            "type": "string",
                            "format": "binary",
                            "description": "Dokumen hasil (wajib untuk `complete`).",
                        }
                    },
                }
            },
        },
    }
}


@requests_router.post(
    "/{code}/actions",
    response={200: RequestDetail, 404: Detail, 409: Detail, 422: Detail},
    summary="Jalankan satu tindakan",
    openapi_extra=ACTION_BODY,
)
def act(request, code: str):
    """Fire an action of the workflow. Refused or stale (`expected_version`) → 409.

    `complete` needs the output document: send `multipart/form-data` with it in `file`.
    """
    user = request.auth
    found = _visible_request(user, code)
    payload, files = _action_payload(request)
    assignee = None
    if payload.assignee_id is not None:
        assignee = get_user_model().objects.filter(pk=payload.assignee_id, is_active=True).first()
    try:
        perform(
            found,
            payload.action,
            actor=user,
            note=payload.note,
            expected_version=payload.expected_version,
            uploads=[Upload(file=upload) for upload in files],
            assignee=assignee,
            handover_method=payload.handover_method,
        )
    except ActionRefused as refused:
        raise ConflictError(str(refused)) from refused
    return _detail(user, _visible_request(user, found.code))


def _action_payload(request) -> tuple[ActionIn, list]:
    if request.content_type == "multipart/form-data":
        data = {key: value for key, value in request.POST.items() if value != ""}
        files = request.FILES.getlist("file")
    else:
        try:
            data = json.loads(request.body or b"{}")
        except ValueError as error:
            raise HttpError(422, _("Isi permintaan bukan JSON yang sah.")) from error
        files = []
    try:
        return ActionIn.model_validate(data), files
    except PydanticValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or "body"
        raise HttpError(
            422, _("Data tindakan tidak sah (%(field)s).") % {"field": field}
        ) from error


@requests_router.get(
    "/{code}/documents/{document_id}",
    response={404: Detail},
    summary="Unduh berkas permohonan",
)
def download_document(request, code: str, document_id: int):
    """The file, always as a download (never shown inline)."""
    found = _visible_request(request.auth, code)
    document = RequestDocument.objects.filter(request=found, pk=document_id).first()
    if document is None:
        raise HttpError(404, _("Berkas tidak ditemukan."))
    access_log.info(
        "user %s downloaded document %s of request %s via API",
        request.auth.pk,
        document.pk,
        found.code,
    )
    return _download(document)


# Public tracking -----------------------------------------------------------------------


def _trackable(code: str) -> ServiceRequest:
    # The check character is verified before any look-up: a typo never reaches the database.
    if not codes.is_valid(codes.normalize(code)):
        raise HttpError(404, _("Kode tidak sah, periksa kembali."))
    found = find_trackable(code)
    if found is None:
        raise HttpError(404, _("Tidak ada permohonan dengan kode ini."))
    return found


def _check_pin(found, pin: str) -> None:
    if pin_locked(found.code):
        raise HttpError(429, _("PIN salah terlalu sering. Coba lagi 15 menit lagi."))
    if not pin_attempt(found, pin):
        raise HttpError(403, _("PIN salah."))


@track_router.get(
    "/{code}",
    response={200: TrackOut, 403: Detail, 404: Detail, 429: Detail},
    summary="Lacak permohonan",
)
def track(request, code: str, pin: str | None = Header(None, alias="X-Tracking-PIN")):
    """Status, step, expected date and a plain-language history; no personal data.

    With the right PIN in the `X-Tracking-PIN` header: the applicant's own details and
    documents. A wrong PIN is 403; after five wrong PINs the code is locked for 15 minutes
    (429).
    """
    found = _trackable(code)
    if pin is not None:
        _check_pin(found, pin)
    answer = {
        "code": found.code,
        "code_display": codes.display(found.code),
        "service": {"code": found.service.code, "name": found.service.name},
        "status": found.status,
        "status_label": str(Status(found.status).label),
        "status_explanation": status_explanation(found.status),
        "current_step": found.current_step.name if found.current_step else None,
        "current_office": found.current_office.name if found.current_office else None,
        "due_date": found.due_date,
        "timeline": [{"at": entry.at, "text": entry.text} for entry in timeline(found)],
    }
    if pin is not None:
        answer["applicant"] = {
            "name": found.applicant_name,
            "nik": found.applicant_nik,
            "phone": found.applicant_phone,
            "email": found.applicant_email,
            "address": found.applicant_address,
        }
        answer["documents"] = [_document_out(doc) for doc in found.documents.all()]
    return answer


@track_router.get(
    "/{code}/documents/{document_id}",
    response={403: Detail, 404: Detail, 429: Detail},
    summary="Unduh berkas sendiri (dengan PIN)",
)
def track_document(
    request, code: str, document_id: int, pin: str = Header(..., alias="X-Tracking-PIN")
):
    """One of the applicant's own files, with the PIN in `X-Tracking-PIN`; always a download."""
    found = _trackable(code)
    _check_pin(found, pin)
    document = RequestDocument.objects.filter(request=found, pk=document_id).first()
    if document is None:
        raise HttpError(404, _("Berkas tidak ditemukan."))
    return _download(document)
