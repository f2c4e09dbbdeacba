"""Public tracking through the API: no personal data without the PIN header.

`X-Tracking-PIN` with the right PIN adds the applicant's own details and documents; a wrong
PIN is 403, and after five wrong PINs the code answers 429 for fifteen minutes.
"""

import pytest
import time_machine
from django.core.cache import cache

from balai.cases.constants import Action
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


def filed(world):
    service = kk_service()
    requirement = service.current_version.requirements.get(name="Kartu Keluarga")
    return file_request(
        service=service,
        applicant=applicant(world),
        channel="assisted",
        actor=world.officer_a,
        origin_office=world.offices.desa_a,
        uploads=[Upload(file=pdf("kk-lama.pdf"), requirement=requirement)],
    )


def track(client, code, pin=None):
    headers = {"HTTP_X_TRACKING_PIN": pin} if pin is not None else {}
    return client.get(f"/api/v1/track/{code}", **headers)


def wrong(pin):
    return f"{(int(pin) + 1) % 10**6:06d}"


@time_machine.travel(NOW, tick=False)
def test_tracking_shows_status_step_date_and_history_but_nobody(client, world):
    request = filed(world).request
    perform(request, Action.ACCEPT, actor=world.officer_a)
    perform(request, Action.FORWARD, actor=world.officer_a)

    response = track(client, codes.display(request.code).lower())

    assert response.status_code == 200
    answer = response.json()
    assert answer["status"] == "in_process"
    assert answer["status_label"] == "Diproses"
    assert answer["current_office"] == "Kantor Kecamatan Jatirejo"
    assert answer["current_step"] == "Verifikasi kecamatan"
    assert answer["due_date"]
    assert [entry["text"] for entry in answer["timeline"]] == [
        "Berkas diterima di Kantor Desa Tawangrejo",
        "Berkas diperiksa dan mulai diproses di Kantor Desa Tawangrejo",
        "Diteruskan ke Kantor Kecamatan Jatirejo",
    ]
    assert answer["applicant"] is None and answer["documents"] is None
    for personal in PERSONAL:
        assert personal not in response.content.decode()
    assert "petugas.a" not in response.content.decode()


def test_the_right_pin_adds_the_applicants_own_details_and_documents(client, world):
    result = filed(world)
    answer = track(client, result.request.code, result.pin).json()
    assert answer["applicant"]["name"] == "Sri Wahyuni"
    assert answer["applicant"]["nik"] == "3516015708900002"
    [document] = answer["documents"]
    assert document["original_name"] == "kk-lama.pdf"

    url = f"/api/v1/track/{result.request.code}/documents/{document['id']}"
    download = client.get(url, HTTP_X_TRACKING_PIN=result.pin)
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert client.get(url, HTTP_X_TRACKING_PIN=wrong(result.pin)).status_code == 403


def test_a_wrong_pin_is_403(client, world):
    result = filed(world)
    response = track(client, result.request.code, wrong(result.pin))
    assert response.status_code == 403
    assert response.json() == {"detail": "PIN salah."}


def test_five_wrong_pins_lock_the_code_with_429_for_fifteen_minutes(client, world):
    result = filed(world)
    code = result.request.code
    with time_machine.travel(NOW, tick=False) as clock:
        assert [track(client, code, wrong(result.pin)).status_code for _ in range(5)] == [403] * 5
        locked = track(client, code, result.pin)
        assert locked.status_code == 429
        assert "15 menit" in locked.json()["detail"]
        assert track(client, code).status_code == 200  # status without the PIN stays open

        clock.shift(15 * 60 + 1)
        assert track(client, code, result.pin).status_code == 200


def test_the_page_and_the_api_share_the_lock(client, world):
    result = filed(world)
    for _ in range(5):
        client.post(f"/lacak/{result.request.code}/", {"pin": wrong(result.pin)})
    assert track(client, result.request.code, result.pin).status_code == 429


def test_a_wrong_check_character_is_404_without_a_database_query(
    client, world, django_assert_num_queries
):
    code = filed(world).request.code
    typo = code[:-1] + next(ch for ch in codes.ALPHABET if ch != code[-1])
    with django_assert_num_queries(0):
        response = track(client, typo)
    assert response.status_code == 404
    assert response.json() == {"detail": "Kode tidak sah, periksa kembali."}


def test_an_unknown_code_is_404(client, db):
    response = track(client, codes.new_code())
    assert response.status_code == 404
    assert response.json()["detail"] == "Tidak ada permohonan dengan kode ini."
