"""The admin shows users with their Balai fields and lets tokens be revoked, never read."""

import pytest

from balai.accounts.models import ApiToken
from balai.accounts.services import issue_token
from balai.offices.tests.factories import UserFactory


@pytest.fixture
def superuser_client(client, db):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    return client


def test_the_user_form_has_full_name_and_phone(superuser_client, world):
    page = superuser_client.get(f"/admin/accounts/user/{world.officer_a.pk}/change/").text
    assert 'name="full_name"' in page
    assert 'name="phone"' in page


def test_tokens_cannot_be_made_in_the_admin(superuser_client):
    assert superuser_client.get("/admin/accounts/apitoken/add/").status_code == 403


def test_the_token_hash_is_read_only(superuser_client, world):
    token, _ = issue_token(world.officer_a, "uji")
    page = superuser_client.get(f"/admin/accounts/apitoken/{token.pk}/change/").text
    assert token.key_hash in page
    assert 'name="key_hash"' not in page


def test_the_revoke_action_revokes_the_chosen_tokens(superuser_client, world):
    chosen, _ = issue_token(world.officer_a, "dipilih")
    kept, _ = issue_token(world.officer_a, "tidak dipilih")

    response = superuser_client.post(
        "/admin/accounts/apitoken/",
        {"action": "revoke", "_selected_action": [chosen.pk]},
    )

    assert response.status_code == 302
    assert ApiToken.objects.get(pk=chosen.pk).revoked_at is not None
    assert ApiToken.objects.get(pk=kept.pk).revoked_at is None
