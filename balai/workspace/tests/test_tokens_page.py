"""Staff manage their own API tokens from /kerja/akun/token/."""

from balai.accounts.models import ApiToken, hash_token
from balai.accounts.services import issue_token

TOKENS_URL = "/kerja/akun/token/"


def test_a_new_token_is_shown_once_and_only_its_hash_is_kept(client, world):
    client.force_login(world.officer_a)

    response = client.post(TOKENS_URL, {"name": "Laptop loket"})

    raw = response.context["new_token"]["raw"]
    assert raw in response.text
    assert "hanya ditampilkan sekali" in response.text
    token = ApiToken.objects.get(user=world.officer_a)
    assert token.key_hash == hash_token(raw)
    assert raw not in client.get(TOKENS_URL).text


def test_a_token_needs_a_name(client, world):
    client.force_login(world.officer_a)
    response = client.post(TOKENS_URL, {"name": ""})
    assert "Beri nama token ini" in response.text
    assert not ApiToken.objects.exists()


def test_the_list_shows_only_my_tokens(client, world):
    issue_token(world.officer_a, "Token milik A")
    issue_token(world.officer_b, "Token milik B")
    client.force_login(world.officer_a)
    page = client.get(TOKENS_URL).text
    assert "Token milik A" in page
    assert "Token milik B" not in page


def test_revoking_my_token_stops_it_working(client, world):
    token, raw = issue_token(world.officer_a, "uji")
    client.force_login(world.officer_a)

    response = client.post(f"{TOKENS_URL}{token.pk}/cabut/")

    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    client.logout()
    me = client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {raw}"})
    assert me.status_code == 401


def test_the_outsider_cannot_revoke_someone_elses_token(client, world, outsider):
    token, _ = issue_token(world.officer_a, "uji")
    client.force_login(outsider)

    response = client.post(f"{TOKENS_URL}{token.pk}/cabut/")

    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_revoking_is_a_post(client, world):
    token, _ = issue_token(world.officer_a, "uji")
    client.force_login(world.officer_a)
    assert client.get(f"{TOKENS_URL}{token.pk}/cabut/").status_code == 405
