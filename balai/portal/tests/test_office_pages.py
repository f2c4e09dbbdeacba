"""Citizens find an office's address, contacts, opening hours and service pledge."""

from datetime import time

import pytest
from django.urls import reverse

from balai.offices.constants import Weekday
from balai.offices.models import OpeningHours

pytestmark = pytest.mark.django_db


def office_url(office):
    return reverse("portal:office", args=[office.pk])


def test_the_office_list_shows_active_offices_and_searches_by_name(client, world):
    world.offices.desa_b.active = False
    world.offices.desa_b.save()

    everything = client.get(reverse("portal:offices")).content.decode()
    searched = client.get(reverse("portal:offices"), {"q": "kecamatan"}).content.decode()

    assert "Kantor Desa Tawangrejo" in everything
    assert "Kantor Desa Rejosari" not in everything
    assert 'for="offices-q"' in everything
    assert "Kantor Kecamatan Jatirejo" in searched
    assert "Kantor Desa Tawangrejo" not in searched


def test_the_office_list_is_paginated(client, world):
    response = client.get(reverse("portal:offices"))

    assert response.context["page"].paginator.per_page == 20
    assert response.context["page"].paginator.count == 7


def test_the_office_page_shows_contacts_hours_and_maklumat(client, world):
    office = world.offices.desa_a
    office.address = "Jl. Raya Tawangrejo 1"
    office.phone = "0321-123456"
    office.maklumat = "Kami siap melayani dengan ramah, cepat dan tanpa pungutan liar."
    office.save()
    OpeningHours.objects.bulk_create(
        [
            OpeningHours(office=office, weekday=Weekday.MONDAY, opens=time(8), closes=time(12)),
            OpeningHours(office=office, weekday=Weekday.MONDAY, opens=time(13), closes=time(15)),
            OpeningHours(office=office, weekday=Weekday.FRIDAY, opens=time(8), closes=time(11)),
        ]
    )

    html = client.get(office_url(office)).content.decode()

    assert "<h1>Kantor Desa Tawangrejo</h1>" in html
    assert "Kantor desa/kelurahan" in html
    assert "Jl. Raya Tawangrejo 1" in html
    assert "0321-123456" in html
    assert "08.00–12.00, 13.00–15.00" in html
    assert "08.00–11.00" in html
    assert '<th scope="row">Minggu</th>\n      <td>Tutup</td>' in html
    assert "tanpa pungutan liar" in html


def test_an_office_without_maklumat_says_so(client, world):
    html = client.get(office_url(world.offices.kecamatan)).content.decode()

    assert "belum mengumumkan maklumat pelayanan" in html


def test_an_agency_office_names_its_agency(client, world):
    html = client.get(office_url(world.offices.disdukcapil)).content.decode()

    assert "Dinas/instansi — Dinas Kependudukan dan Pencatatan Sipil" in html


def test_inactive_or_unknown_offices_are_404(client, world):
    world.offices.desa_b.active = False
    world.offices.desa_b.save()

    assert client.get(office_url(world.offices.desa_b)).status_code == 404
    assert client.get(reverse("portal:office", args=[999999])).status_code == 404
