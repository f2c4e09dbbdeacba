"""Shapes of the complaints API (bodies in, answers out)."""

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema

from .constants import Action, Level

# Channels an officer may record when typing a complaint in for a citizen.
OfficerChannel = Literal["walk_in", "phone", "whatsapp", "sms", "hotline", "api"]


class ReporterIn(Schema):
    name: str = Field("", max_length=150)
    phone: str = Field("", max_length=20)
    email: str = Field("", max_length=254)
    anonymous: bool = Field(False, description="Identitas hanya terlihat oleh kantor verifikator.")


class ComplaintIn(Schema):
    category_code: str = Field(..., max_length=40)
    title: str = Field(..., max_length=150)
    text: str = Field(..., max_length=5000)
    region_code: str = Field(..., max_length=40, description="Desa/kelurahan, boleh sampai RT.")
    address: str = Field("", max_length=255)
    latitude: Decimal | None = Field(None, max_digits=9, decimal_places=6)
    longitude: Decimal | None = Field(None, max_digits=9, decimal_places=6)
    reporter: ReporterIn = Field(default_factory=ReporterIn)
    confidential: bool = Field(False, description="Isi tidak pernah tampil di halaman publik.")
    channel: OfficerChannel | None = Field(
        None, description="Hanya untuk petugas: kanal penerimaan (bawaan `api`)."
    )


class ActionIn(Schema):
    action: Action
    note: str = Field("", max_length=5000)
    expected_version: int | None = Field(
        None, description="`lock_version` yang dilihat pemanggil; beda → 409."
    )
    office_id: int | None = Field(None, description="Kantor tujuan untuk `forward`.")
    assignee_id: int | None = Field(None, description="Petugas untuk `assign`.")
    level: Level | None = Field(None, description="Tingkat penanganan baru untuk `reroute`.")
    into_code: str | None = Field(None, description="Kode pengaduan tujuan untuk `merge`.")


class Detail(Schema):
    detail: str


class Ref(Schema):
    code: str
    name: str


class OfficeRef(Schema):
    id: int
    name: str


class DuplicateOut(Schema):
    code: str
    title: str
    status: str


class CreatedOut(Schema):
    code: str
    code_display: str
    pin: str = Field(..., description="Ditampilkan sekali; diperlukan pelapor untuk konfirmasi.")
    status: str
    level: int
    office: OfficeRef
    limit_due: date | None
    duplicates: list[DuplicateOut]


class ReporterOut(Schema):
    name: str | None
    phone: str | None
    email: str | None
    anonymous: bool


class ListItem(Schema):
    code: str
    code_display: str
    title: str
    category: Ref
    status: str
    status_label: str
    channel: str
    level: int
    office: OfficeRef
    village: Ref
    region_code: str
    received_at: datetime
    limit: str
    limit_due: date | None
    overdue: bool
    anonymous: bool
    confidential: bool
    reporter_name: str | None
    lock_version: int


class ComplaintPage(Schema):
    items: list[ListItem]
    next: str | None = Field(None, description="Kursor untuk `after` halaman berikutnya.")


class EventOut(Schema):
    at: datetime
    action: str
    label: str
    from_status: str
    to_status: str
    from_level: int | None
    to_level: int | None
    office: OfficeRef | None
    note: str
    by_reporter: bool
    actor: str | None


class VisitOut(Schema):
    id: int
    assignee: str
    due_date: date
    status: str
    arrived_at: datetime | None
    latitude: Decimal | None
    longitude: Decimal | None
    notes: str


class ComplaintDetail(Schema):
    code: str
    code_display: str
    title: str
    text: str
    category: Ref
    status: str
    status_label: str
    channel: str
    level: int
    level_label: str
    office: OfficeRef
    verifying_office: OfficeRef
    unit_code: str | None
    assignee: str | None
    region: Ref
    village: Ref
    address: str
    latitude: Decimal | None
    longitude: Decimal | None
    anonymous: bool
    confidential: bool
    reporter: ReporterOut
    limit: str
    limit_due: date | None
    resolve_by: date | None
    follow_up: str
    resolution: str
    merged_into: str | None
    escalations: int
    reopenings: int
    received_at: datetime
    verified_at: datetime | None
    resolved_at: datetime | None
    closed_at: datetime | None
    photos: int
    events: list[EventOut]
    visits: list[VisitOut]
    allowed_actions: list[str]
    lock_version: int
