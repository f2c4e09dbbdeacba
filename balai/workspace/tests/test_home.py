"""The workspace home: whom it greets, which offices and villages it lists."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from balai.regions.tests.factories import official_region


def test_home_greets_the_officer_and_lists_their_offices(client, world):
    client.force_login(world.officer_a)
    page = client.get("/kerja/").text
    assert world.officer_a.full_name in page
    assert "Kantor Desa Tawangrejo" in page
    assert f'href="/kerja/kantor/{world.offices.desa_a.id}/"' in page
    assert "Petugas layanan" in page
    assert 'href="/kerja/akun/"' in page


def test_home_links_only_the_villages_in_the_officers_jurisdiction(client, world):
    client.force_login(world.officer_a)
    page = client.get("/kerja/").text
    assert 'href="/kerja/wilayah/35.16.01.2001/"' in page
    assert "35.16.01.2002" not in page
    assert "Kantor Desa Rejosari" not in page


def test_the_outsider_sees_their_own_village_not_desa_a(client, outsider):
    client.force_login(outsider)
    page = client.get("/kerja/").text
    assert 'href="/kerja/wilayah/35.16.01.2002/"' in page
    assert "35.16.01.2001" not in page


def test_a_kecamatan_operator_sees_every_village_of_the_kecamatan(client, world):
    client.force_login(world.kecamatan_operator)
    page = client.get("/kerja/").text
    assert "/kerja/wilayah/35.16.01.2001/" in page
    assert "/kerja/wilayah/35.16.01.2002/" in page
    assert "/kerja/wilayah/35.16.08.1004/" not in page


def test_a_long_list_of_villages_is_paginated_without_extra_queries(client, world):
    for number in range(60):
        official_region(f"35.16.08.{2100 + number}", f"Desa Uji {number}")
    client.force_login(world.admin)

    with CaptureQueriesContext(connection) as first_page:
        response = client.get("/kerja/")
    assert len(response.context["villages"]) == 50
    assert "Halaman 1 dari 2" in response.text

    with CaptureQueriesContext(connection) as second_page:
        client.get("/kerja/?halaman=2")
    assert len(second_page) == len(first_page)
    assert len(first_page) <= 10
