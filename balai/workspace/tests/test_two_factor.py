"""Two-step verification: set up with a real code, demanded at sign-in, switched off with one."""

from base64 import b32decode

import time_machine
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from balai.accounts.tests.otp import PASSWORD, current_code, wrong_code

SETUP_URL = "/kerja/akun/dua-langkah/aktifkan/"
DISABLE_URL = "/kerja/akun/dua-langkah/matikan/"
CODE_URL = "/kerja/masuk/kode/"


def test_the_setup_page_shows_a_qr_code_and_the_secret(client, world):
    client.force_login(world.officer_a)
    response = client.get(SETUP_URL)
    assert response.status_code == 200
    assert "<svg" in response.text
    device = TOTPDevice.objects.get(user=world.officer_a)
    assert not device.confirmed
    secret = response.context["secret"]
    assert secret in response.text
    letters = secret.replace(" ", "")
    assert b32decode(letters + "=" * (-len(letters) % 8)) == device.bin_key


def test_reloading_the_setup_page_keeps_the_same_secret(client, world):
    client.force_login(world.officer_a)
    first = client.get(SETUP_URL).context["secret"]
    second = client.get(SETUP_URL).context["secret"]
    assert first == second
    assert TOTPDevice.objects.filter(user=world.officer_a).count() == 1


def test_a_wrong_code_does_not_confirm_the_device(client, world):
    client.force_login(world.officer_a)
    client.get(SETUP_URL)
    device = TOTPDevice.objects.get(user=world.officer_a)

    response = client.post(SETUP_URL, {"code": wrong_code(device)})

    assert response.status_code == 200
    assert "Kode tidak cocok" in response.text
    device.refresh_from_db()
    assert not device.confirmed


def test_the_current_code_confirms_the_device_and_keeps_the_session_open(client, world):
    client.force_login(world.officer_a)
    client.get(SETUP_URL)
    device = TOTPDevice.objects.get(user=world.officer_a)

    response = client.post(SETUP_URL, {"code": current_code(device)})

    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/kerja/").status_code == 200


def sign_in(client, username="petugas.a", **extra):
    return client.post("/kerja/masuk/", {"username": username, "password": PASSWORD, **extra})


def test_sign_in_with_a_device_demands_the_code_before_any_workspace_page(client, world):
    device = TOTPDevice.objects.create(user=world.officer_a, confirmed=True)

    response = sign_in(client, next="/kerja/akun/")
    assert response.url == f"{CODE_URL}?next=%2Fkerja%2Fakun%2F"

    for path in ["/kerja/", "/kerja/akun/", "/kerja/akun/token/"]:
        blocked = client.get(path)
        assert blocked.status_code == 302
        assert blocked.url.startswith(CODE_URL)
    assert client.get("/api/v1/auth/me").status_code == 401

    page = client.get(response.url)
    assert page.status_code == 200
    assert "Verifikasi dua langkah" in page.text

    answered = client.post(CODE_URL, {"code": current_code(device), "next": "/kerja/akun/"})
    assert answered.url == "/kerja/akun/"
    assert client.get("/kerja/").status_code == 200


def test_a_wrong_code_at_sign_in_keeps_the_door_shut(client, world):
    device = TOTPDevice.objects.create(user=world.officer_a, confirmed=True)
    sign_in(client)

    response = client.post(CODE_URL, {"code": wrong_code(device)})

    assert response.status_code == 200
    assert "Kode salah" in response.text
    assert client.get("/kerja/").status_code == 302


def test_the_code_page_checks_the_shape_of_the_code(client, world):
    TOTPDevice.objects.create(user=world.officer_a, confirmed=True)
    sign_in(client)
    response = client.post(CODE_URL, {"code": "12ab"})
    assert "Kode terdiri dari 6 angka" in response.text


def test_a_code_cannot_be_used_twice(client, world):
    device = TOTPDevice.objects.create(user=world.officer_a, confirmed=True)
    with time_machine.travel(timezone.now(), tick=False):
        code = current_code(device)
        sign_in(client)
        client.post(CODE_URL, {"code": code})
        client.post("/kerja/keluar/")

        sign_in(client)
        client.post(CODE_URL, {"code": code})

    assert client.get("/kerja/").status_code == 302


def test_users_without_a_device_sign_in_with_the_password_alone(client, world):
    response = sign_in(client)
    assert response.url == "/kerja/"
    assert client.get("/kerja/").status_code == 200


def test_switching_off_needs_the_current_code(client, world):
    device = TOTPDevice.objects.create(user=world.officer_a, confirmed=True)
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        sign_in(client)
        client.post(CODE_URL, {"code": current_code(device)})
        traveller.shift(30)

        refused = client.post(DISABLE_URL, {"code": wrong_code(device)})
        assert refused.status_code == 400
        assert TOTPDevice.objects.filter(user=world.officer_a).exists()

        # django-otp slows down guessing: wait out the pause after a wrong code.
        traveller.shift(30)
        device.refresh_from_db()
        accepted = client.post(DISABLE_URL, {"code": current_code(device)})

    assert accepted.status_code == 302
    assert not TOTPDevice.objects.filter(user=world.officer_a).exists()


def test_the_account_page_shows_whether_two_step_verification_is_on(client, world):
    client.force_login(world.officer_a)
    assert "Belum aktif" in client.get("/kerja/akun/").text

    device = TOTPDevice.objects.create(user=world.officer_a, confirmed=True)
    with time_machine.travel(timezone.now(), tick=False):
        client.post(CODE_URL, {"code": current_code(device)})
    assert "Matikan verifikasi dua langkah" in client.get("/kerja/akun/").text
