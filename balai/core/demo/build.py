"""Write the demo data to the database, idempotently.

Every row is found by its natural key (a region's code, an office's region, kind and
agency, a user's username, a service's code) and written only when it differs, so a
second run changes nothing and reports every row as unchanged.
"""

from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction
from django.utils import timezone

from balai.accounts.models import User
from balai.catalog.constants import VersionStatus
from balai.catalog.models import Requirement, Service, ServiceVersion, StandardComponent, Step
from balai.offices.models import Membership, Office, OpeningHours
from balai.regions.models import Region

from . import offices as office_data
from . import regions as region_data
from .catalog import SERVICES, ServiceSpec
from .people import DEMO_PASSWORD, PERSONAS
from .standards import fee_legal_basis, standard_components

__all__ = ["Login", "Report", "build_demo"]

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


class Login(NamedTuple):
    username: str
    full_name: str
    role: str
    office: str


@dataclass
class Report:
    """What a run did: per kind of row, how many were created, updated or unchanged."""

    counts: dict[str, Counter] = field(default_factory=dict)
    logins: list[Login] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, label: str, status: str, number: int = 1) -> None:
        self.counts.setdefault(label, Counter())[status] += number

    @property
    def changed(self) -> bool:
        return any(c[CREATED] or c[UPDATED] for c in self.counts.values())


def build_demo() -> Report:
    report = Report()
    with transaction.atomic():
        write_regions(report)
        offices = write_offices(report)
        write_people(offices, report)
        for spec in SERVICES:
            write_service(spec, report)
        write_queue(report)
        write_complaints(report)
        write_statistics(report)
    return report


def write_statistics(report: Report) -> None:
    """Requests and survey answers at Kauman, the rollups reconciled, the lurah's report."""
    from balai.stats.demo import build_stats_demo

    for label, counts in build_stats_demo().items():
        for status, number in counts.items():
            report.add(f"statistics {label}", status, number)


def write_complaints(report: Report) -> None:
    """Categories, routing rules and the broken-drain story of the complaints demo."""
    from balai.complaints.demo import build_complaint_demo

    for label, counts in build_complaint_demo().items():
        for status, number in counts.items():
            report.add(f"complaint {label}", status, number)


def write_queue(report: Report) -> None:
    """Counters, service groups and bookable slots of the demo village office."""
    from balai.queues.demo import build_queue_demo

    # The queue builder reports totals in place, not what it changed.
    for label, number in build_queue_demo().items():
        report.add(f"queue {label} (in place)", UNCHANGED, number)


# --- Generic writers ------------------------------------------------------------------


def upsert(model, lookup: dict, values: dict):
    """Create the row, or update only the fields that differ; say which happened."""
    row = model.objects.filter(**lookup).order_by("pk").first()
    if row is None:
        return model.objects.create(**lookup, **values), CREATED
    return row, update_changed(row, values)


def update_changed(row, values: dict) -> str:
    changed = [name for name, value in values.items() if getattr(row, name) != value]
    if not changed:
        return UNCHANGED
    for name in changed:
        setattr(row, name, values[name])
    fields = row._meta.concrete_fields
    auto_now = [f.name for f in fields if getattr(f, "auto_now", False)]
    row.save(update_fields=changed + auto_now)
    return UPDATED


def sync_keyed(model, existing: dict, wanted: dict, build) -> Counter:
    """Like `upsert` for many rows at once: one query to read, one to create the new ones."""
    counts = Counter()
    new_rows = []
    for key, values in wanted.items():
        row = existing.get(key)
        if row is None:
            new_rows.append(build(key, values))
            counts[CREATED] += 1
        else:
            counts[update_changed(row, values)] += 1
    model.objects.bulk_create(new_rows)
    return counts


def replace_rows(queryset, model, parent: dict, rows: list[dict]) -> str:
    """Make the children of one parent exactly `rows` (in the model's order)."""
    fields = list(rows[0])
    existing = list(queryset.values(*fields))
    if existing == rows:
        return UNCHANGED
    queryset.delete()
    model.objects.bulk_create(model(**parent, **row) for row in rows)
    return UPDATED if existing else CREATED


# --- Regions and offices --------------------------------------------------------------


def write_regions(report: Report) -> None:
    wanted = {
        row.code: {
            "name": row.name,
            "level": row.level,
            "kind": row.kind,
            "parent_id": row.parent_code,
            "active": True,
        }
        for row in region_data.all_rows()
    }
    # Parents come before their children in `wanted`, so one bulk insert keeps the tree whole.
    counts = sync_keyed(
        Region,
        Region.objects.in_bulk(list(wanted)),
        wanted,
        lambda code, values: Region(code=code, **values),
    )
    for status, number in counts.items():
        report.add("regions", status, number)


def write_offices(report: Report) -> dict[str, Office]:
    written = {}
    hours = [
        {"weekday": day, "opens": opens, "closes": closes}
        for day, opens, closes in sorted(office_data.OPENING_HOURS)
    ]
    for spec in office_data.OFFICES:
        office, status = upsert(
            Office,
            {"region_id": spec.region, "kind": spec.kind, "agency": spec.agency},
            {
                "name": spec.name,
                "timezone": office_data.TIMEZONE,
                "address": spec.address,
                "phone": spec.phone,
                "whatsapp": spec.whatsapp,
                "email": spec.email,
                "maklumat": office_data.maklumat_of(spec),
                "active": True,
            },
        )
        report.add("offices", status)
        hours_status = replace_rows(
            office.hours.order_by("weekday", "opens"), OpeningHours, {"office": office}, hours
        )
        report.add("opening hours (per office)", hours_status)
        written[spec.key] = office
    return written


# --- People ---------------------------------------------------------------------------


def write_people(offices: dict[str, Office], report: Report) -> None:
    password_hash = shared_password_hash()
    for persona in PERSONAS:
        user, status = upsert(
            User,
            {"username": persona.username},
            {
                "full_name": persona.full_name,
                "email": persona.email,
                "is_active": True,
                "is_staff": persona.administrator,
                "is_superuser": persona.administrator,
                "password": password_hash,
            },
        )
        report.add("users", status)

        office = offices[persona.office]
        _, status = upsert(
            Membership,
            {"user": user, "office": office, "role": persona.role},
            {"region_id": persona.region, "active": True},
        )
        report.add("memberships", status)
        report.logins.append(
            Login(persona.username, persona.full_name, str(persona.role.label), office.name)
        )


def shared_password_hash() -> str:
    """One hash of the demo password for every demo account.

    Argon2 is slow on purpose (about half a second here); hashing or checking once per
    account would make every run take several seconds. The hash the accounts already
    share is kept when it still matches, so a second run changes no row.
    """
    usernames = [persona.username for persona in PERSONAS]
    hashes = User.objects.filter(username__in=usernames).values_list("password", flat=True)
    common = Counter(hashes).most_common(1)
    if common and check_password(DEMO_PASSWORD, common[0][0]):
        return common[0][0]
    return make_password(DEMO_PASSWORD)


# --- Catalogue ------------------------------------------------------------------------


def write_service(spec: ServiceSpec, report: Report) -> None:
    service, status = upsert(
        Service,
        {"code": spec.code},
        {"name": spec.name, "category": spec.category, "active": True},
    )
    report.add("services", status)
    version = service.versions.filter(number=1).first()
    if service.current_version_id and (version is None or service.current_version_id != version.pk):
        report.notes.append(f"{spec.code}: a later version is current; left as it is.")
        return
    if version is not None and version.is_locked:
        report.notes.append(f"{spec.code}: version 1 is in use; its content is kept.")
        if version.status == VersionStatus.PUBLISHED:
            publish(service, version)
        return

    version, status = upsert(
        ServiceVersion,
        {"service": service, "number": 1},
        {
            "status": VersionStatus.PUBLISHED,
            "description": spec.description,
            "fee_amount": 0,
            "fee_legal_basis": fee_legal_basis(spec),
            "output_product": spec.output_product,
            "via_counter": spec.counter,
            "via_assisted": spec.assisted,
            "via_online": spec.online,
            "via_outreach": spec.outreach,
        },
    )
    report.add("service versions", status)
    counts = sync_keyed(
        StandardComponent,
        {row.component: row for row in version.components.all()},
        {key: {"content": text} for key, text in standard_components(spec).items()},
        lambda key, values: StandardComponent(version=version, component=key, **values),
    )
    for status, number in counts.items():
        report.add("standard components", status, number)
    write_requirements(version, spec, report)
    write_steps(version, spec, report)
    publish(service, version)


def write_requirements(version: ServiceVersion, spec: ServiceSpec, report: Report) -> None:
    rows = [
        {
            "position": position,
            "name": requirement.name,
            "explanation": requirement.explanation,
            "mandatory": requirement.mandatory,
            "original_required": requirement.original_required,
            "upload_allowed": requirement.upload_allowed,
        }
        for position, requirement in enumerate(spec.requirements, start=1)
    ]
    status = replace_rows(
        version.requirements.order_by("position", "id"), Requirement, {"version": version}, rows
    )
    report.add("requirements (per service)", status)


def write_steps(version: ServiceVersion, spec: ServiceSpec, report: Report) -> None:
    rows = [
        {
            "position": position,
            "name": step.name,
            "description": step.description,
            "office_kind": step.office_kind,
            "agency": step.agency,
            "time_limit_days": step.time_limit_days,
        }
        for position, step in enumerate(spec.steps, start=1)
    ]
    status = replace_rows(version.steps.order_by("position"), Step, {"version": version}, rows)
    report.add("steps (per service)", status)


def publish(service: Service, version: ServiceVersion) -> None:
    """Make version 1 the published, current version; its first publication date stays."""
    if version.published_at is None:
        version.published_at = timezone.now()
        version.save(update_fields=["published_at"])
    if service.current_version_id != version.pk:
        service.current_version = version
        service.save(update_fields=["current_version"])
