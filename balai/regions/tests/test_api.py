"""Public region API: look-up with ancestors, children, name search, pagination, no N+1."""

import pytest

from balai.regions.constants import Kind, Level
from balai.regions.models import Region
from balai.regions.tests.factories import RegionFactory

pytestmark = pytest.mark.django_db

FIELDS = {"code", "name", "level", "kind", "parent", "active"}


def test_region_comes_with_its_ancestors_province_first(client, world):
    response = client.get("/api/v1/regions/35.16.01.2001")

    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Tawangrejo"
    assert body["kind"] == Kind.DESA
    assert body["parent"] == "35.16.01"
    assert [a["code"] for a in body["ancestors"]] == ["35", "35.16", "35.16.01"]
    assert set(body["ancestors"][0]) == FIELDS


def test_codes_without_dots_find_the_same_region(client, world):
    assert client.get("/api/v1/regions/3516012001").json()["code"] == "35.16.01.2001"


def test_unknown_code_is_a_404_in_indonesian(client, world):
    response = client.get("/api/v1/regions/35.16.01.2999")

    assert response.status_code == 404
    assert response.json()["detail"] == "Wilayah dengan kode 35.16.01.2999 tidak ditemukan."


def test_malformed_code_is_refused_with_an_example(client, world):
    response = client.get("/api/v1/regions/35.1x")

    assert response.status_code == 422
    assert "tidak sah" in response.json()["detail"]


def test_local_units_can_be_looked_up(client, world):
    Region.objects.create(
        code="35.16.01.2001.RW003",
        name="003",
        level=Level.RW,
        kind=Kind.RW,
        parent=world.regions.desa_a,
    )

    body = client.get("/api/v1/regions/35.16.01.2001.rw003").json()

    assert body["kind"] == Kind.RW
    assert body["ancestors"][-1]["code"] == "35.16.01.2001"


def test_children_of_a_region_are_listed_by_code(client, world):
    response = client.get("/api/v1/regions", {"parent": "3516"})

    body = response.json()
    assert [r["code"] for r in body["items"]] == ["35.16.01", "35.16.08"]
    assert body["count"] == 2
    assert set(body["items"][0]) == FIELDS


def test_children_of_an_unknown_parent_is_a_404(client, world):
    assert client.get("/api/v1/regions", {"parent": "99"}).status_code == 404


def test_children_of_a_malformed_parent_is_refused(client, world):
    assert client.get("/api/v1/regions", {"parent": "3x"}).status_code == 422


def test_without_filters_the_provinces_are_listed(client, world):
    body = client.get("/api/v1/regions").json()

    assert [r["code"] for r in body["items"]] == ["35"]


def test_name_search_ignores_case_and_orders_by_level_then_name(client, world):
    RegionFactory(code="35.16.01.2003", name="Jatisari")

    body = client.get("/api/v1/regions", {"q": "JATI"}).json()

    assert [r["name"] for r in body["items"]] == ["Jatirejo", "Jatisari"]


def test_name_search_can_be_limited_to_a_level(client, world):
    RegionFactory(code="35.16.01.2003", name="Jatisari")

    body = client.get("/api/v1/regions", {"q": "jati", "level": Level.VILLAGE}).json()

    assert [r["name"] for r in body["items"]] == ["Jatisari"]


def test_a_one_letter_search_is_refused(client, world):
    assert client.get("/api/v1/regions", {"q": "j"}).status_code == 422


def test_lists_are_paginated_with_limit_and_offset(client, world):
    for number in range(2003, 2013):
        RegionFactory(code=f"35.16.01.{number}")

    first = client.get("/api/v1/regions", {"parent": "35.16.01", "limit": 5}).json()
    second = client.get("/api/v1/regions", {"parent": "35.16.01", "limit": 5, "offset": 5}).json()

    assert first["count"] == second["count"] == 12
    assert [r["code"] for r in first["items"]][:2] == ["35.16.01.2001", "35.16.01.2002"]
    assert len(second["items"]) == 5
    assert not {r["code"] for r in first["items"]} & {r["code"] for r in second["items"]}


def test_a_page_larger_than_the_maximum_is_refused(client, world):
    assert client.get("/api/v1/regions", {"limit": 101}).status_code == 422


def test_listing_children_costs_the_same_queries_for_many_rows(
    client, world, django_assert_num_queries
):
    for number in range(2003, 2043):
        RegionFactory(code=f"35.16.01.{number}")

    # parent exists?, count, page
    with django_assert_num_queries(3):
        body = client.get("/api/v1/regions", {"parent": "35.16.01", "limit": 100}).json()

    assert len(body["items"]) == 42


def test_search_costs_two_queries(client, world, django_assert_num_queries):
    for number in range(2003, 2023):
        RegionFactory(code=f"35.16.01.{number}", name=f"Sumber {number}")

    with django_assert_num_queries(2):
        body = client.get("/api/v1/regions", {"q": "sumber"}).json()

    assert body["count"] == 20


def test_detail_fetches_all_ancestors_in_one_query(client, world, django_assert_num_queries):
    with django_assert_num_queries(2):
        client.get("/api/v1/regions/35.16.01.2001")


def test_inactive_regions_can_be_filtered_out(client, world):
    Region.objects.filter(code="35.16.01.2002").update(active=False)

    body = client.get("/api/v1/regions", {"parent": "35.16.01", "active": "true"}).json()

    assert [r["code"] for r in body["items"]] == ["35.16.01.2001"]
