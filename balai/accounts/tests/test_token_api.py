"""POST /api/v1/auth/token and GET /api/v1/auth/me: tokens for staff, and only for staff."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from balai.accounts.models import ApiToken, hash_token
from balai.accounts.services import issue_token, revoke_token
from balai.offices.tests.factories import UserFactory

from .otp import PASSWORD, current_code, wrong_code

TOKEN_URL = "/api/v1/auth/token"
ME_URL = "/api/v1/auth/me"


def ask_token(client, username, password=PASSWORD, **extra):
    body = {"username": username, "password": password, **extra}
    return client.post(TOKEN_URL, body, content_type="application/json")


def me(client, raw):
    return client.get(ME_URL, headers={"Authorization": f"Bearer {raw}"})


def test_staff_gets_a_token_and_only_its_hash_is_stored(client, world):
    response = ask_token(client, "petugas.a", name="Aplikasi loket")
    assert response.status_code == 201
    body = response.json()
    raw = body["token"]
    assert raw.startswith("blt_")
    assert body["name"] == "Aplikasi loket"
    assert raw.startswith(body["prefix"])
    token = ApiToken.objects.get(user=world.officer_a)
    assert token.key_hash == hash_token(raw)
    assert raw not in (token.key_hash, token.prefix)


def test_a_new_token_expires_after_ninety_days_by_default(client, world):
    response = ask_token(client, "petugas.a")
    token = ApiToken.objects.get(user=world.officer_a)
    lifetime = token.expires_at - timezone.now()
    assert timedelta(days=89) < lifetime <= timedelta(days=90)
    assert response.json()["expires_at"] is not None


def test_token_lifetime_follows_the_setting(client, world, settings):
    settings.API_TOKEN_LIFETIME_DAYS = 7
    ask_token(client, "petugas.a")
    token = ApiToken.objects.get(user=world.officer_a)
    assert token.expires_at - timezone.now() <= timedelta(days=7)


def test_wrong_password_is_refused_in_indonesian(client, world):
    response = ask_token(client, "petugas.a", password="salah-sekali")
    assert response.status_code == 401
    assert response.json() == {
        "detail": "Nama pengguna atau kata sandi salah.",
        "otp_required": False,
    }
    assert not ApiToken.objects.exists()


def test_five_wrong_passwords_lock_the_account_and_the_right_one_is_then_refused(client, world):
    statuses = [ask_token(client, "petugas.a", password=f"salah-{i}").status_code for i in range(5)]
    assert statuses == [401, 401, 401, 401, 429]

    response = ask_token(client, "petugas.a")

    assert response.status_code == 429
    assert response["Content-Type"].startswith("application/json")
    assert "Terlalu banyak percobaan" in response.json()["detail"]
    assert not ApiToken.objects.exists()


def test_the_lock_is_per_user_name(client, world):
    for i in range(5):
        ask_token(client, "petugas.a", password=f"salah-{i}")
    assert ask_token(client, "petugas.b").status_code == 201


def test_a_user_without_an_office_gets_no_token(client, db):
    UserFactory(username="warga")
    response = ask_token(client, "warga")
    assert response.status_code == 403
    assert "belum terdaftar sebagai petugas" in response.json()["detail"]
    assert not ApiToken.objects.exists()


def test_a_user_with_two_step_verification_must_send_a_code(client, world):
    device = TOTPDevice.objects.create(user=world.officer_a, confirmed=True)

    missing = ask_token(client, "petugas.a")
    wrong = ask_token(client, "petugas.a", otp=wrong_code(device))

    assert missing.status_code == 401
    assert missing.json()["otp_required"] is True
    assert wrong.status_code == 401
    assert not ApiToken.objects.exists()


def test_a_user_with_two_step_verification_gets_a_token_with_the_current_code(client, world):
    device = TOTPDevice.objects.create(user=world.officer_a, confirmed=True)
    response = ask_token(client, "petugas.a", otp=current_code(device))
    assert response.status_code == 201


def test_me_describes_the_token_owner_and_their_offices(client, world):
    _token, raw = issue_token(world.officer_a, "uji")
    response = me(client, raw)
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "petugas.a"
    assert body["full_name"] == world.officer_a.full_name
    assert body["memberships"] == [
        {
            "office_id": world.offices.desa_a.id,
            "office_name": "Kantor Desa Tawangrejo",
            "role": "front_office",
            "role_label": "Petugas layanan",
        }
    ]


@pytest.mark.parametrize("raw", ["", "blt_tidak-ada", "bukan-token"])
def test_me_refuses_unknown_tokens(client, world, raw):
    assert me(client, raw).status_code == 401


def test_me_refuses_a_revoked_token(client, world):
    token, raw = issue_token(world.officer_a, "uji")
    revoke_token(token)
    assert me(client, raw).status_code == 401


def test_me_refuses_an_expired_token(client, world):
    token, raw = issue_token(world.officer_a, "uji")
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert me(client, raw).status_code == 401


def test_me_refuses_a_token_whose_owner_left_every_office(client, world):
    _token, raw = issue_token(world.officer_a, "uji")
    world.officer_a.memberships.update(active=False)
    assert me(client, raw).status_code == 401


def test_me_refuses_a_token_of_a_deactivated_user(client, world):
    _token, raw = issue_token(world.officer_a, "uji")
    world.officer_a.is_active = False
    world.officer_a.save()
    assert me(client, raw).status_code == 401


def test_token_use_is_recorded_at_most_once_a_minute(client, world):
    token, raw = issue_token(world.officer_a, "uji")
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        me(client, raw)
        token.refresh_from_db()
        first_use = token.last_used_at
        assert first_use is not None

        traveller.shift(30)
        me(client, raw)
        token.refresh_from_db()
        assert token.last_used_at == first_use

        traveller.shift(31)
        me(client, raw)
        token.refresh_from_db()
        assert token.last_used_at > first_use


def test_me_accepts_the_browser_session_of_staff(client, world):
    client.force_login(world.officer_a)
    response = client.get(ME_URL)
    assert response.status_code == 200
    assert response.json()["username"] == "petugas.a"


def test_me_refuses_the_session_of_a_user_without_an_office(client, db):
    client.force_login(UserFactory(username="warga"))
    assert client.get(ME_URL).status_code == 401


def test_me_refuses_a_session_that_has_not_given_its_code(client, world):
    TOTPDevice.objects.create(user=world.officer_a, confirmed=True)
    client.force_login(world.officer_a)
    assert client.get(ME_URL).status_code == 401
