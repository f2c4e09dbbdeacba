"""The public office directory: active offices only, filters, pages of at most 100, one
office's contacts and hours; nothing about the people who work there."""

from datetime import time

import pytest

from balai.offices.constants import OfficeKind
from balai.offices.models import Office, OpeningHours
from balai.offices.tests.factories import OfficeFactory
from balai.regions.tests.factories import RegionFactory

URL = "/api/v1/offices"


def names(response):
    assert response.status_code == 200, response.content
    return [item["name"] for item in response.json()["items"]]


class TestList:
    def test_lists_active_offices_in_region_order(self, world, client):
        Office.objects.filter(pk=world.offices.kelurahan.pk).update(active=False)
        body = client.get(URL).json()
        assert body["count"] == 6
        assert [item["name"] for item in body["items"]] == [
            "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Mojokerto",
            "Kantor Bupati Mojokerto",
            "Kantor Kecamatan Jatirejo",
            "Kantor Desa Tawangrejo",
            "Kantor Desa Rejosari",
            "Kantor Kecamatan Mojosari",
        ]

    def test_items_carry_region_and_labels(self, world, client):
        item = client.get(URL, {"q": "Tawangrejo"}).json()["items"][0]
        assert item == {
            "id": world.offices.desa_a.pk,
            "name": "Kantor Desa Tawangrejo",
            "kind": "village",
            "kind_label": "Kantor desa/kelurahan",
            "agency": "",
            "agency_label": "",
            "region": {"code": "35.16.01.2001", "name": "Tawangrejo"},
            "timezone": "Asia/Jakarta",
        }

    def test_filters_by_kind_and_agency(self, world, client):
        assert names(client.get(URL, {"kind": "kecamatan"})) == [
            "Kantor Kecamatan Jatirejo",
            "Kantor Kecamatan Mojosari",
        ]
        assert names(client.get(URL, {"agency": "disdukcapil"})) == [world.offices.disdukcapil.name]

    def test_unknown_kind_is_a_clear_error(self, world, client):
        response = client.get(URL, {"kind": "istana"})
        assert response.status_code == 422

    def test_region_filter_gives_offices_inside_and_serving_it(self, world, client):
        found = names(client.get(URL, {"region": "35.16.01.2001"}))
        assert set(found) == {
            "Kantor Desa Tawangrejo",
            "Kantor Kecamatan Jatirejo",
            world.offices.disdukcapil.name,
            "Kantor Bupati Mojokerto",
        }

    def test_region_filter_on_a_kecamatan_includes_its_villages(self, world, client):
        found = names(client.get(URL, {"region": "35.16.01", "kind": OfficeKind.VILLAGE}))
        assert found == ["Kantor Desa Tawangrejo", "Kantor Desa Rejosari"]

    def test_region_filter_accepts_codes_without_dots(self, world, client):
        found = names(client.get(URL, {"region": "3516012002", "kind": "village"}))
        assert found == ["Kantor Desa Rejosari"]

    def test_search_by_name(self, world, client):
        assert names(client.get(URL, {"q": "mojosari"})) == ["Kantor Kecamatan Mojosari"]

    def test_pages_are_limited_to_100(self, world, client):
        kecamatan = world.regions.kecamatan
        for n in range(105):
            region = RegionFactory(code=f"35.16.01.{2100 + n}", parent=kecamatan)
            OfficeFactory(region=region, name=f"Kantor Desa Uji {n:03}")
        body = client.get(URL, {"limit": 500}).json()
        assert body["count"] == 112
        assert len(body["items"]) == 100
        second = client.get(URL, {"limit": 10, "offset": 10}).json()
        assert len(second["items"]) == 10

    def test_list_takes_the_same_queries_for_many_offices(
        self, world, client, django_assert_num_queries
    ):
        for n in range(30):
            OfficeFactory(region=RegionFactory(code=f"35.16.01.{2200 + n}"))
        with django_assert_num_queries(2):
            response = client.get(URL, {"limit": 100})
        assert len(response.json()["items"]) == 37


class TestDetail:
    def test_detail_shows_contacts_and_hours(self, world, client):
        office = world.offices.desa_a
        office.phone, office.maklumat = "0321-555", "Kami melayani dengan ramah."
        office.save()
        OpeningHours.objects.create(office=office, weekday=4, opens=time(8), closes=time(11))
        OpeningHours.objects.create(office=office, weekday=0, opens=time(8), closes=time(15))
        body = client.get(f"{URL}/{office.pk}").json()
        assert body["phone"] == "0321-555"
        assert body["maklumat"] == "Kami melayani dengan ramah."
        assert body["region"] == {"code": "35.16.01.2001", "name": "Tawangrejo"}
        assert body["hours"] == [
            {"weekday": 0, "weekday_label": "Senin", "opens": "08:00", "closes": "15:00"},
            {"weekday": 4, "weekday_label": "Jumat", "opens": "08:00", "closes": "11:00"},
        ]

    def test_detail_names_no_members(self, world, client):
        body = client.get(f"{URL}/{world.offices.desa_a.pk}").json()
        text = str(body)
        assert "petugas" not in text.lower()
        assert "members" not in body

    def test_detail_takes_two_queries(self, world, client, django_assert_num_queries):
        with django_assert_num_queries(2):
            client.get(f"{URL}/{world.offices.desa_a.pk}")

    @pytest.mark.parametrize("office_id", [0, 999999])
    def test_unknown_office_is_404_in_indonesian(self, world, client, office_id):
        response = client.get(f"{URL}/{office_id}")
        assert response.status_code == 404
        assert response.json() == {"detail": "Kantor tidak ditemukan."}

    def test_inactive_office_is_404(self, world, client):
        Office.objects.filter(pk=world.offices.desa_b.pk).update(active=False)
        response = client.get(f"{URL}/{world.offices.desa_b.pk}")
        assert response.status_code == 404
