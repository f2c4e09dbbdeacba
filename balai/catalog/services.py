"""Operations that change the catalogue.

Versioning rules:

- A service's content (Standar Pelayanan components, requirements, steps, fee, channels)
  lives in numbered versions. A service has at most one draft and one published version;
  older ones are retired.
- A request keeps the version it started with. The request code calls
  `mark_version_in_use(version)` when it starts; from then on the version is locked.
  A retired version is locked too.
- A locked version is never edited: `start_new_version(service)` copies the current version
  into a new draft, and `publish_version(draft)` makes the draft current and retires the
  previous one. A published version no request has used yet may still be edited in place.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.offices.constants import OfficeKind

from .constants import Component, VersionStatus
from .models import Requirement, Service, ServiceVersion, StandardComponent, Step

__all__ = [
    "EDITABLE_FIELDS",
    "DraftExists",
    "VersionLocked",
    "VersionNotPublishable",
    "create_service",
    "edit_version",
    "ensure_editable",
    "mark_version_in_use",
    "publication_problems",
    "publish_version",
    "set_component",
    "set_requirements",
    "set_steps",
    "start_new_version",
]

# The version fields an administrator may change; status and dates belong to the services.
EDITABLE_FIELDS = frozenset(
    {
        "description",
        "fee_amount",
        "fee_legal_basis",
        "output_product",
        "via_counter",
        "via_assisted",
        "via_online",
        "via_outreach",
    }
)


class VersionLocked(ValidationError):
    """The version is used by requests or retired; its content must stay as it is."""

    def __init__(self, version: ServiceVersion):
        self.version = version
        super().__init__(
            _(
                "Versi %(number)s layanan %(service)s sudah dipakai permohonan atau tidak "
                "berlaku lagi, sehingga isinya tidak dapat diubah. Buat versi baru."
            )
            % {"number": version.number, "service": version.service.name},
            code="version_locked",
        )


class DraftExists(ValidationError):
    """A service has at most one draft: finish or publish it before starting another."""

    def __init__(self, draft: ServiceVersion):
        self.draft = draft
        super().__init__(
            _(
                "Layanan %(service)s sudah punya draf versi %(number)s. "
                "Ubah atau terbitkan draf itu dahulu."
            )
            % {"service": draft.service.name, "number": draft.number},
            code="draft_exists",
        )


class VersionNotPublishable(ValidationError):
    """The version breaks a publication rule; `messages` lists every problem."""


def create_service(*, code: str, name: str, category: str, **version_fields) -> Service:
    """A new service with an empty draft version 1 (`service.versions.get()`)."""
    _check_fields(version_fields)
    with transaction.atomic():
        service = Service.objects.create(code=code, name=name, category=category)
        version = ServiceVersion(service=service, number=1, **version_fields)
        _check_fee(version)
        version.save()
    return service


def start_new_version(service: Service) -> ServiceVersion:
    """A new draft that copies the current version, its components, requirements and steps.

    Raises `DraftExists` when the service already has a draft: two drafts of the same
    service would each claim to be the next version.
    """
    with transaction.atomic():
        service = Service.objects.select_for_update().get(pk=service.pk)
        versions = ServiceVersion.objects.filter(service=service)
        draft = versions.filter(status=VersionStatus.DRAFT).first()
        if draft is not None:
            raise DraftExists(draft)
        source = service.current_version or versions.order_by("-number").first()
        number = (versions.aggregate(highest=Max("number"))["highest"] or 0) + 1
        if source is None:
            return ServiceVersion.objects.create(service=service, number=number)
        return _copy_version(source, number)


def _copy_version(source: ServiceVersion, number: int) -> ServiceVersion:
    copy = ServiceVersion.objects.create(
        service_id=source.service_id,
        number=number,
        status=VersionStatus.DRAFT,
        **{field: getattr(source, field) for field in EDITABLE_FIELDS},
    )
    StandardComponent.objects.bulk_create(
        StandardComponent(version=copy, component=c.component, content=c.content)
        for c in source.components.all()
    )
    Requirement.objects.bulk_create(
        Requirement(
            version=copy,
            position=r.position,
            name=r.name,
            explanation=r.explanation,
            mandatory=r.mandatory,
            original_required=r.original_required,
            upload_allowed=r.upload_allowed,
            file_types=list(r.file_types),
        )
        for r in source.requirements.all()
    )
    Step.objects.bulk_create(
        Step(
            version=copy,
            position=s.position,
            name=s.name,
            description=s.description,
            office_kind=s.office_kind,
            agency=s.agency,
            time_limit_days=s.time_limit_days,
        )
        for s in source.steps.all()
    )
    return copy


def publication_problems(version: ServiceVersion) -> list[str]:
    """Every reason the version cannot be published, in clear Indonesian; empty when fine."""
    problems = []
    steps = list(version.steps.all())
    if not steps:
        problems.append(_("Layanan harus punya sekurang-kurangnya satu tahapan."))
    positions = [step.position for step in steps]
    if steps and sorted(positions) != list(range(1, len(steps) + 1)):
        problems.append(
            _("Urutan tahapan harus 1 sampai %(n)s tanpa lompatan (sekarang: %(found)s).")
            % {"n": len(steps), "found": ", ".join(map(str, sorted(positions)))}
        )
    for step in steps:
        problems.extend(_step_problems(step))
    if version.fee_amount > 0 and not version.fee_legal_basis.strip():
        problems.append(_("Layanan berbayar wajib mencantumkan dasar hukum biaya."))
    missing = [c.label for c in version.public_components() if not c.content.strip()]
    if missing:
        problems.append(
            _("Komponen standar pelayanan yang wajib diumumkan belum diisi: %(names)s.")
            % {"names": "; ".join(missing)}
        )
    return problems


def _step_problems(step: Step) -> list[str]:
    if step.office_kind == OfficeKind.AGENCY and not step.agency:
        return [
            _("Tahapan %(position)s dikerjakan dinas/instansi: pilih instansinya.")
            % {"position": step.position}
        ]
    if step.office_kind != OfficeKind.AGENCY and step.agency:
        return [
            _("Tahapan %(position)s: instansi hanya diisi untuk tahapan di dinas/instansi.")
            % {"position": step.position}
        ]
    return []


def publish_version(version: ServiceVersion) -> ServiceVersion:
    """Make a draft the service's current version and retire the previous one.

    Raises `VersionNotPublishable` listing every problem. Both the service and its versions
    are locked, so two administrators publishing at once cannot leave two current versions.
    """
    with transaction.atomic():
        service = Service.objects.select_for_update().get(pk=version.service_id)
        versions = {
            v.pk: v for v in ServiceVersion.objects.select_for_update().filter(service=service)
        }
        version = versions[version.pk]
        if version.status != VersionStatus.DRAFT:
            raise VersionNotPublishable(
                _("Hanya draf yang dapat diterbitkan; versi %(number)s berstatus %(status)s.")
                % {"number": version.number, "status": version.get_status_display()},
                code="not_draft",
            )
        problems = publication_problems(version)
        if problems:
            raise VersionNotPublishable(problems, code="invalid")
        # Retire first: the database allows one published version per service.
        ServiceVersion.objects.filter(service=service, status=VersionStatus.PUBLISHED).update(
            status=VersionStatus.RETIRED
        )
        version.status = VersionStatus.PUBLISHED
        version.published_at = timezone.now()
        version.save(update_fields=["status", "published_at"])
        service.current_version = version
        service.save(update_fields=["current_version"])
    return version


def mark_version_in_use(version: ServiceVersion):
    """Lock the version's content because a request now depends on it; returns since when.

    Idempotent and safe under concurrency: one UPDATE that only touches a version not yet
    in use, so the first request's time is kept. A draft cannot be used by requests.
    """
    now = timezone.now()
    updated = (
        ServiceVersion.objects.filter(pk=version.pk, in_use_since__isnull=True)
        .exclude(status=VersionStatus.DRAFT)
        .update(in_use_since=now)
    )
    if updated:
        version.in_use_since = now
        return now
    current = ServiceVersion.objects.values("status", "in_use_since").get(pk=version.pk)
    if current["in_use_since"] is None:
        raise ValidationError(
            _("Versi draf belum terbit dan tidak dapat dipakai permohonan."), code="draft"
        )
    version.in_use_since = current["in_use_since"]
    return version.in_use_since


def ensure_editable(version: ServiceVersion) -> None:
    """Raise `VersionLocked` unless the version's content may still change."""
    if version.is_locked:
        raise VersionLocked(version)


def _locked_for_update(version: ServiceVersion) -> ServiceVersion:
    """The version's row, locked, re-read so a request that just started it is seen."""
    fresh = ServiceVersion.objects.select_for_update().select_related("service").get(pk=version.pk)
    ensure_editable(fresh)
    return fresh


def edit_version(version: ServiceVersion, **fields) -> ServiceVersion:
    """Change a draft, or a published version no request uses yet."""
    _check_fields(fields)
    with transaction.atomic():
        fresh = _locked_for_update(version)
        for name, value in fields.items():
            setattr(fresh, name, value)
        _check_fee(fresh)
        fresh.save(update_fields=list(fields))
    for name, value in fields.items():
        setattr(version, name, value)
    return fresh


def set_component(version: ServiceVersion, component: str, content: str) -> None:
    """Write one Standar Pelayanan component; empty content removes it."""
    component = Component(component)
    with transaction.atomic():
        _locked_for_update(version)
        if content.strip():
            StandardComponent.objects.update_or_create(
                version=version, component=component, defaults={"content": content}
            )
        else:
            StandardComponent.objects.filter(version=version, component=component).delete()


def set_requirements(version: ServiceVersion, requirements: list[dict]) -> list[Requirement]:
    """Replace the requirements; each dict holds Requirement fields, positions follow the list."""
    with transaction.atomic():
        _locked_for_update(version)
        version.requirements.all().delete()
        return Requirement.objects.bulk_create(
            Requirement(version=version, position=i, **fields)
            for i, fields in enumerate(requirements, 1)
        )


def set_steps(version: ServiceVersion, steps: list[dict]) -> list[Step]:
    """Replace the steps; each dict holds Step fields, positions follow the list."""
    with transaction.atomic():
        _locked_for_update(version)
        version.steps.all().delete()
        return Step.objects.bulk_create(
            Step(version=version, position=i, **fields) for i, fields in enumerate(steps, 1)
        )


def _check_fields(fields: dict) -> None:
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"Fields that cannot be edited: {', '.join(sorted(unknown))}")


def _check_fee(version: ServiceVersion) -> None:
    if version.fee_amount > 0 and not version.fee_legal_basis.strip():
        raise ValidationError(
            {"fee_legal_basis": _("Layanan berbayar wajib mencantumkan dasar hukum biaya.")},
            code="fee_without_basis",
        )
