"""The public tracking page: status without personal data; the applicant's own data with the PIN.

A tracking code identifies no one, so it may appear in addresses; the PIN is only ever
posted. Five wrong PINs for a code lock it for fifteen minutes.
"""

import pytest
import time_machine
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from balai.cases.constants import Action, Status
from balai.cases.models import RequestDocument
from balai.cases.services import Upload, file_request, perform
from balai.cases.tests.factories import applicant, kk_service, pdf
from balai.lib import codes

NOW = "2026-03-16 09:00 +0700"
PERSONAL = ("Sri Wahyuni", "3516015708900002", "081234567890", "sri@example.id", "Raya Tawangrejo")


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def filed(world, service=None):
    service = service or kk_service()
    requirement = service.current_version.requirements.get(name="Kartu Keluarga")
    return file_request(
        service=service,
        applicant=applicant(world),
        channel="assisted",
        actor=world.officer_a,
        origin_office=world.offices.desa_a,
        uploads=[Upload(file=pdf("kk-lama.pdf"), requirement=requirement)],
    )


def track_url(request):
    return reverse("cases_public:track", args=[request.code])


def enter_pin(client, request, pin):
    return client.post(track_url(request), {"pin": pin})


def wrong_pin(pin):
    return f"{(int(pin) + 1) % 10**6:06d}"


def html(response):
    return response.content.decode()


@time_machine.travel(NOW, tick=False)
def test_tracking_page_shows_the_journey_in_plain_words_without_personal_data(client, world):
    request = filed(world).request
    perform(request, Action.ACCEPT, actor=world.officer_a)
    perform(request, Action.FORWARD, actor=world.officer_a)

    page = html(client.get(track_url(request)))

    assert request.service.name in page
    assert "Diproses" in page
    assert "Kantor Kecamatan Jatirejo" in page
    assert "Berkas diterima di Kantor Desa Tawangrejo" in page
    assert "Diteruskan ke Kantor Kecamatan Jatirejo" in page
    assert "Maret 2026" in page  # the expected date, in Indonesian
    for personal in PERSONAL:
        assert personal not in page
    assert "petugas.a" not in page


@time_machine.travel(NOW, tick=False)
def test_a_return_shows_the_officers_note(client, world):
    request = filed(world).request
    perform(request, Action.RETURN, actor=world.officer_a, note="Fotokopi akta nikah belum ada")
    page = html(client.get(track_url(request)))
    assert "Dikembalikan: Fotokopi akta nikah belum ada" in page


def test_the_right_pin_shows_the_applicants_own_details_and_documents(client, world):
    result = filed(world)
    response = enter_pin(client, result.request, result.pin)
    assert response.status_code == 302
    assert result.pin not in response["Location"]

    page = html(client.get(track_url(result.request)))
    assert "Sri Wahyuni" in page
    assert "3516015708900002" in page
    assert "kk-lama.pdf" in page


def test_a_wrong_pin_shows_nothing_personal(client, world):
    result = filed(world)
    response = enter_pin(client, result.request, wrong_pin(result.pin))
    assert response.status_code == 200
    page = html(response)
    assert "PIN salah" in page
    for personal in PERSONAL:
        assert personal not in page


def test_five_wrong_pins_lock_the_code_for_fifteen_minutes(client, world):
    result = filed(world)
    with time_machine.travel(NOW, tick=False) as clock:
        statuses = [
            enter_pin(client, result.request, wrong_pin(result.pin)).status_code for _ in range(5)
        ]
        assert statuses == [200, 200, 200, 200, 429]

        locked = enter_pin(client, result.request, result.pin)
        assert locked.status_code == 429
        assert "15 menit" in html(locked)
        assert "Sri Wahyuni" not in html(client.get(track_url(result.request)))

        clock.shift(15 * 60 + 1)
        assert enter_pin(client, result.request, result.pin).status_code == 302
        assert "Sri Wahyuni" in html(client.get(track_url(result.request)))


def test_codes_are_accepted_with_dashes_and_in_lower_case(client, world):
    request = filed(world).request
    typed = codes.display(request.code).lower()
    response = client.get(reverse("cases_public:track_form"), {"code": f" {typed} "})
    assert response.status_code == 302
    assert response["Location"] == track_url(request)
    assert client.get(f"/lacak/{typed}/").status_code == 302


def mistyped(code):
    wrong_check = next(ch for ch in codes.ALPHABET if ch != code[-1])
    return code[:-1] + wrong_check


def test_a_wrong_check_character_is_refused_before_any_database_query(
    client, world, django_assert_num_queries
):
    request = filed(world).request
    with django_assert_num_queries(0):
        form = client.get(reverse("cases_public:track_form"), {"code": mistyped(request.code)})
        page = client.get(f"/lacak/{mistyped(request.code)}/")
    assert form.status_code == 200
    assert "Kode tidak sah, periksa kembali" in html(form)
    assert page.status_code == 404
    assert "Kode tidak sah, periksa kembali" in html(page)


def test_an_unknown_code_is_a_helpful_404(client, db):
    response = client.get(f"/lacak/{codes.new_code()}/")
    assert response.status_code == 404
    assert "Tidak ada permohonan dengan kode ini" in html(response)
    assert "kantor desa/kelurahan" in html(response)


def test_unconfirmed_online_drafts_cannot_be_tracked(client, world):
    service = kk_service(code="kk-daring", via_online=True)
    draft = file_request(service=service, applicant=applicant(world), channel="online").request
    assert draft.status == Status.DRAFT
    assert client.get(track_url(draft)).status_code == 404


def test_documents_download_only_after_the_pin_as_attachments(client, world):
    result = filed(world)
    document = result.request.documents.get()
    url = reverse("cases_public:document", args=[result.request.code, document.pk])
    assert client.get(url).status_code == 404

    enter_pin(client, result.request, result.pin)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_the_pin_opens_only_its_own_code(client, world):
    service = kk_service()
    mine, other = filed(world, service), filed(world, service)
    enter_pin(client, mine.request, mine.pin)
    other_document = other.request.documents.get()
    url = reverse("cases_public:document", args=[other.request.code, other_document.pk])
    assert client.get(url).status_code == 404
    assert "Sri Wahyuni" not in html(client.get(track_url(other.request)))


def test_hiding_the_data_again_forgets_the_pin(client, world):
    result = filed(world)
    enter_pin(client, result.request, result.pin)
    client.post(reverse("cases_public:forget_pin", args=[result.request.code]))
    assert "Sri Wahyuni" not in html(client.get(track_url(result.request)))


@time_machine.travel(NOW, tick=False)
def test_the_applicant_resubmits_a_returned_request_with_a_new_file(client, world):
    result = filed(world)
    request = result.request
    perform(request, Action.ACCEPT, actor=world.officer_a)
    perform(request, Action.RETURN, actor=world.officer_a, note="Scan KK buram")
    request.refresh_from_db()
    requirement = request.version.requirements.get(name="Kartu Keluarga")
    enter_pin(client, request, result.pin)
    assert "Ajukan ulang" in html(client.get(track_url(request)))

    response = client.post(
        reverse("cases_public:act", args=[request.code]),
        {
            "action": "resubmit",
            "expected_version": request.lock_version,
            f"berkas_{requirement.pk}": pdf("kk-jelas.pdf"),
        },
    )

    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == Status.IN_PROCESS
    assert RequestDocument.objects.filter(
        request=request, requirement=requirement, original_name="kk-jelas.pdf"
    ).exists()
    event = request.events.last()
    assert event.action == Action.RESUBMIT and event.by_applicant


def test_a_resubmission_with_a_fake_file_changes_nothing(client, world):
    result = filed(world)
    request = result.request
    perform(request, Action.RETURN, actor=world.officer_a, note="Scan KK buram")
    requirement = request.version.requirements.get(name="Kartu Keluarga")
    enter_pin(client, request, result.pin)
    fake = SimpleUploadedFile("kk.pdf", b"<html><script>alert(1)</script></html>")

    response = client.post(
        reverse("cases_public:act", args=[request.code]),
        {"action": "resubmit", f"berkas_{requirement.pk}": fake},
        follow=True,
    )

    assert "bukan" in html(response)
    request.refresh_from_db()
    assert request.status == Status.RETURNED
    assert request.documents.count() == 1


def test_the_applicant_cancels_with_a_reason_before_processing_starts(client, world):
    result = filed(world)
    enter_pin(client, result.request, result.pin)
    act_url = reverse("cases_public:act", args=[result.request.code])

    without_reason = client.post(act_url, {"action": "cancel", "note": ""}, follow=True)
    assert "alasan" in html(without_reason)
    result.request.refresh_from_db()
    assert result.request.status == Status.SUBMITTED

    client.post(act_url, {"action": "cancel", "note": "Sudah diurus di kecamatan"})
    result.request.refresh_from_db()
    assert result.request.status == Status.CANCELLED


def test_cancelling_is_refused_once_processing_has_started(client, world):
    result = filed(world)
    perform(result.request, Action.ACCEPT, actor=world.officer_a)
    enter_pin(client, result.request, result.pin)
    assert "Batalkan permohonan" not in html(client.get(track_url(result.request)))

    response = client.post(
        reverse("cases_public:act", args=[result.request.code]),
        {"action": "cancel", "note": "Berubah pikiran"},
        follow=True,
    )

    assert "tidak dapat dilakukan" in html(response)
    result.request.refresh_from_db()
    assert result.request.status == Status.IN_PROCESS


def test_actions_need_the_pin_first(client, world):
    request = filed(world).request
    response = client.post(
        reverse("cases_public:act", args=[request.code]), {"action": "cancel", "note": "x"}
    )
    assert response.status_code == 404
    request.refresh_from_db()
    assert request.status == Status.SUBMITTED


@time_machine.travel(NOW, tick=False)
def test_the_whole_journey_reads_as_plain_sentences(client, world):
    request = filed(world).request
    perform(request, Action.ACCEPT, actor=world.officer_a)
    perform(request, Action.FORWARD, actor=world.officer_a)
    perform(request, Action.FORWARD, actor=world.kecamatan_operator)
    perform(request, Action.COMPLETE, actor=world.disdukcapil_officer, uploads=[Upload(pdf())])
    perform(request, Action.HAND_OVER, actor=world.officer_a, handover_method="pickup")

    page = html(client.get(track_url(request)))

    assert "Diteruskan ke Dinas Kependudukan dan Pencatatan Sipil Kabupaten Mojokerto" in page
    assert (
        "Dokumen selesai di Dinas Kependudukan dan Pencatatan Sipil Kabupaten Mojokerto, "
        "siap diambil di Kantor Desa Tawangrejo"
    ) in page
    assert "Dokumen diserahkan kepada pemohon" in page
    assert "Sudah diserahkan" in page
    for personal in PERSONAL:
        assert personal not in page
