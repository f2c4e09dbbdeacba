"""A request keeps the version it started with: versions in use or retired never change."""

from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError

from balai.catalog.constants import Component, VersionStatus
from balai.catalog.models import ServiceVersion
from balai.catalog.services import (
    DraftExists,
    VersionLocked,
    create_service,
    edit_version,
    mark_version_in_use,
    publish_version,
    set_component,
    set_steps,
    start_new_version,
)
from balai.offices.constants import Agency, OfficeKind

from .factories import draft_service, published_service, step_fields

pytestmark = pytest.mark.django_db

THREE_OFFICES = [
    (OfficeKind.VILLAGE, "", 1, "Pengantar desa"),
    (OfficeKind.KECAMATAN, "", 2, "Verifikasi kecamatan"),
    (OfficeKind.AGENCY, Agency.DISDUKCAPIL, 1, "Penerbitan akta"),
]


def test_create_service_makes_an_unpublished_draft_version_one():
    service = create_service(
        code="sk-domisili", name="Surat keterangan domisili", category="lainnya"
    )

    version = service.versions.get()
    assert (version.number, version.status) == (1, VersionStatus.DRAFT)
    assert service.current_version is None


def test_a_version_in_use_is_locked_and_edits_are_refused():
    service = published_service(in_use=True)
    version = service.current_version

    with pytest.raises(VersionLocked) as refused:
        edit_version(version, description="Isi baru")

    assert "tidak dapat diubah" in refused.value.messages[0]
    version.refresh_from_db()
    assert version.description == ""


def test_steps_and_components_of_a_version_in_use_cannot_change():
    version = published_service(in_use=True).current_version

    with pytest.raises(VersionLocked):
        set_steps(version, [step_fields((OfficeKind.VILLAGE, "", 9))])
    with pytest.raises(VersionLocked):
        set_component(version, Component.COMPLAINTS, "Lain")

    assert [s.time_limit_days for s in version.steps.all()] == [1]


def test_an_unused_published_version_may_be_edited_in_place():
    version = published_service().current_version

    edit_version(version, description="Diperbarui")

    version.refresh_from_db()
    assert version.description == "Diperbarui"
    assert version.status == VersionStatus.PUBLISHED


def test_a_retired_version_is_locked_even_if_no_request_used_it():
    service = published_service()
    old = service.current_version
    publish_version(start_new_version(service))

    old.refresh_from_db()
    assert old.status == VersionStatus.RETIRED
    with pytest.raises(VersionLocked):
        edit_version(old, description="Terlambat")


def test_marking_in_use_is_idempotent_and_keeps_the_first_time():
    version = published_service().current_version

    first = mark_version_in_use(version)
    second = mark_version_in_use(ServiceVersion.objects.get(pk=version.pk))

    assert first == second
    assert ServiceVersion.objects.get(pk=version.pk).in_use_since == first


def test_marking_in_use_is_one_update(django_assert_num_queries):
    version = published_service().current_version

    with django_assert_num_queries(1):
        mark_version_in_use(version)


def test_a_draft_cannot_be_marked_in_use():
    draft = draft_service().versions.get()

    with pytest.raises(ValidationError):
        mark_version_in_use(draft)

    draft.refresh_from_db()
    assert draft.in_use_since is None


def test_an_edit_is_refused_when_a_request_started_after_the_version_was_read():
    version = published_service().current_version
    stale_copy = ServiceVersion.objects.get(pk=version.pk)
    mark_version_in_use(version)

    with pytest.raises(VersionLocked):
        edit_version(stale_copy, description="Terlambat")


def test_start_new_version_copies_everything_into_a_draft():
    service = published_service(
        steps=THREE_OFFICES,
        requirements=[
            {"name": "Surat keterangan lahir", "original_required": True},
            {"name": "Buku nikah", "mandatory": False, "file_types": ["pdf"]},
        ],
        components={Component.COMPLAINTS: "Loket pengaduan", Component.FACILITIES: "Ruang tunggu"},
        fee=10000,
        fee_legal_basis="Perda 1/2020",
        description="Uraian",
        via_online=True,
    )
    old = service.current_version

    new = start_new_version(service)

    assert (new.number, new.status, new.in_use_since) == (2, VersionStatus.DRAFT, None)
    for field in ["description", "fee_amount", "fee_legal_basis", "output_product", "via_online"]:
        assert getattr(new, field) == getattr(old, field)
    assert _steps(new) == _steps(old)
    assert _requirements(new) == _requirements(old)
    assert _components(new) == _components(old)
    assert new.steps.count() == 3


def test_start_new_version_refuses_a_second_draft():
    service = published_service()
    draft = start_new_version(service)

    with pytest.raises(DraftExists) as refused:
        start_new_version(service)

    assert refused.value.draft == draft
    assert "sudah punya draf versi 2" in refused.value.messages[0]
    assert service.versions.count() == 2


def test_publishing_retires_the_previous_version_which_keeps_its_content():
    service = published_service(steps=THREE_OFFICES, in_use=True)
    old = service.current_version
    draft = start_new_version(service)
    set_steps(draft, [step_fields((OfficeKind.VILLAGE, "", 1, "Langsung selesai di desa"))])

    publish_version(draft)

    service.refresh_from_db()
    old.refresh_from_db()
    assert service.current_version == draft
    assert old.status == VersionStatus.RETIRED
    assert [s.name for s in old.steps.all()] == [
        "Pengantar desa",
        "Verifikasi kecamatan",
        "Penerbitan akta",
    ]
    assert ServiceVersion.objects.filter(service=service, status="published").count() == 1


def test_a_request_holding_the_old_version_still_reads_the_old_steps():
    service = published_service(steps=THREE_OFFICES)
    request_like = SimpleNamespace(service_version_id=service.current_version_id)
    mark_version_in_use(service.current_version)
    draft = start_new_version(service)
    set_steps(draft, [step_fields((OfficeKind.VILLAGE, "", 3, "Satu langkah saja"))])
    publish_version(draft)

    held = ServiceVersion.objects.get(pk=request_like.service_version_id)

    assert [(s.office_kind, s.time_limit_days) for s in held.steps.all()] == [
        (OfficeKind.VILLAGE, 1),
        (OfficeKind.KECAMATAN, 2),
        (OfficeKind.AGENCY, 1),
    ]
    assert held.time_limit_days() == 4
    service.refresh_from_db()
    assert service.current_version.time_limit_days() == 3


def test_editing_fields_that_belong_to_the_workflow_is_a_programming_error():
    version = draft_service().versions.get()

    with pytest.raises(TypeError):
        edit_version(version, status=VersionStatus.PUBLISHED)


def _steps(version):
    return [
        (s.position, s.name, s.description, s.office_kind, s.agency, s.time_limit_days)
        for s in version.steps.all()
    ]


def _requirements(version):
    return [
        (r.position, r.name, r.mandatory, r.original_required, r.upload_allowed, r.file_types)
        for r in version.requirements.all()
    ]


def _components(version):
    return sorted((c.component, c.content) for c in version.components.all())
