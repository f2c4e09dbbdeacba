"""Administrators manage versions through actions; locked versions are read-only."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from balai.accounts.models import User
from balai.catalog.constants import VersionStatus
from balai.catalog.models import Service, ServiceVersion

from .factories import draft_service, published_service

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(User.objects.create_superuser("admin.katalog", "a@example.org", "x"))
    return client


def change_url(version):
    return reverse("admin:catalog_serviceversion_change", args=[version.pk])


def version_form(version, **changes):
    data = {
        "description": version.description,
        "fee_amount": version.fee_amount,
        "fee_legal_basis": version.fee_legal_basis,
        "output_product": version.output_product,
        "via_counter": "on",
        "via_assisted": "on",
    }
    for prefix in ["components", "requirements", "steps"]:
        data |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
    return data | changes


def flashed(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_the_service_list_shows_code_name_and_current_version(admin_client):
    published_service("akta-kelahiran", name="Akta kelahiran")

    response = admin_client.get(reverse("admin:catalog_service_changelist"), {"q": "akta"})

    assert response.status_code == 200
    assert b"akta-kelahiran" in response.content
    assert b'<td class="field-current_version_number">v1</td>' in response.content


def test_adding_a_service_creates_its_draft_version(admin_client):
    response = admin_client.post(
        reverse("admin:catalog_service_add"),
        {"code": "sk-baru", "name": "SK baru", "category": "lainnya", "active": "on"},
    )

    assert response.status_code == 302
    assert Service.objects.get(code="sk-baru").versions.get().status == VersionStatus.DRAFT


def test_a_version_in_use_is_shown_read_only(admin_client):
    version = published_service(in_use=True).current_version

    page = admin_client.get(change_url(version))
    posted = admin_client.post(change_url(version), version_form(version, description="X"))

    assert page.status_code == 200
    assert b'name="description"' not in page.content
    assert b'name="steps-0-name"' not in page.content
    assert "Diproses Kantor desa/kelurahan" in page.content.decode()
    assert posted.status_code == 403
    version.refresh_from_db()
    assert version.description == ""


def test_a_draft_is_edited_through_the_form(admin_client):
    version = draft_service().versions.get()
    page = admin_client.get(change_url(version))

    assert b'name="steps-0-name"' in page.content
    response = admin_client.post(change_url(version), version_form(version, description="Baru"))

    assert response.status_code == 302, response.content
    version.refresh_from_db()
    assert version.description == "Baru"


def test_the_form_refuses_a_fee_without_legal_basis(admin_client):
    version = draft_service().versions.get()

    response = admin_client.post(change_url(version), version_form(version, fee_amount=5000))

    assert response.status_code == 200
    assert "wajib mencantumkan dasar hukum biaya" in response.content.decode()


def test_the_new_version_action_makes_a_draft_and_reports_an_existing_one(admin_client):
    service = published_service("sk", name="Surat keterangan")
    url = reverse("admin:catalog_service_changelist")
    action = {"action": "new_version", "_selected_action": [service.pk]}

    first = admin_client.post(url, action, follow=True)
    second = admin_client.post(url, action, follow=True)

    assert "draf versi 2 dibuat" in " ".join(flashed(first))
    assert "sudah punya draf versi 2" in " ".join(flashed(second))
    assert service.versions.count() == 2


def test_the_publish_action_publishes_or_shows_the_problems(admin_client):
    good = draft_service("baik").versions.get()
    bad = draft_service("buruk", steps=[]).versions.get()
    url = reverse("admin:catalog_serviceversion_changelist")

    response = admin_client.post(
        url, {"action": "publish", "_selected_action": [good.pk, bad.pk]}, follow=True
    )

    text = " ".join(flashed(response))
    assert "diterbitkan" in text
    assert "sekurang-kurangnya satu tahapan" in text
    assert ServiceVersion.objects.get(pk=good.pk).status == VersionStatus.PUBLISHED
    assert ServiceVersion.objects.get(pk=bad.pk).status == VersionStatus.DRAFT
