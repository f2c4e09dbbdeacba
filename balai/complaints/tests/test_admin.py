"""The admin shows each routing rule's effect, tests a route, keeps complaints read-only and
shows an Open311 key once, storing only its hash."""

import hashlib
import re

import pytest

from balai.complaints.constants import Level
from balai.complaints.models import Category, Open311Client, RoutingRule
from balai.complaints.tests.factories import drain_category, filed_complaint, local_units
from balai.offices.tests.factories import UserFactory


@pytest.fixture
def admin_site(client, db):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    return client


def test_the_category_page_shows_what_each_rule_does(admin_site, world):
    category = drain_category()
    page = admin_site.get(f"/admin/complaints/category/{category.pk}/change/").text
    assert "Saluran air dan drainase → Ketua RT (seluruh wilayah)" in page
    assert f"/admin/complaints/category/{category.pk}/uji-aturan/" in page


def test_the_rule_list_shows_area_rules_and_agencies(admin_site, world):
    category = Category.objects.create(code="ktp", name="Layanan KTP")
    RoutingRule.objects.create(
        category=category, region=world.regions.kecamatan, level=Level.AGENCY, agency="disdukcapil"
    )
    page = admin_site.get("/admin/complaints/routingrule/").text
    assert "Layanan KTP → Dinas/instansi: " in page
    assert "(Kecamatan Jatirejo)" in page


def test_the_route_tester_shows_the_rt_of_the_location(admin_site, world):
    _rw, rt, _rt_head, _rw_head = local_units(world)
    category = drain_category()
    url = f"/admin/complaints/category/{category.pk}/uji-aturan/"
    page = admin_site.get(url, {"region": rt.code}).text
    result = page[page.index('id="route-result"') :]
    assert "Ketua RT" in result
    assert "Kantor Desa Tawangrejo" in result
    assert rt.code in result


def test_the_route_tester_falls_back_to_the_village_office(admin_site, world):
    category = Category.objects.create(code="lain", name="Lain-lain")
    url = f"/admin/complaints/category/{category.pk}/uji-aturan/"
    page = admin_site.get(url, {"region": world.regions.desa_b.code}).text
    result = page[page.index('id="route-result"') :]
    assert "Kantor Desa Rejosari" in result
    assert "Tidak ada: kantor desa/kelurahan lokasi" in result


def test_a_hotline_category_goes_to_the_head_of_region(admin_site, world):
    category = Category.objects.create(code="hotline", name="Hotline Bupati", is_hotline=True)
    url = f"/admin/complaints/category/{category.pk}/uji-aturan/"
    page = admin_site.get(url, {"region": world.regions.desa_a.code}).text
    assert "Kantor Bupati Mojokerto" in page[page.index('id="route-result"') :]


def test_the_route_tester_explains_an_unknown_or_too_wide_region(admin_site, world):
    category = drain_category()
    url = f"/admin/complaints/category/{category.pk}/uji-aturan/"
    assert "tidak dikenal" in admin_site.get(url, {"region": "99.99"}).text
    assert "bukan wilayah di atasnya" in admin_site.get(url, {"region": "35.16.01"}).text


def test_complaints_are_read_only_with_a_masked_reporter(admin_site, world, settings, tmp_path):
    from balai.complaints.services import Reporter

    settings.MEDIA_ROOT = tmp_path
    complaint = filed_complaint(
        world,
        region=world.regions.desa_a,
        reporter=Reporter(name="Sulastri", phone="081299887766"),
    ).complaint
    listing = admin_site.get("/admin/complaints/complaint/").text
    assert complaint.code in listing
    assert "081299887766" not in listing and "Sulastri" not in listing
    page = admin_site.get(f"/admin/complaints/complaint/{complaint.pk}/change/")
    assert page.status_code == 200
    assert 'name="status"' not in page.text
    assert "081299887766" not in page.text
    assert admin_site.get("/admin/complaints/complaint/add/").status_code == 403
    posted = admin_site.post(
        f"/admin/complaints/complaint/{complaint.pk}/change/", {"status": "closed"}
    )
    assert posted.status_code == 403
    complaint.refresh_from_db()
    assert complaint.status == "received"


def test_a_new_client_gets_a_key_shown_once_and_only_its_hash_is_stored(admin_site, db):
    response = admin_site.post(
        "/admin/complaints/open311client/add/",
        {"name": "Aplikasi Warga", "contact": "dev@example.id", "active": "on"},
        follow=True,
    )
    shown = re.search(r"(o311_[\w-]+)", response.text).group(1)
    client = Open311Client.objects.get()
    assert client.key_hash == hashlib.sha256(shown.encode()).hexdigest()
    assert client.prefix == shown[:12]
    assert shown not in admin_site.get(f"/admin/complaints/open311client/{client.pk}/change/").text
    assert shown not in admin_site.get("/admin/complaints/open311client/").text


def test_the_new_key_action_replaces_the_key(admin_site, db):
    client = Open311Client.objects.create(name="Lama", key_hash="0" * 64, prefix="lama")
    response = admin_site.post(
        "/admin/complaints/open311client/",
        {"action": "new_key", "_selected_action": [client.pk]},
        follow=True,
    )
    shown = re.search(r"(o311_[\w-]+)", response.text).group(1)
    client.refresh_from_db()
    assert client.key_hash == hashlib.sha256(shown.encode()).hexdigest()
    assert shown not in client.key_hash
