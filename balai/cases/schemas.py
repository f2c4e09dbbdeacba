"""Shapes of the requests API (bodies in, answers out)."""

from datetime import date, datetime
from typing import Literal

from ninja import Field, Schema

from .constants import Action


class ApplicantIn(Schema):
    name: str = Field(..., min_length=1, max_length=150)
    nik: str = Field(..., description="16 angka.")
    phone: str = Field("", max_length=20, description="Nomor HP; HP atau surel wajib ada satu.")
    email: str = Field("", max_length=254)
    address: str = Field(..., min_length=1, max_length=255)
    region_code: str = Field(..., description="Kode desa/kelurahan, boleh sampai RT.")


class RequestIn(Schema):
    service_code: str
    channel: Literal["assisted", "counter", "outreach"]
    office_id: int = Field(..., description="Kantor penerima: kantor petugas yang mengisi.")
    applicant: ApplicantIn
    checked_requirements: list[int] = Field(
        default_factory=list, description="Persyaratan yang sudah diperiksa petugas."
    )
    idempotency_key: str | None = Field(
        None,
        max_length=40,
        description="Kunci anti-ganda; juga boleh lewat kepala `Idempotency-Key`.",
    )


class ActionIn(Schema):
    action: Action
    note: str = Field("", max_length=2000)
    expected_version: int | None = Field(
        None, description="`lock_version` yang dilihat pemanggil; beda → 409."
    )
    handover_method: Literal["pickup", "delivery", ""] = ""
    assignee_id: int | None = None


class Detail(Schema):
    detail: str


class Ref(Schema):
    code: str
    name: str


class OfficeRef(Schema):
    id: int
    name: str


class StepRef(Schema):
    position: int
    name: str


class CreatedOut(Schema):
    code: str
    code_display: str
    pin: str | None = Field(None, description="Hanya saat permohonan baru dibuat; catat sekali.")
    status: str
    status_label: str
    due_date: date | None
    current_step: StepRef | None
    current_office: OfficeRef | None


class InboxItem(Schema):
    code: str
    code_display: str
    service: Ref
    status: str
    status_label: str
    channel: str
    applicant_name: str
    applicant_nik: str = Field(..., description="Tersamar.")
    village: Ref
    current_step: StepRef | None
    current_due: date | None
    due_date: date | None
    overdue: bool
    alert: int
    lock_version: int


class InboxPage(Schema):
    office: OfficeRef
    counts: dict[str, int]
    items: list[InboxItem]
    next: str | None = Field(None, description="Nilai `after` untuk halaman berikutnya.")


class ApplicantOut(Schema):
    name: str
    nik: str
    phone: str
    email: str
    address: str
    region_code: str | None = None


class StepOut(Schema):
    position: int
    name: str
    office: OfficeRef
    status: str
    time_limit_days: int
    started_at: datetime | None
    due_date: date | None
    finished_at: datetime | None
    alert: int


class EventOut(Schema):
    at: datetime
    kind: str
    action: str
    label: str
    from_status: str
    to_status: str
    office: OfficeRef | None
    step_position: int | None
    note: str
    by_applicant: bool
    actor: str | None


class DocumentOut(Schema):
    id: int
    kind: str
    requirement_id: int | None
    original_name: str
    content_type: str
    size: int
    uploaded_at: datetime


class RequestDetail(Schema):
    code: str
    code_display: str
    service: Ref
    status: str
    status_label: str
    channel: str
    village: Ref
    origin_office: OfficeRef
    current_office: OfficeRef | None
    current_step: StepRef | None
    current_due: date | None
    due_date: date | None
    suspended_days: int
    created_at: datetime
    submitted_at: datetime | None
    completed_at: datetime | None
    handed_over_at: datetime | None
    applicant: ApplicantOut
    steps: list[StepOut]
    events: list[EventOut]
    documents: list[DocumentOut]
    allowed_actions: list[str]
    lock_version: int


class TimelineOut(Schema):
    at: datetime
    text: str


class TrackOut(Schema):
    code: str
    code_display: str
    service: Ref
    status: str
    status_label: str
    status_explanation: str
    current_step: str | None
    current_office: str | None
    due_date: date | None
    timeline: list[TimelineOut]
    applicant: ApplicantOut | None = Field(None, description="Hanya dengan PIN yang benar.")
    documents: list[DocumentOut] | None = Field(None, description="Hanya dengan PIN yang benar.")
