"""Complaints API: intake (public or by an officer), the staff list, one complaint, actions.

Staff operations find complaints only through `visible_to(user)`: anything else is 404.
Every change goes through `services`; a refused or stale action is 409, a complaint that
cannot be taken in is 422 with the reasons in Indonesian.

Intake takes JSON, or `multipart/form-data` with the same JSON in the `data` field and up
to three photos (JPEG/PNG) in `photos`.
"""

import json
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja import Status as Answer
from ninja.errors import HttpError
from pydantic import ValidationError as PydanticValidationError

from balai.accounts.auth import staff_auth
from balai.api.errors import ConflictError
from balai.lib import codes
from balai.offices.models import Office
from balai.regions.models import Region

from .constants import Action, IntakeChannel, Level, Limit, Status
from .models import Category, Complaint
from .schemas import (
    ActionIn,
    ComplaintDetail,
    ComplaintIn,
    ComplaintPage,
    CreatedOut,
    Detail,
    DuplicateOut,
)
from .services import (
    ActionRefused,
    IntakeError,
    Reporter,
    can_see_reporter,
    file_complaint,
    likely_duplicates,
    perform,
)
from .workflow import allowed_actions

router = Router(tags=["pengaduan"])

MAX_PAGE = 100
PUBLIC_CALLER = "public"


def public_caller(request):
    """Let a caller without credentials through as the public; a bad token stays a 401."""
    if request.headers.get("Authorization"):
        return None
    return PUBLIC_CALLER


def _staff(request):
    return None if request.auth == PUBLIC_CALLER else request.auth


# Helpers -------------------------------------------------------------------------------


def _office_ref(office):
    return {"id": office.pk, "name": office.name}


def _region_ref(region):
    return {"code": region.code, "name": str(region)}


def _visible_complaint(user, code) -> Complaint:
    normalized = codes.normalize(code)
    found = None
    if codes.is_valid(normalized):
        found = (
            Complaint.objects.visible_to(user)
            .select_related(
                "category",
                "office",
                "verifying_office",
                "region",
                "village",
                "assignee",
                "merged_into",
            )
            .filter(code=normalized)
            .first()
        )
    if found is None:
        raise HttpError(404, _("Pengaduan dengan kode itu tidak ditemukan."))
    return found


def _json_or_multipart(request, schema):
    """The body as `schema`, read from JSON or from the `data` field of a multipart form."""
    if request.content_type == "multipart/form-data":
        raw, files = request.POST.get("data", "{}"), request.FILES.getlist("photos")
    else:
        raw, files = request.body or b"{}", []
    try:
        data = json.loads(raw)
    except ValueError as error:
        raise HttpError(422, _("Isi permintaan bukan JSON yang sah.")) from error
    try:
        return schema.model_validate(data), files
    except PydanticValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or "body"
        raise HttpError(422, _("Data tidak sah (%(field)s).") % {"field": field}) from error


def _duplicates_out(found, user):
    """Only what the caller may see: staff their own area, the public non-confidential ones."""
    if not found:
        return []
    allowed = Complaint.objects.visible_to(user) if user else Complaint.objects.public()
    seen = set(allowed.filter(pk__in=[c.pk for c in found]).values_list("pk", flat=True))
    return [{"code": c.code, "title": c.title, "status": c.status} for c in found if c.pk in seen]


# Intake --------------------------------------------------------------------------------

INTAKE_FIELDS = {
    "type": "object",
    "required": ["category_code", "title", "text", "region_code"],
    "properties": {
        "category_code": {"type": "string"},
        "title": {"type": "string"},
        "text": {"type": "string"},
        "region_code": {"type": "string", "description": "Desa/kelurahan, boleh sampai RT."},
        "address": {"type": "string"},
        "latitude": {"type": "number"},
        "longitude": {"type": "number"},
        "reporter": {
            "type": "object",
            "properties": {
                "name": {"type": "string"},
                "phone": {"type": "string"},
                "email": {"type": "string"},
                "anonymous": {"type": "boolean"},
            },
        },
        "confidential": {"type": "boolean"},
        "channel": {
            "type": "string",
            "enum": ["walk_in", "phone", "whatsapp", "sms", "hotline", "api"],
            "description": "Hanya untuk petugas.",
        },
    },
}
INTAKE_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": INTAKE_FIELDS},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["data"],
                    "properties": {
                        "data": {"type": "string", "description": "Isi JSON yang sama."},
                        "photos": {
                            "type": "array",
                            "items": {"type": "string", "format": "binary"},
                            "description": "Paling banyak 3 foto JPEG/PNG.",
                        },
                    },
                }
            },
        },
    }
}


@router.post(
    "",
    auth=[*staff_auth, public_caller],
    response={201: CreatedOut, 401: Detail, 422: Detail},
    summary="Sampaikan pengaduan",
    openapi_extra=INTAKE_BODY,
)
def create_complaint(request):
    """File a complaint. Without credentials it is a public report (channel `api`); with a
    staff token it is entered by an officer for a citizen, with the `channel` recorded.

    201 with the tracking code, the PIN (shown once), where it went and likely duplicates.
    """
    user = _staff(request)
    payload, photos = _json_or_multipart(request, ComplaintIn)
    if user is None and payload.channel not in (None, IntakeChannel.API):
        raise HttpError(422, _("Kanal hanya boleh diisi oleh petugas."))
    category = Category.objects.filter(code=payload.category_code.strip()).first()
    if category is None:
        raise HttpError(422, _("Kategori dengan kode itu tidak ditemukan."))
    region = Region.objects.active().filter(code=payload.region_code.strip()).first()
    if region is None:
        raise HttpError(422, _("Kode wilayah tidak dikenal."))
    reporter = payload.reporter
    try:
        filed = file_complaint(
            category=category,
            title=payload.title,
            text=payload.text,
            region=region,
            channel=payload.channel or IntakeChannel.API,
            reporter=Reporter(
                name=reporter.name,
                phone=reporter.phone.strip(),
                email=reporter.email.strip(),
                anonymous=reporter.anonymous,
            ),
            confidential=payload.confidential,
            address=payload.address,
            latitude=payload.latitude,
            longitude=payload.longitude,
            photos=photos,
            actor=user,
        )
    except IntakeError as error:
        raise HttpError(422, " ".join(error.messages)) from error
    complaint = filed.complaint
    found = likely_duplicates(
        category,
        region,
        f"{complaint.title} {complaint.text}",
        complaint.latitude,
        complaint.longitude,
        exclude=complaint,
    )
    return Answer(
        201,
        {
            "code": complaint.code,
            "code_display": codes.display(complaint.code),
            "pin": filed.pin,
            "status": complaint.status,
            "level": complaint.level,
            "office": _office_ref(complaint.office),
            "limit_due": complaint.limit_due,
            "duplicates": _duplicates_out(found, user),
        },
    )


# Duplicates ----------------------------------------------------------------------------


class DuplicateQuery(Schema):
    category_code: str
    region_code: str
    text: str = Field("", max_length=5000)
    latitude: float | None = Field(None, ge=-90, le=90)
    longitude: float | None = Field(None, ge=-180, le=180)


@router.get(
    "/duplicates",
    auth=staff_auth,
    response={200: list[DuplicateOut], 422: Detail},
    summary="Saran pengaduan serupa",
)
def duplicates(request, query: Query[DuplicateQuery]):
    """Likely duplicates (same category, same RT or within 250 m, last 30 days, similar
    words) among the complaints you may see, best match first."""
    category = Category.objects.filter(code=query.category_code.strip()).first()
    region = Region.objects.filter(code=query.region_code.strip()).first()
    if category is None or region is None:
        raise HttpError(422, _("Kategori atau kode wilayah tidak dikenal."))
    if (query.latitude is None) != (query.longitude is None):
        raise HttpError(422, _("Titik peta harus berisi lintang dan bujur."))
    found = likely_duplicates(category, region, query.text, query.latitude, query.longitude)
    return _duplicates_out(found, request.auth)


# Staff list ----------------------------------------------------------------------------


class ListQuery(Schema):
    status: Status | None = None
    category: str | None = Field(None, description="Kode kategori.")
    level: Level | None = None
    overdue: bool | None = Field(None, description="Hanya yang melewati batas (atau yang tidak).")
    village: str | None = Field(None, description="Kode desa/kelurahan.")
    after: str | None = Field(None, description="Kursor `next` dari halaman sebelumnya.")
    limit: int = Field(25, ge=1, le=MAX_PAGE)


LIST_FIELDS = (
    "code",
    "title",
    "status",
    "channel",
    "level",
    "region_id",
    "received_at",
    "limit",
    "limit_due",
    "anonymous",
    "confidential",
    "reporter_name",
    "lock_version",
    "category__code",
    "category__name",
    "office__id",
    "office__name",
    "village__code",
    "village__name",
    "village__kind",
    "village__level",
)


@router.get(
    "",
    auth=staff_auth,
    response={200: ComplaintPage, 422: Detail},
    summary="Daftar pengaduan",
)
def list_complaints(request, query: Query[ListQuery]):
    """Complaints in your area or handled by your offices, newest first (keyset pages)."""
    found = _filtered(Complaint.objects.visible_to(request.auth), query)
    rows = list(
        found.select_related("category", "office", "village")
        .only(*LIST_FIELDS)
        .order_by("-received_at", "-id")[: query.limit + 1]
    )
    today = timezone.localdate()
    items = [_list_item(row, today) for row in rows[: query.limit]]
    following = None
    if len(rows) > query.limit:
        last = rows[query.limit - 1]
        following = f"{last.received_at.isoformat()}_{last.pk}"
    return {"items": items, "next": following}


def _filtered(found, query: ListQuery):
    if query.status:
        found = found.filter(status=query.status)
    if query.category:
        found = found.filter(category__code=query.category.strip())
    if query.level:
        found = found.filter(level=query.level)
    if query.village:
        found = found.filter(village_id=query.village.strip())
    if query.overdue is not None:
        late = ~Q(limit=Limit.NONE) & Q(limit_due__lt=timezone.localdate())
        found = found.filter(late) if query.overdue else found.exclude(late)
    if query.after:
        received, pk = _cursor(query.after)
        found = found.filter(Q(received_at__lt=received) | Q(received_at=received, pk__lt=pk))
    return found


def _cursor(raw: str) -> tuple[datetime, int]:
    try:
        received, pk = raw.rsplit("_", 1)
        return datetime.fromisoformat(received), int(pk)
    except ValueError as error:
        raise HttpError(422, _("Kursor halaman tidak sah.")) from error


def _list_item(row, today):
    return {
        "code": row.code,
        "code_display": codes.display(row.code),
        "title": row.title,
        "category": {"code": row.category.code, "name": row.category.name},
        "status": row.status,
        "status_label": str(Status(row.status).label),
        "channel": row.channel,
        "level": row.level,
        "office": _office_ref(row.office),
        "village": _region_ref(row.village),
        "region_code": row.region_id,
        "received_at": row.received_at,
        "limit": row.limit,
        "limit_due": row.limit_due,
        "overdue": bool(row.limit and row.limit_due and row.limit_due < today),
        "anonymous": row.anonymous,
        "confidential": row.confidential,
        # A list never names an anonymous reporter; the detail does, for the verifier only.
        "reporter_name": None if row.anonymous else row.reporter_name,
        "lock_version": row.lock_version,
    }


# One complaint -------------------------------------------------------------------------


@router.get(
    "/{code}",
    auth=staff_auth,
    response={200: ComplaintDetail, 404: Detail},
    summary="Satu pengaduan",
)
def get_complaint(request, code: str):
    """The complaint with its history, visits and the actions you may take now."""
    return _detail(request.auth, _visible_complaint(request.auth, code))


def _detail(user, found):
    shows_reporter = can_see_reporter(found, user)
    events = found.events.select_related("office", "actor")
    visits = found.visits.select_related("assignee")
    return {
        "code": found.code,
        "code_display": codes.display(found.code),
        "title": found.title,
        "text": found.text,
        "category": {"code": found.category.code, "name": found.category.name},
        "status": found.status,
        "status_label": str(Status(found.status).label),
        "channel": found.channel,
        "level": found.level,
        "level_label": str(Level(found.level).label),
        "office": _office_ref(found.office),
        "verifying_office": _office_ref(found.verifying_office),
        "unit_code": found.unit_id,
        "assignee": _person(found.assignee),
        "region": _region_ref(found.region),
        "village": _region_ref(found.village),
        "address": found.address,
        "latitude": found.latitude,
        "longitude": found.longitude,
        "anonymous": found.anonymous,
        "confidential": found.confidential,
        "reporter": {
            "name": found.reporter_name if shows_reporter else None,
            "phone": found.reporter_phone if shows_reporter else None,
            "email": found.reporter_email if shows_reporter else None,
            "anonymous": found.anonymous,
        },
        "limit": found.limit,
        "limit_due": found.limit_due,
        "resolve_by": found.resolve_by,
        "follow_up": found.follow_up,
        "resolution": found.resolution,
        "merged_into": found.merged_into.code if found.merged_into else None,
        "escalations": found.escalations,
        "reopenings": found.reopenings,
        "received_at": found.received_at,
        "verified_at": found.verified_at,
        "resolved_at": found.resolved_at,
        "closed_at": found.closed_at,
        "photos": found.photos.count(),
        "events": [_event_out(event) for event in events],
        "visits": [_visit_out(visit) for visit in visits],
        "allowed_actions": [str(action) for action in allowed_actions(found, user)],
        "lock_version": found.lock_version,
    }


def _person(user):
    if user is None:
        return None
    return user.get_full_name() or user.username


def _event_out(event):
    return {
        "at": event.at,
        "action": event.action,
        "label": str(event.get_action_display()) if event.action else event.note,
        "from_status": event.from_status,
        "to_status": event.to_status,
        "from_level": event.from_level,
        "to_level": event.to_level,
        "office": _office_ref(event.office) if event.office else None,
        "note": event.note,
        "by_reporter": event.by_reporter,
        "actor": _person(event.actor),
    }


def _visit_out(visit):
    return {
        "id": visit.pk,
        "assignee": _person(visit.assignee),
        "due_date": visit.due_date,
        "status": visit.status,
        "arrived_at": visit.arrived_at,
        "latitude": visit.latitude,
        "longitude": visit.longitude,
        "notes": visit.notes,
    }


ACTION_FIELDS = {
    "action": {"type": "string", "enum": [str(action) for action in Action.values]},
    "note": {"type": "string", "description": "Wajib untuk hold, forward, archive, …"},
    "expected_version": {"type": "integer", "description": "`lock_version` yang dilihat."},
    "office_id": {"type": "integer", "description": "Kantor tujuan untuk `forward`."},
    "assignee_id": {"type": "integer", "description": "Petugas untuk `assign`."},
    "level": {"type": "integer", "enum": [int(level) for level in Level.values]},
    "into_code": {"type": "string", "description": "Pengaduan tujuan untuk `merge`."},
}
ACTION_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {"type": "object", "required": ["action"], "properties": ACTION_FIELDS}
            }
        },
    }
}


@router.post(
    "/{code}/actions",
    auth=staff_auth,
    response={200: ComplaintDetail, 404: Detail, 409: Detail, 422: Detail},
    summary="Jalankan satu tindakan",
    openapi_extra=ACTION_BODY,
)
def act(request, code: str):
    """Fire an action of the workflow. Refused, or stale against `expected_version` → 409."""
    user = request.auth
    # Found (or 404) before the body is read: an outsider learns nothing from a bad body.
    found = _visible_complaint(user, code)
    payload, _photos = _json_or_multipart(request, ActionIn)
    try:
        perform(
            found,
            payload.action,
            actor=user,
            note=payload.note,
            expected_version=payload.expected_version,
            office=_target_office(payload.office_id),
            assignee=_assignee(payload.assignee_id),
            level=payload.level,
            into=_merge_target(user, payload.into_code),
        )
    except ActionRefused as refused:
        raise ConflictError(str(refused)) from refused
    return _detail(user, _visible_complaint(user, found.code))


def _target_office(office_id):
    if office_id is None:
        return None
    office = Office.objects.active().filter(pk=office_id).first()
    if office is None:
        raise HttpError(422, _("Kantor tujuan tidak ditemukan."))
    return office


def _assignee(user_id):
    if user_id is None:
        return None
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise HttpError(422, _("Petugas tidak ditemukan."))
    return user


def _merge_target(user, code):
    if not code:
        return None
    normalized = codes.normalize(code)
    target = Complaint.objects.visible_to(user).filter(code=normalized).first()
    if target is None:
        raise HttpError(422, _("Pengaduan tujuan penggabungan tidak ditemukan."))
    return target
