from django_otp.plugins.otp_totp.models import TOTPDevice

from balai.offices.tests.factories import UserFactory


def test_admin_sign_in_goes_through_the_staff_sign_in(client, db):
    response = client.get("/admin/login/?next=/admin/offices/office/")
    assert response.status_code == 302
    assert response["Location"] == "/kerja/masuk/?next=%2Fadmin%2Foffices%2Foffice%2F"


def test_superuser_reaches_the_admin(client, db):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    assert client.get("/admin/").status_code == 200


def test_superuser_with_two_step_must_give_the_code_before_the_admin(client, db):
    user = UserFactory(username="root", is_staff=True, is_superuser=True)
    TOTPDevice.objects.create(user=user, name="ponsel", confirmed=True)
    client.force_login(user)
    response = client.get("/admin/", follow=True)
    final_url = response.redirect_chain[-1][0]
    assert final_url.startswith("/kerja/masuk/")
    assert b"Konfigurasi" not in response.content
