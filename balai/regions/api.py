"""Public, read-only API of the region tree: look a code up, list children, search names."""

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from .codes import InvalidCode, normalize_any_code
from .models import Region

router = Router(tags=["wilayah"])

MAX_PAGE = 100


class RegionOut(Schema):
    code: str = Field(examples=["35.16.01.2001"])
    name: str = Field(examples=["Tawangrejo"])
    level: int = Field(description="1 provinsi … 4 desa/kelurahan, 5 dusun, 6 RW, 7 RT")
    kind: str = Field(examples=["desa"])
    parent: str | None = Field(None, description="Kode induk; kosong untuk provinsi.")
    active: bool

    @staticmethod
    def resolve_parent(obj) -> str | None:
        # The parent's code is the foreign key itself: no join, no extra query.
        return obj.parent_id


class RegionDetailOut(RegionOut):
    ancestors: list[RegionOut] = Field(description="Induk-induknya, mulai dari provinsi.")

    @staticmethod
    def resolve_ancestors(obj) -> list[Region]:
        return obj.ancestors()  # one query for the whole chain


class RegionFilters(Schema):
    parent: str | None = Field(None, description="Kode induk, dengan atau tanpa titik.")
    q: str | None = Field(None, min_length=2, max_length=100, description="Bagian dari nama.")
    level: int | None = Field(None, ge=1, le=7)
    active: bool | None = None


class RegionPagination(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(50, ge=1, le=MAX_PAGE)
        offset: int = Field(0, ge=0)


def _code_or_422(raw: str) -> str:
    try:
        return normalize_any_code(raw)
    except InvalidCode:
        raise HttpError(
            422,
            _(
                "Kode wilayah '%(code)s' tidak sah. Contoh yang benar: 35.16.01.2001 "
                "atau 3516012001."
            )
            % {"code": raw},
        ) from None


def _not_found(code: str) -> HttpError:
    return HttpError(404, _("Wilayah dengan kode %(code)s tidak ditemukan.") % {"code": code})


@router.get("", response=list[RegionOut], summary="Daftar dan cari wilayah")
@paginate(RegionPagination)
def list_regions(request, filters: Query[RegionFilters]):
    """Children of `parent` (by code), or a name search with `q` (by level, then name).

    Without `parent`, `q` or `level` the provinces are listed.
    """
    regions = Region.objects.all()
    ordering = ["code"]
    if filters.parent:
        parent = _code_or_422(filters.parent)
        if not Region.objects.filter(code=parent).exists():
            raise _not_found(parent)
        regions = regions.filter(parent_id=parent)
    if filters.q:
        regions = regions.filter(name__icontains=" ".join(filters.q.split()))
        ordering = ["level", "name", "code"]
    if filters.level:
        regions = regions.filter(level=filters.level)
    if filters.active is not None:
        regions = regions.filter(active=filters.active)
    if not (filters.parent or filters.q or filters.level):
        regions = regions.filter(parent__isnull=True)
    return regions.order_by(*ordering)


@router.get("/{code}", response=RegionDetailOut, summary="Satu wilayah dengan induknya")
def get_region(request, code: str):
    """Codes are accepted with or without dots: 3516012001 is 35.16.01.2001."""
    normalized = _code_or_422(code)
    region = Region.objects.filter(code=normalized).first()
    if region is None:
        raise _not_found(normalized)
    return region
