"""Applying online: a draft confirmed by a one-time code sent to the citizen's phone or e-mail.

Only services published with the online channel take applications. The draft lives in the
session, never in the address; the tracking code and the PIN are shown once, after the
code is confirmed.
"""

import re
import uuid

import pytest
import time_machine
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from balai.cases.constants import Status
from balai.cases.models import ServiceRequest
from balai.cases.services import check_pin
from balai.cases.tests.factories import kk_service, pdf
from balai.notifications.models import Message

NOW = "2026-03-16 09:00 +0700"
CONFIRM_URL = "/ajukan/konfirmasi/"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def online_service(world):
    return kk_service(code="kk-daring", via_online=True)


def apply_url(service):
    return reverse("cases_public:apply", args=[service.code])


def form_data(world, service, **changes):
    requirement = service.current_version.requirements.get(name="Kartu Keluarga")
    data = {
        "name": "Sri Wahyuni",
        "nik": "3516015708900002",
        "phone": "0812 3456 7890",
        "email": "sri@example.id",
        "address": "Jl. Raya Tawangrejo 12 RT 01/RW 02",
        "village": world.regions.desa_a.code,
        "q": "Tawangrejo",
        "idempotency_key": uuid.uuid4().hex,
        f"berkas_{requirement.pk}": pdf("kk.pdf"),
    }
    data.update(changes)
    return data


def sent_codes(template="confirmation_code"):
    bodies = Message.objects.filter(template=template).order_by("pk").values_list("body", flat=True)
    return [re.search(r"\b(\d{6})\b", body).group(1) for body in bodies]


def html(response):
    return response.content.decode()


def test_the_village_is_found_by_typing_its_name_or_code(client, world, online_service):
    by_name = html(client.get(apply_url(online_service), {"q": "tawang"}))
    assert "Desa Tawangrejo, Kecamatan Jatirejo, Kabupaten Mojokerto" in by_name
    assert "Rejosari" not in by_name
    by_code = html(client.get(apply_url(online_service), {"q": "35.16.01.2002"}))
    assert "Desa Rejosari" in by_code


@time_machine.travel(NOW, tick=False)
def test_an_online_application_is_confirmed_by_the_code_sent_to_the_applicant(
    client, world, online_service
):
    response = client.post(apply_url(online_service), form_data(world, online_service))
    assert response.status_code == 302
    assert response["Location"] == CONFIRM_URL
    draft = ServiceRequest.objects.get()
    assert draft.status == Status.DRAFT
    assert draft.applicant_phone == "+6281234567890"
    assert draft.documents.count() == 1
    assert set(Message.objects.values_list("recipient", flat=True)) == {
        "+6281234567890",
        "sri@example.id",
    }
    code = sent_codes()[0]

    confirm_page = html(client.get(CONFIRM_URL))
    assert "081234567890" not in confirm_page and "+6281234567890" not in confirm_page
    wrong = client.post(CONFIRM_URL, {"code": f"{(int(code) + 1) % 10**6:06d}"})
    assert "Kode konfirmasi salah" in html(wrong)
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT

    confirmed = client.post(CONFIRM_URL, {"code": code})

    assert confirmed.status_code == 200
    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED
    assert draft.current_office == world.offices.desa_a
    page = html(confirmed)
    assert draft.code[:4] in page
    pin = re.search(r"<dt>PIN</dt><dd><strong>(\d{6})</strong>", page).group(1)
    assert check_pin(draft, pin)
    assert Message.objects.filter(template="request_submitted").count() == 2
    # The PIN is shown once: the confirmation page is gone afterwards.
    assert client.get(CONFIRM_URL).status_code == 404


def test_a_double_click_files_one_request(client, world, online_service):
    data = form_data(world, online_service)
    first = client.post(apply_url(online_service), data)
    data[next(key for key in data if key.startswith("berkas_"))] = pdf("kk.pdf")
    second = client.post(apply_url(online_service), data)
    assert first.status_code == second.status_code == 302
    assert ServiceRequest.objects.count() == 1


def test_services_without_the_online_channel_are_404(client, world):
    counter_only = kk_service(code="kk-loket")
    assert client.get(apply_url(counter_only)).status_code == 404
    assert client.post(apply_url(counter_only), form_data(world, counter_only)).status_code == 404
    assert client.get("/layanan/tidak-ada/ajukan/").status_code == 404
    assert ServiceRequest.objects.count() == 0


def test_a_bad_nik_is_refused_with_a_clear_message_and_nothing_is_saved(
    client, world, online_service
):
    response = client.post(
        apply_url(online_service), form_data(world, online_service, nik="3516013102900001")
    )
    assert response.status_code == 200
    assert "Tanggal lahir dalam NIK" in html(response)
    assert ServiceRequest.objects.count() == 0
    assert Message.objects.count() == 0


def test_a_phone_or_an_email_is_required(client, world, online_service):
    response = client.post(
        apply_url(online_service), form_data(world, online_service, phone="", email="")
    )
    assert "Isi nomor HP atau surel" in html(response)
    assert ServiceRequest.objects.count() == 0


def test_mandatory_requirements_must_be_uploaded_as_real_documents(client, world, online_service):
    data = form_data(world, online_service)
    field = next(key for key in data if key.startswith("berkas_"))
    del data[field]
    assert "wajib" in html(client.post(apply_url(online_service), data)).lower()
    data[field] = SimpleUploadedFile("kk.pdf", b"MZ\x90\x00 not a pdf")
    assert "bukan" in html(client.post(apply_url(online_service), data))
    assert ServiceRequest.objects.count() == 0


def test_resending_the_code_is_allowed_once_a_minute(client, world, online_service):
    with time_machine.travel(NOW, tick=False) as clock:
        client.post(apply_url(online_service), form_data(world, online_service, email=""))
        assert len(sent_codes()) == 1

        too_soon = client.post(reverse("cases_public:resend"), follow=True)
        assert "sekali semenit" in html(too_soon)
        assert len(sent_codes()) == 1

        clock.shift(61)
        client.post(reverse("cases_public:resend"))
        assert len(sent_codes()) == 2
        client.post(reverse("cases_public:resend"))
        assert len(sent_codes()) == 2

        newest = sent_codes()[-1]
        assert client.post(CONFIRM_URL, {"code": newest}).status_code == 200
        assert ServiceRequest.objects.get().status == Status.SUBMITTED


def test_the_confirmation_page_needs_a_draft_in_this_browser(client, world, online_service):
    client.post(apply_url(online_service), form_data(world, online_service))
    code = sent_codes()[0]
    stranger = client.__class__()
    assert stranger.get(CONFIRM_URL).status_code == 404
    assert stranger.post(CONFIRM_URL, {"code": code}).status_code == 404
    assert ServiceRequest.objects.get().status == Status.DRAFT


def test_the_service_page_offers_online_application_only_when_allowed(client, world):
    online = kk_service(code="kk-daring", via_online=True)
    counter_only = kk_service(code="kk-loket")
    online_page = html(client.get(reverse("portal:service", args=[online.code])))
    assert apply_url(online) in online_page
    assert reverse("cases_public:track_form") in online_page
    counter_page = html(client.get(reverse("portal:service", args=[counter_only.code])))
    assert "/ajukan/" not in counter_page
