"""Signing in and out of /kerja/, with the lock-out after five wrong passwords."""

import pytest
from django.contrib.auth import SESSION_KEY

from balai.accounts.tests.otp import PASSWORD
from balai.offices.tests.factories import UserFactory

LOGIN_URL = "/kerja/masuk/"


def sign_in(client, username, password=PASSWORD, **extra):
    return client.post(LOGIN_URL, {"username": username, "password": password, **extra})


def test_the_sign_in_page_speaks_indonesian(client, db):
    response = client.get(LOGIN_URL)
    assert response.status_code == 200
    assert "Nama pengguna" in response.text
    assert "Kata sandi" in response.text


@pytest.mark.parametrize("path", ["/kerja/", "/kerja/akun/", "/kerja/akun/token/"])
def test_anonymous_visitors_are_sent_to_sign_in(client, db, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.url == f"{LOGIN_URL}?next={path}"


def test_staff_sign_in_with_their_password_and_land_on_the_workspace(client, world):
    response = sign_in(client, "petugas.a")
    assert response.status_code == 302
    assert response.url == "/kerja/"
    assert client.session[SESSION_KEY] == str(world.officer_a.pk)


def test_sign_in_returns_to_the_page_asked_for(client, world):
    response = sign_in(client, "petugas.a", next="/kerja/akun/")
    assert response.url == "/kerja/akun/"


def test_sign_in_does_not_follow_a_next_link_to_another_site(client, world):
    response = sign_in(client, "petugas.a", next="https://contoh.invalid/")
    assert response.url == "/kerja/"


def test_a_wrong_password_is_explained_in_indonesian(client, world):
    response = sign_in(client, "petugas.a", password="salah-sekali")
    assert response.status_code == 200
    assert "Nama pengguna atau kata sandi salah" in response.text
    assert SESSION_KEY not in client.session


def test_five_wrong_passwords_lock_the_account_with_a_friendly_page(client, world):
    for attempt in range(4):
        assert sign_in(client, "petugas.a", password=f"salah-{attempt}").status_code == 200

    response = sign_in(client, "petugas.a", password="salah-5")

    assert response.status_code == 429
    assert "Akun dikunci sementara" in response.text
    assert "15 menit" in response.text


def test_the_right_password_is_refused_while_locked(client, world):
    for attempt in range(5):
        sign_in(client, "petugas.a", password=f"salah-{attempt}")

    response = sign_in(client, "petugas.a")

    assert response.status_code == 429
    assert SESSION_KEY not in client.session


def test_a_successful_sign_in_forgets_earlier_failures(client, world):
    for attempt in range(4):
        sign_in(client, "petugas.a", password=f"salah-{attempt}")
    sign_in(client, "petugas.a")
    client.post("/kerja/keluar/")

    for attempt in range(4):
        sign_in(client, "petugas.a", password=f"salah-lagi-{attempt}")

    assert sign_in(client, "petugas.a").status_code == 302


def test_sign_out_is_a_post(client, world):
    client.force_login(world.officer_a)
    assert client.get("/kerja/keluar/").status_code == 405

    response = client.post("/kerja/keluar/")

    assert response.status_code == 302
    assert SESSION_KEY not in client.session


def test_a_user_without_an_office_is_told_so(client, db):
    client.force_login(UserFactory(username="warga", full_name="Siti Aminah"))
    response = client.get("/kerja/")
    assert response.status_code == 403
    assert "belum terdaftar di kantor mana pun" in response.text
    assert "Siti Aminah" in response.text


def test_a_user_whose_membership_ended_is_no_longer_staff(client, world):
    world.officer_a.memberships.update(active=False)
    client.force_login(world.officer_a)
    assert client.get("/kerja/").status_code == 403


def test_a_superuser_without_an_office_may_enter(client, db):
    client.force_login(UserFactory(username="root", is_superuser=True))
    assert client.get("/kerja/").status_code == 200


def test_workspace_pages_carry_the_staff_menu(client, world):
    client.force_login(world.officer_a)
    page = client.get("/kerja/").text
    assert 'class="workspace"' in page
    assert "Beranda kerja" in page
    assert 'action="/kerja/keluar/"' in page
