"""Region admin: official regions are read-only; local units are added through the service."""

import pytest

from balai.offices.tests.factories import UserFactory
from balai.regions.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(world):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


def test_changelist_searches_by_code_prefix_and_name(client, superuser):
    client.force_login(superuser)

    by_code = client.get("/admin/regions/region/", {"q": "35.16.08"}).content.decode()
    by_name = client.get("/admin/regions/region/", {"q": "tawang"}).content.decode()

    assert "Kauman" in by_code and "Tawangrejo" not in by_code
    assert "Tawangrejo" in by_name and "Kauman" not in by_name


def test_official_regions_cannot_be_edited(client, superuser):
    client.force_login(superuser)
    url = "/admin/regions/region/35.16.01.2001/change/"

    assert client.get(url).status_code == 200  # view only
    response = client.post(url, {"name": "Diubah", "active": "on"})

    assert response.status_code == 403
    assert Region.objects.get(code="35.16.01.2001").name == "Tawangrejo"


def test_adding_in_the_admin_creates_a_local_unit(client, superuser):
    client.force_login(superuser)

    response = client.post(
        "/admin/regions/region/add/",
        {"parent": "35.16.01.2001", "kind": "dusun", "number_or_name": "Krajan"},
    )

    assert response.status_code == 302
    dusun = Region.objects.get(code="35.16.01.2001.D01")
    assert dusun.name == "Krajan"


def test_a_broken_rule_in_the_admin_form_is_shown(client, superuser):
    client.force_login(superuser)

    response = client.post(
        "/admin/regions/region/add/",
        {"parent": "35.16.01.2001", "kind": "rt", "number_or_name": "1"},
    )

    assert response.status_code == 200
    assert "tidak dapat dibuat di bawah" in response.content.decode()
    assert not Region.objects.filter(level__gt=4).exists()


def test_local_units_can_be_renamed(client, superuser):
    client.force_login(superuser)
    client.post(
        "/admin/regions/region/add/",
        {"parent": "35.16.01.2001", "kind": "dusun", "number_or_name": "Krajan"},
    )

    response = client.post(
        "/admin/regions/region/35.16.01.2001.D01/change/", {"name": "Krajan Lor", "active": "on"}
    )

    assert response.status_code == 302
    assert Region.objects.get(code="35.16.01.2001.D01").name == "Krajan Lor"
