"""Services for tests, built through the catalogue's own services so they obey its rules.

    published_service(
        code="akta-kelahiran",
        steps=[
            (OfficeKind.VILLAGE, "", 1),
            (OfficeKind.KECAMATAN, "", 1),
            (OfficeKind.AGENCY, "disdukcapil", 1),
        ],
        fee=0,
    )

A step is `(office_kind, agency, days)` or `(office_kind, agency, days, name)`; a
requirement is a name or a dict of Requirement fields.
"""

from itertools import count

from balai.offices.constants import OfficeKind

from ..constants import Category, Component
from ..models import Service, ServiceVersion
from ..services import (
    create_service,
    mark_version_in_use,
    publish_version,
    set_component,
    set_requirements,
    set_steps,
)

_numbers = count(1)

DEFAULT_STEPS = [(OfficeKind.VILLAGE, "", 1)]
DEFAULT_REQUIREMENTS = [
    {"name": "Kartu Keluarga", "original_required": True},
    {"name": "Surat pengantar RT/RW", "mandatory": False},
]
DEFAULT_COMPONENTS = {
    Component.COMPLAINTS: "Sampaikan pengaduan di loket, melalui SP4N-LAPOR!, atau di Balai.",
    Component.LEGAL_BASIS: "Peraturan Bupati tentang Standar Pelayanan (internal).",
}


def step_fields(step) -> dict:
    office_kind, agency, days, *rest = step
    name = rest[0] if rest else f"Diproses {OfficeKind(office_kind).label}"
    return {"office_kind": office_kind, "agency": agency, "time_limit_days": days, "name": name}


def requirement_fields(requirement) -> dict:
    return {"name": requirement} if isinstance(requirement, str) else dict(requirement)


def draft_service(
    code: str | None = None,
    *,
    name: str | None = None,
    category: str = Category.VILLAGE_LETTER,
    steps=None,
    requirements=None,
    components=None,
    fee: int = 0,
    fee_legal_basis: str = "",
    output_product: str = "Surat keterangan",
    **version_fields,
) -> Service:
    """A service with a filled draft version 1, not yet published."""
    number = next(_numbers)
    code = code or f"layanan-{number}"
    if fee and not fee_legal_basis:
        fee_legal_basis = "Peraturan Daerah tentang Retribusi"
    service = create_service(
        code=code,
        name=name or f"Layanan uji {number}",
        category=category,
        fee_amount=fee,
        fee_legal_basis=fee_legal_basis,
        output_product=output_product,
        **version_fields,
    )
    fill_version(
        service.versions.get(),
        steps=DEFAULT_STEPS if steps is None else steps,
        requirements=DEFAULT_REQUIREMENTS if requirements is None else requirements,
        components=DEFAULT_COMPONENTS if components is None else components,
    )
    return service


def fill_version(version: ServiceVersion, *, steps=(), requirements=(), components=None) -> None:
    set_steps(version, [step_fields(step) for step in steps])
    set_requirements(version, [requirement_fields(r) for r in requirements])
    for component, content in (components or {}).items():
        set_component(version, component, content)


def published_service(code: str | None = None, *, in_use: bool = False, **kwargs) -> Service:
    """A service whose version 1 is published (and, with `in_use`, locked by a request)."""
    service = draft_service(code, **kwargs)
    version = publish_version(service.versions.get())
    if in_use:
        mark_version_in_use(version)
    service.refresh_from_db()
    return service
