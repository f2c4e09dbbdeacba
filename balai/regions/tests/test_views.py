"""Staff pages of a village: visible only inside one's jurisdiction; managers add units."""

import pytest

from balai.regions.constants import Kind
from balai.regions.models import Region
from balai.regions.services import create_local_unit

pytestmark = pytest.mark.django_db

DESA_A = "/kerja/wilayah/35.16.01.2001/"


def test_login_is_required(client, world):
    response = client.get(DESA_A)

    assert response.status_code == 302
    assert "next=" in response["Location"]


def test_officer_sees_their_village_with_its_units(client, world):
    rw = create_local_unit(world.kepala_desa_a, world.regions.desa_a, Kind.RW, 3)
    create_local_unit(world.kepala_desa_a, rw, Kind.RT, 2)
    client.force_login(world.officer_a)

    response = client.get(DESA_A)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Desa Tawangrejo" in page
    assert "35.16.01.2001.RW003.RT002" in page
    assert "Tambah dusun" not in page  # a clerk sees the tree, not the form


def test_the_outsider_gets_a_404_for_desa_a(client, world, outsider):
    client.force_login(outsider)

    assert client.get(DESA_A).status_code == 404
    assert client.post(DESA_A, {"parent": "35.16.01.2001", "kind": "rw"}).status_code == 404


def test_codes_outside_villages_or_malformed_are_404(client, world):
    client.force_login(world.admin)

    assert client.get("/kerja/wilayah/35.16.01/").status_code == 404
    assert client.get("/kerja/wilayah/bukan-kode/").status_code == 404


def test_codes_without_dots_open_the_same_page(client, world):
    client.force_login(world.officer_a)

    assert client.get("/kerja/wilayah/3516012001/").status_code == 200


def test_the_head_adds_an_rw_through_the_form(client, world):
    client.force_login(world.kepala_desa_a)

    response = client.post(DESA_A, {"parent": "35.16.01.2001", "kind": "rw", "number_or_name": "3"})

    assert response.status_code == 302
    assert Region.objects.filter(code="35.16.01.2001.RW003").exists()


def test_a_rule_broken_in_the_form_is_shown_and_nothing_is_saved(client, world):
    client.force_login(world.kepala_desa_a)

    response = client.post(DESA_A, {"parent": "35.16.01.2001", "kind": "rt", "number_or_name": "1"})

    assert response.status_code == 400
    assert "tidak dapat dibuat di bawah" in response.content.decode()
    assert not Region.objects.filter(level__gt=4).exists()


def test_a_clerk_cannot_post_the_form(client, world):
    client.force_login(world.officer_a)

    response = client.post(DESA_A, {"parent": "35.16.01.2001", "kind": "rw", "number_or_name": "3"})

    assert response.status_code == 404
    assert not Region.objects.filter(level__gt=4).exists()


def test_village_list_shows_only_villages_in_jurisdiction(client, world, outsider):
    client.force_login(outsider)

    page = client.get("/kerja/wilayah/").content.decode()

    assert "Rejosari" in page
    assert "Tawangrejo" not in page


def test_village_page_queries_do_not_grow_with_units(client, world, django_assert_num_queries):
    head, village = world.kepala_desa_a, world.regions.desa_a
    for number in range(1, 4):
        rw = create_local_unit(head, village, Kind.RW, number)
        for rt in range(1, 6):
            create_local_unit(head, rw, Kind.RT, rt)
    client.force_login(head)

    with django_assert_num_queries(8):
        response = client.get(DESA_A)

    assert response.content.decode().count(".RT0") >= 15
