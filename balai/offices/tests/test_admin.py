"""The admin for offices and memberships opens fast and never lists every region."""

import pytest
from django.urls import reverse

from balai.offices.tests.factories import UserFactory


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


def test_office_list_filters_and_searches_by_region_code(world, superuser, client):
    client.force_login(superuser)
    url = reverse("admin:offices_office_changelist")
    response = client.get(url, {"q": "35.16.08"})
    assert response.status_code == 200
    shown = {office.name for office in response.context["cl"].result_list}
    assert shown == {"Kantor Kecamatan Mojosari", "Kantor Kelurahan Kauman"}
    response = client.get(url, {"kind__exact": "agency"})
    assert [o.name for o in response.context["cl"].result_list] == [world.offices.disdukcapil.name]


def test_office_page_shows_no_select_of_regions(world, superuser, client):
    client.force_login(superuser)
    response = client.get(reverse("admin:offices_office_change", args=[world.offices.desa_a.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert 'name="region"' in content
    assert '<select name="region"' not in content
    assert "vForeignKeyRawIdAdminField" in content


def test_membership_list_opens(world, superuser, client, django_assert_max_num_queries):
    client.force_login(superuser)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("admin:offices_membership_changelist"))
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == 7


def test_admin_add_office_explains_a_wrong_region_level(world, superuser, client):
    client.force_login(superuser)
    response = client.post(
        reverse("admin:offices_office_add"),
        {
            "name": "Kecamatan Salah",
            "kind": "kecamatan",
            "agency": "",
            "region": world.regions.desa_a.code,
            "timezone": "Asia/Jakarta",
            "active": "on",
            "hours-TOTAL_FORMS": "0",
            "hours-INITIAL_FORMS": "0",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "Kecamatan" in str(response.context["adminform"].form.errors["region"])
