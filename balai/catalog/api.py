"""Public API of the service catalogue: what each service needs, costs and takes."""

from datetime import datetime

from django.db.models import Q
from django.utils.translation import gettext as _
from ninja import Field, FilterSchema, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from .constants import Category, Channel
from .models import Service

router = Router(tags=["layanan"])

MAX_PAGE = 100
CHANNEL_FIELDS = {
    Channel.COUNTER: "via_counter",
    Channel.ASSISTED: "via_assisted",
    Channel.ONLINE: "via_online",
    Channel.OUTREACH: "via_outreach",
}


class ServiceFilter(FilterSchema):
    q: str | None = Field(None, description="Sebagian nama atau kode layanan.")
    category: Category | None = None
    channel: Channel | None = None

    def filter_q(self, value):
        return Q(name__icontains=value) | Q(code__icontains=value) if value else Q()

    def filter_category(self, value):
        return Q(category=value) if value else Q()

    def filter_channel(self, value):
        return Q(**{f"current_version__{CHANNEL_FIELDS[value]}": True}) if value else Q()


class ServiceSummary(Schema):
    code: str
    name: str
    category: str
    category_label: str
    fee_amount: int
    is_free: bool
    time_limit_days: int
    channels: list[str]
    version: int

    @staticmethod
    def resolve_category_label(service):
        return str(service.get_category_display())

    @staticmethod
    def resolve_fee_amount(service):
        return service.current_version.fee_amount

    @staticmethod
    def resolve_is_free(service):
        return service.current_version.is_free

    @staticmethod
    def resolve_time_limit_days(service):
        return service.current_version.time_limit_days()

    @staticmethod
    def resolve_channels(service):
        return [str(channel) for channel in service.current_version.channels]

    @staticmethod
    def resolve_version(service):
        return service.current_version.number


class ComponentOut(Schema):
    key: str
    label: str
    content: str


class RequirementOut(Schema):
    name: str
    explanation: str
    mandatory: bool
    original_required: bool
    upload_allowed: bool
    file_types: list[str]


class StepOut(Schema):
    position: int
    name: str
    description: str
    office_kind: str
    office_kind_label: str
    agency: str
    time_limit_days: int

    @staticmethod
    def resolve_office_kind_label(step):
        return str(step.get_office_kind_display())


class ServiceDetail(ServiceSummary):
    description: str
    components: list[ComponentOut]
    requirements: list[RequirementOut]
    steps: list[StepOut]
    fee_legal_basis: str
    output_product: str
    published_at: datetime | None

    @staticmethod
    def resolve_description(service):
        return service.current_version.description

    @staticmethod
    def resolve_components(service):
        return service.current_version.public_components()

    @staticmethod
    def resolve_requirements(service):
        return list(service.current_version.requirements.all())

    @staticmethod
    def resolve_steps(service):
        return list(service.current_version.steps.all())

    @staticmethod
    def resolve_fee_legal_basis(service):
        return service.current_version.fee_legal_basis

    @staticmethod
    def resolve_output_product(service):
        return service.current_version.output_product

    @staticmethod
    def resolve_published_at(service):
        return service.current_version.published_at


class NotFound(Schema):
    detail: str


@router.get("", response=list[ServiceSummary], summary="Daftar layanan yang terbit")
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def list_services(request, filters: Query[ServiceFilter]):
    """Active services with a published version; `limit` is at most 100."""
    return filters.filter(Service.objects.published().for_listing()).order_by(
        "category", "name", "id"
    )


@router.get(
    "/{code}",
    response={200: ServiceDetail, 404: NotFound},
    summary="Standar pelayanan satu layanan",
)
def get_service(request, code: str):
    """The current version in full; internal Standar Pelayanan components are never shown."""
    service = Service.objects.published().for_detail().filter(code=code).first()
    if service is None:
        raise HttpError(404, _("Layanan dengan kode itu tidak ditemukan."))
    return service
