"""Public directory of offices: where to go, when it is open, how to reach it.

Office profiles are public information; members and anything personal are never shown.
"""

from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _
from ninja import Field, FilterSchema, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from balai.regions.codes import InvalidCode, ancestor_codes, normalize_code

from .constants import Agency, OfficeKind
from .models import Office, OpeningHours

router = Router(tags=["kantor"])

MAX_PAGE = 100


class OfficeFilter(FilterSchema):
    kind: OfficeKind | None = None
    agency: Agency | None = None
    region: str | None = Field(
        None,
        description="Kode wilayah: kantor di dalam wilayah itu dan kantor yang melayaninya.",
    )
    q: str | None = Field(None, description="Sebagian nama kantor.")

    def filter_kind(self, value):
        return Q(kind=value) if value else Q()

    def filter_agency(self, value):
        return Q(agency=value) if value else Q()

    def filter_region(self, value):
        if not value:
            return Q()
        code = _normalized(value)
        inside = Q(region_id=code) | Q(region__code__startswith=code + ".")
        return inside | Q(region_id__in=ancestor_codes(code))

    def filter_q(self, value):
        return Q(name__icontains=value.strip()) if value and value.strip() else Q()


def _normalized(raw: str) -> str:
    """Dotted official codes; local units (RT/RW) are kept as written."""
    try:
        return normalize_code(raw)
    except InvalidCode:
        return raw.strip()


class RegionOut(Schema):
    code: str
    name: str


class OfficeSummary(Schema):
    id: int
    name: str
    kind: str
    kind_label: str
    agency: str
    agency_label: str
    region: RegionOut
    timezone: str

    @staticmethod
    def resolve_kind_label(office):
        return str(office.get_kind_display())

    @staticmethod
    def resolve_agency_label(office):
        return str(office.get_agency_display()) if office.agency else ""


class HoursOut(Schema):
    weekday: int
    weekday_label: str
    opens: str
    closes: str

    @staticmethod
    def resolve_weekday_label(hours):
        return str(hours.get_weekday_display())

    @staticmethod
    def resolve_opens(hours):
        return hours.opens.strftime("%H:%M")

    @staticmethod
    def resolve_closes(hours):
        return hours.closes.strftime("%H:%M")


class OfficeDetail(OfficeSummary):
    address: str
    phone: str
    whatsapp: str
    email: str
    maklumat: str
    hours: list[HoursOut]

    @staticmethod
    def resolve_hours(office):
        return list(office.hours.all())


class NotFound(Schema):
    detail: str


@router.get("", response=list[OfficeSummary], summary="Daftar kantor layanan")
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def list_offices(request, filters: Query[OfficeFilter]):
    """Active offices ordered by region code, kind and name; `limit` is at most 100."""
    offices = Office.objects.active().select_related("region")
    return filters.filter(offices).order_by("region_id", "kind", "name", "id")


@router.get(
    "/{int:office_id}",
    response={200: OfficeDetail, 404: NotFound},
    summary="Profil satu kantor",
)
def get_office(request, office_id: int):
    """Contacts, maklumat pelayanan and opening hours of an active office."""
    office = (
        Office.objects.active()
        .select_related("region")
        .prefetch_related(
            Prefetch("hours", queryset=OpeningHours.objects.order_by("weekday", "opens"))
        )
        .filter(pk=office_id)
        .first()
    )
    if office is None:
        raise HttpError(404, _("Kantor tidak ditemukan."))
    return office
