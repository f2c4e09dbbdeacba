"""Intake in the workspace: an officer files a request for a citizen.

A good form gives one request and a receipt that shows the PIN once; a bad NIK or a bad
file gets a clear message and saves nothing, neither rows nor files; a resubmitted form
(same idempotency key) gives the same request.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from balai.cases import uploads
from balai.cases.models import RequestDocument, ServiceRequest
from balai.cases.services import check_pin
from balai.cases.tests.factories import PDF_BYTES, PNG_BYTES, kk_service, pdf
from balai.catalog.tests.factories import published_service
from balai.lib import codes
from balai.regions.tests.factories import RegionFactory

CHOOSE = "/kerja/permohonan/baru/"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def service(world):
    return kk_service(
        requirements=[
            {"name": "Formulir F-1.02", "file_types": ["pdf"]},
            {"name": "Kartu Keluarga lama", "original_required": True},
            {"name": "Surat keterangan RT", "upload_allowed": False, "mandatory": False},
        ]
    )


@pytest.fixture
def officer(client, world):
    client.force_login(world.officer_a)
    return world.officer_a


def form_url(service):
    return reverse("cases:new_form", args=[service.code])


def requirement(service, name):
    return service.current_version.requirements.get(name=name)


def form_data(world, service, **extra):
    form = requirement(service, "Formulir F-1.02")
    old_kk = requirement(service, "Kartu Keluarga lama")
    data = {
        "idempotency_key": "0f3c2a5e9b8d4c1e8a7f6b5c4d3e2f10",
        "name": "Sri  Wahyuni",
        "nik": "3516015708900002",
        "phone": "0812-3456-7890",
        "email": "sri@example.id",
        "address": "Jl. Raya Tawangrejo 12",
        "region": world.regions.desa_a.code,
        f"seen_{form.pk}": "on",
        f"seen_{old_kk.pk}": "on",
        f"file_{form.pk}": pdf("formulir.pdf"),
    }
    return data | extra


def files_in(media):
    return [path for path in media.rglob("*") if path.is_file()]


def test_the_service_list_offers_only_services_open_to_assisted_intake(client, officer, service):
    online_only = published_service(
        code="online-saja", name="Layanan daring saja", via_assisted=False, via_online=True
    )
    page = client.get(CHOOSE).text
    assert service.name in page
    assert form_url(service) in page
    assert online_only.name not in page


def test_the_service_list_can_be_searched(client, officer, service):
    other = published_service(code="sk-domisili", name="Surat keterangan domisili")
    page = client.get(CHOOSE, {"q": "domisili"}).text
    assert other.name in page
    assert service.name not in page


def test_the_form_offers_the_offices_village_and_its_local_units_only(
    client, world, officer, service
):
    RegionFactory(code="35.16.01.2001.RW001", name="001")
    RegionFactory(code="35.16.01.2001.RW001.RT002", name="002")
    RegionFactory(code="35.16.01.2002.RW001", name="001")
    form = client.get(form_url(service)).context["form"]
    choices = [code for code, _label in form.fields["region"].choices if code]
    assert [str(code) for code in choices] == [
        "35.16.01.2001",
        "35.16.01.2001.RW001",
        "35.16.01.2001.RW001.RT002",
    ]


def test_the_form_carries_a_fresh_idempotency_key_and_accept_attributes(client, officer, service):
    first = client.get(form_url(service))
    second = client.get(form_url(service))
    key = first.context["form"]["idempotency_key"].value()
    assert len(key) == 32
    assert key != second.context["form"]["idempotency_key"].value()
    assert 'accept=".pdf,application/pdf"' in first.text
    no_upload = requirement(service, "Surat keterangan RT")
    assert f"file_{no_upload.pk}" not in first.text


def test_a_good_form_files_one_request_and_shows_code_and_pin_once(
    client, world, officer, service, media
):
    response = client.post(form_url(service), form_data(world, service))
    request = ServiceRequest.objects.get()
    receipt_url = reverse("cases:receipt", args=[request.code])
    assert response.status_code == 302
    assert response["Location"] == receipt_url
    assert request.applicant_name == "Sri Wahyuni"
    assert request.applicant_phone == "081234567890"
    assert request.channel == "assisted"
    assert request.origin_office == world.offices.desa_a
    assert request.requirement_checks.filter(seen=True).count() == 2
    assert request.documents.get().original_name == "formulir.pdf"

    receipt = client.get(receipt_url)
    pin = receipt.context["pin"]
    assert check_pin(request, pin)
    assert codes.display(request.code) in receipt.text
    assert pin in receipt.text
    assert 'media="print"' in receipt.text
    assert reverse("cases_public:track", args=[request.code]) in receipt.text

    again = client.get(receipt_url)
    assert again.context["pin"] is None
    assert "tidak dapat ditampilkan lagi" in again.text


def test_the_same_form_posted_twice_files_one_request(client, world, officer, service):
    first = client.post(form_url(service), form_data(world, service))
    second = client.post(form_url(service), form_data(world, service))
    assert ServiceRequest.objects.count() == 1
    assert first["Location"] == second["Location"]
    assert RequestDocument.objects.count() == 1


@pytest.mark.parametrize(
    ("nik", "message"),
    [
        ("3516013102900002", "Tanggal lahir dalam NIK"),
        ("35160157089000", "NIK harus 16 angka."),
        ("3516015708900000", "tidak boleh 0000"),
        ("9916015708900002", "Kode provinsi 99"),
    ],
)
def test_a_bad_nik_is_explained_and_nothing_is_saved(
    client, world, officer, service, media, nik, message
):
    response = client.post(form_url(service), form_data(world, service, nik=nik))
    assert response.status_code == 400
    assert message in response.text
    assert "Permohonan belum disimpan" in response.text
    assert "perlu dipilih ulang" in response.text
    # What was typed stays in the form.
    assert 'value="Jl. Raya Tawangrejo 12"' in response.text
    assert ServiceRequest.objects.count() == 0
    assert files_in(media) == []


def test_an_unknown_kecamatan_in_the_nik_is_only_a_warning(client, world, officer, service):
    response = client.post(
        form_url(service), form_data(world, service, nik="3516995708900002"), follow=True
    )
    assert ServiceRequest.objects.count() == 1
    assert "Periksa kembali NIK" in response.text
    assert "35.16.99" in response.text


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (PNG_BYTES, "bukan PDF"),
        (b"<html><script>alert(1)</script></html>", "bukan PDF"),
        (b"", "kosong"),
    ],
)
def test_a_bad_upload_is_refused_and_nothing_is_saved(
    client, world, officer, service, media, content, message
):
    form = requirement(service, "Formulir F-1.02")
    fake = SimpleUploadedFile("formulir.pdf", content, content_type="application/pdf")
    response = client.post(
        form_url(service), form_data(world, service, **{f"file_{form.pk}": fake})
    )
    assert response.status_code == 400
    assert message in response.text
    assert ServiceRequest.objects.count() == 0
    assert files_in(media) == []


def test_a_file_over_the_size_limit_is_refused_and_nothing_is_saved(
    client, world, officer, service, media, monkeypatch
):
    monkeypatch.setattr(uploads, "MAX_UPLOAD_BYTES", 1024 * 1024)
    old_kk = requirement(service, "Kartu Keluarga lama")
    big = SimpleUploadedFile("kk.pdf", PDF_BYTES + b"0" * (1024 * 1024), "application/pdf")
    # The first file is fine and would be stored first: it must not stay behind either.
    data = form_data(world, service, **{f"file_{old_kk.pk}": big})
    response = client.post(form_url(service), data)
    assert response.status_code == 400
    assert "terlalu besar" in response.text
    assert ServiceRequest.objects.count() == 0
    assert files_in(media) == []


def test_a_village_outside_the_office_is_refused(client, world, officer, service):
    data = form_data(world, service, region=world.regions.desa_b.code)
    response = client.post(form_url(service), data)
    assert response.status_code == 400
    assert ServiceRequest.objects.count() == 0


def test_the_outsider_cannot_file_in_the_name_of_desa_a(client, world, service):
    client.force_login(world.officer_b)
    url = f"{form_url(service)}?kantor={world.offices.desa_a.pk}"
    assert client.get(url).status_code == 404
    assert client.post(url, form_data(world, service)).status_code == 404
    assert ServiceRequest.objects.count() == 0


def test_a_user_without_a_staff_role_is_told_so(client, world, service):
    client.force_login(world.admin)
    response = client.get(CHOOSE)
    assert response.status_code == 200
    assert "belum ditempatkan sebagai petugas" in response.text
