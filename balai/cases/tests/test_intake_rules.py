"""Taking a request in: the service must be open on the channel, the officer must serve the
applicant's village, every step needs an office, uploads are judged by content. A refused
intake saves nothing, neither rows nor files."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from balai.cases.models import RequestDocument, RequestStep, ServiceRequest
from balai.cases.services import IntakeError, Upload, file_request
from balai.cases.tests import factories as f
from balai.catalog.models import ServiceVersion
from balai.notifications.models import Message


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_files(media):
    return [p for p in media.rglob("*") if p.is_file()]


def assert_nothing_saved(media=None):
    assert not ServiceRequest.objects.exists()
    assert not RequestStep.objects.exists()
    assert not RequestDocument.objects.exists()
    assert not Message.objects.exists()
    if media is not None:
        assert stored_files(media) == []


def file_for(world, service, *, actor=None, office=None, **extra):
    return file_request(
        service=service,
        applicant=extra.pop("applicant", None) or f.applicant(world),
        channel=extra.pop("channel", "assisted"),
        actor=actor or world.officer_a,
        origin_office=office or world.offices.desa_a,
        **extra,
    )


@pytest.mark.parametrize("channel", ["online", "outreach"])
def test_a_channel_the_service_does_not_offer_is_refused(world, channel):
    service = f.kk_service()  # counter and assisted only
    with pytest.raises(IntakeError, match="tidak dapat diajukan melalui kanal"):
        file_request(service=service, applicant=f.applicant(world), channel=channel)
    assert_nothing_saved()


def test_desa_b_officer_cannot_file_for_a_desa_a_address_at_their_own_office(world):
    with pytest.raises(IntakeError, match="di luar wilayah kantor Anda"):
        file_for(world, f.kk_service(), actor=world.officer_b, office=world.offices.desa_b)
    assert_nothing_saved()


def test_desa_b_officer_cannot_file_in_the_name_of_desa_a_office(world):
    with pytest.raises(IntakeError, match="bukan petugas di kantor ini"):
        file_for(world, f.kk_service(), actor=world.officer_b, office=world.offices.desa_a)
    assert_nothing_saved()


def test_an_address_above_village_level_is_refused(world):
    citizen = f.applicant(world, region=world.regions.kecamatan)
    with pytest.raises(IntakeError, match="Pilih desa/kelurahan"):
        file_for(world, f.kk_service(), applicant=citizen)
    assert_nothing_saved()


def test_a_step_without_an_active_office_is_named_and_nothing_is_saved(world, media):
    service = f.kk_service()
    world.offices.kecamatan.active = False
    world.offices.kecamatan.save(update_fields=["active"])
    with pytest.raises(IntakeError) as refused:
        file_for(
            world, service, uploads=[Upload(f.pdf(), service.current_version.requirements.first())]
        )
    assert "Verifikasi kecamatan" in str(refused.value.messages)
    assert_nothing_saved(media)
    assert ServiceVersion.objects.get(pk=service.current_version.pk).in_use_since is None


def test_a_step_whose_office_was_never_registered_is_named(world):
    service = f.kk_service()
    world.offices.disdukcapil.memberships.all().delete()
    world.offices.disdukcapil.delete()
    with pytest.raises(IntakeError) as refused:
        file_for(world, service)
    assert "Penerbitan" in str(refused.value.messages)
    assert_nothing_saved()


BAD_UPLOADS = {
    "an executable named .pdf": (b"MZ\x90\x00\x03\x00\x00\x00", "kk.pdf"),
    "an empty file": (b"", "kk.pdf"),
    "html posing as an image": (b"<html><script>alert(1)</script>", "foto.png"),
}


@pytest.mark.parametrize("content,name", BAD_UPLOADS.values(), ids=BAD_UPLOADS.keys())
def test_a_bad_upload_is_refused_and_nothing_is_stored(world, media, content, name):
    service = f.kk_service()
    requirement = service.current_version.requirements.first()
    good = Upload(f.pdf("kk-asli.pdf"), requirement)
    bad = Upload(SimpleUploadedFile(name, content), requirement)
    with pytest.raises(IntakeError) as refused:
        file_for(world, service, uploads=[good, bad])
    assert name in " ".join(refused.value.messages)
    assert_nothing_saved(media)


def test_a_file_type_the_requirement_does_not_take_is_refused(world, media):
    service = f.kk_service()
    requirement = service.current_version.requirements.first()
    requirement.file_types = ["pdf"]
    requirement.save(update_fields=["file_types"])
    photo = SimpleUploadedFile("kk.png", f.PNG_BYTES, content_type="image/png")
    with pytest.raises(IntakeError, match="bukan PDF"):
        file_for(world, service, uploads=[Upload(photo, requirement)])
    assert_nothing_saved(media)


def test_a_good_upload_is_stored_under_a_random_name(world, media):
    service = f.kk_service()
    requirement = service.current_version.requirements.first()
    request = file_for(
        world, service, uploads=[Upload(f.pdf("KK Sri Wahyuni.pdf"), requirement)]
    ).request
    document = request.documents.get()
    assert document.original_name == "KK Sri Wahyuni.pdf"
    assert document.content_type == "application/pdf"
    assert "Sri" not in document.file.name
    assert len(stored_files(media)) == 1


def test_the_version_is_marked_in_use_by_the_first_request_only(world):
    service = f.kk_service()
    version = service.current_version
    assert version.in_use_since is None
    first = file_for(world, service).request
    since = ServiceVersion.objects.get(pk=version.pk).in_use_since
    assert since is not None
    file_for(world, service)
    assert ServiceVersion.objects.get(pk=version.pk).in_use_since == since
    assert first.version_id == version.pk


def test_the_same_idempotency_key_twice_gives_the_first_request(world):
    service = f.kk_service()
    first = file_for(world, service, idempotency_key="klik-1")
    again = file_for(world, service, idempotency_key="klik-1")
    assert (first.created, again.created) == (True, False)
    assert again.request.pk == first.request.pk
    assert again.pin is None
    assert ServiceRequest.objects.count() == 1


def test_every_request_gets_a_code_and_a_pin_that_opens_it(world):
    from balai.cases.services import check_pin
    from balai.lib import codes

    filed = file_for(world, f.kk_service())
    assert codes.is_valid(filed.request.code)
    assert len(filed.pin) == 6
    assert check_pin(filed.request, filed.pin)
    assert not check_pin(filed.request, "000000" if filed.pin != "000000" else "111111")
