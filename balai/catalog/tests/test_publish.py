"""Publishing checks the Standar Pelayanan is complete; fees need a legal basis."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from balai.catalog.constants import PUBLIC_COMPONENTS, Component, VersionStatus
from balai.catalog.models import Step
from balai.catalog.services import (
    VersionNotPublishable,
    create_service,
    edit_version,
    publish_version,
    set_component,
)
from balai.offices.constants import OfficeKind

from .factories import draft_service, published_service

pytestmark = pytest.mark.django_db


def refused_messages(version) -> list[str]:
    with pytest.raises(VersionNotPublishable) as refused:
        publish_version(version)
    version.refresh_from_db()
    assert version.status == VersionStatus.DRAFT
    return refused.value.messages


def test_a_complete_draft_is_published_and_becomes_current():
    service = draft_service()

    version = publish_version(service.versions.get())

    service.refresh_from_db()
    assert service.current_version == version
    assert version.status == VersionStatus.PUBLISHED
    assert version.published_at is not None


def test_a_version_without_steps_is_refused():
    messages = refused_messages(draft_service(steps=[]).versions.get())

    assert "sekurang-kurangnya satu tahapan" in " ".join(messages)


def test_steps_must_be_numbered_one_to_n_without_gaps():
    version = draft_service(steps=[(OfficeKind.VILLAGE, "", 1), (OfficeKind.KECAMATAN, "", 1)])
    version = version.versions.get()
    Step.objects.filter(version=version, position=2).update(position=5)

    messages = refused_messages(version)

    assert any("1 sampai 2" in m and "1, 5" in m for m in messages)


def test_an_agency_step_must_name_its_agency():
    version = draft_service(steps=[(OfficeKind.AGENCY, "", 1)]).versions.get()

    assert any("pilih instansinya" in m for m in refused_messages(version))


def test_a_missing_complaints_component_is_named():
    version = draft_service(components={}).versions.get()

    messages = refused_messages(version)

    assert any("Penanganan pengaduan, saran dan masukan" in m for m in messages)


def test_components_are_derived_from_requirements_steps_fee_and_product():
    version = draft_service(fee=0).versions.get()

    by_key = {c.key: c for c in version.public_components()}

    assert [c.key for c in version.public_components()] == list(PUBLIC_COMPONENTS)
    assert by_key[Component.REQUIREMENTS].content == "1. Kartu Keluarga\n2. Surat pengantar RT/RW"
    assert by_key[Component.TIME_LIMIT].content == "1 hari kerja"
    assert by_key[Component.FEE].content == "Gratis"
    assert by_key[Component.PRODUCT].content == "Surat keterangan"
    assert not by_key[Component.COMPLAINTS].derived


def test_without_requirements_or_product_those_components_must_be_written():
    version = draft_service(requirements=[], output_product="").versions.get()

    messages = " ".join(refused_messages(version))
    assert "Persyaratan" in messages
    assert "Produk pelayanan" in messages

    set_component(version, Component.REQUIREMENTS, "Tidak ada persyaratan khusus.")
    set_component(version, Component.PRODUCT, "Surat keterangan")
    assert publish_version(version).status == VersionStatus.PUBLISHED


def test_every_problem_is_reported_at_once():
    version = draft_service(steps=[], components={}).versions.get()

    assert len(refused_messages(version)) == 2


def test_only_a_draft_can_be_published():
    version = published_service().current_version

    with pytest.raises(VersionNotPublishable) as refused:
        publish_version(version)

    assert "Hanya draf" in refused.value.messages[0]


def test_a_fee_without_legal_basis_is_refused_when_creating():
    with pytest.raises(ValidationError) as refused:
        create_service(code="berbayar", name="Berbayar", category="perizinan", fee_amount=50000)

    assert "dasar hukum biaya" in refused.value.messages[0]


def test_a_fee_without_legal_basis_is_refused_when_editing():
    version = draft_service().versions.get()

    with pytest.raises(ValidationError):
        edit_version(version, fee_amount=25000)

    version.refresh_from_db()
    assert version.fee_amount == 0


def test_the_database_refuses_a_fee_without_legal_basis_too():
    version = draft_service().versions.get()

    with pytest.raises(IntegrityError), transaction.atomic():
        type(version).objects.filter(pk=version.pk).update(fee_amount=1000)


def test_a_paid_service_publishes_with_its_basis_in_the_fee_component():
    version = draft_service(fee=50000, fee_legal_basis="Perda 3/2023").versions.get()

    publish_version(version)

    fee = {c.key: c.content for c in version.public_components()}[Component.FEE]
    assert fee == "Rp 50.000 (dasar hukum: Perda 3/2023)"
