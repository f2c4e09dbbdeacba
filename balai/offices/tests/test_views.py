"""Staff pages for offices: each user sees the offices of their jurisdiction, the head keeps
the profile current, everyone else is refused, and the outsider finds nothing."""

from datetime import time

import pytest
from django.urls import reverse

from balai.offices.constants import Role
from balai.offices.models import Office, OpeningHours
from balai.offices.tests.factories import MembershipFactory, OfficeFactory, UserFactory
from balai.regions.tests.factories import RegionFactory


def detail_url(office):
    return reverse("offices:detail", args=[office.pk])


def edit_url(office):
    return reverse("offices:edit", args=[office.pk])


def profile_post(**changes):
    data = {
        "address": "Jl. Raya Tawangrejo 1",
        "phone": "0321-777",
        "whatsapp": "",
        "email": "desa@example.id",
        "maklumat": "Kami siap melayani.",
        "jam-TOTAL_FORMS": "2",
        "jam-INITIAL_FORMS": "0",
        "jam-MIN_NUM_FORMS": "0",
        "jam-MAX_NUM_FORMS": "14",
        "jam-0-weekday": "0",
        "jam-0-opens": "08:00",
        "jam-0-closes": "15:00",
        "jam-1-weekday": "",
        "jam-1-opens": "",
        "jam-1-closes": "",
    }
    data.update(changes)
    return data


class TestSignIn:
    @pytest.mark.parametrize("name", ["list", "detail", "edit"])
    def test_pages_need_sign_in(self, world, client, name):
        args = [] if name == "list" else [world.offices.desa_a.pk]
        response = client.get(reverse(f"offices:{name}", args=args))
        assert response.status_code == 302
        assert "/kerja/masuk/" in response["Location"]


class TestList:
    def test_officer_sees_only_their_office(self, world, client):
        client.force_login(world.officer_a)
        response = client.get(reverse("offices:list"))
        assert response.status_code == 200
        assert list(response.context["page"].object_list) == [world.offices.desa_a]

    def test_kecamatan_operator_sees_the_kecamatan(self, world, client):
        client.force_login(world.kecamatan_operator)
        content = client.get(reverse("offices:list")).content.decode()
        assert "Kantor Desa Tawangrejo" in content
        assert "Kantor Desa Rejosari" in content
        assert "Kantor Kelurahan Kauman" not in content

    def test_search_narrows_the_list(self, world, client):
        client.force_login(world.admin)
        response = client.get(reverse("offices:list"), {"q": "kauman"})
        assert list(response.context["page"].object_list) == [world.offices.kelurahan]

    def test_list_is_paginated_with_constant_queries(
        self, world, client, django_assert_max_num_queries
    ):
        for n in range(40):
            OfficeFactory(region=RegionFactory(code=f"35.16.01.{2100 + n}"))
        client.force_login(world.admin)
        with django_assert_max_num_queries(12):
            response = client.get(reverse("offices:list"))
        page = response.context["page"]
        assert len(page.object_list) == 25
        assert page.paginator.count == 47
        second = client.get(reverse("offices:list"), {"page": 2})
        assert len(second.context["page"].object_list) == 22


class TestDetail:
    def test_member_sees_colleagues_and_roles(self, world, client):
        world.officer_a.full_name = "Siti Aminah"
        world.officer_a.phone = "081234567890"
        world.officer_a.save()
        client.force_login(world.kepala_desa_a)
        response = client.get(detail_url(world.offices.desa_a))
        content = response.content.decode()
        assert response.status_code == 200
        assert "Siti Aminah" in content
        assert "Petugas layanan" in content
        assert "081234567890" not in content

    def test_ended_members_are_not_listed(self, world, client):
        world.officer_a.memberships.update(active=False)
        client.force_login(world.kepala_desa_a)
        response = client.get(detail_url(world.offices.desa_a))
        assert world.officer_a not in [m.user for m in response.context["members"]]

    def test_the_outsider_gets_404(self, world, client, outsider):
        client.force_login(outsider)
        assert client.get(detail_url(world.offices.desa_a)).status_code == 404

    def test_lurah_gets_404_on_a_village_of_another_kecamatan(self, world, client):
        client.force_login(world.lurah)
        assert client.get(detail_url(world.offices.desa_a)).status_code == 404

    def test_kecamatan_operator_sees_a_village_office(self, world, client):
        client.force_login(world.kecamatan_operator)
        response = client.get(detail_url(world.offices.desa_b))
        assert response.status_code == 200
        assert not response.context["can_edit"]

    def test_detail_queries_do_not_grow_with_members(
        self, world, client, django_assert_max_num_queries
    ):
        for n in range(20):
            MembershipFactory(user=UserFactory(username=f"staf{n}"), office=world.offices.desa_a)
        client.force_login(world.kepala_desa_a)
        with django_assert_max_num_queries(10):
            response = client.get(detail_url(world.offices.desa_a))
        assert len(response.context["members"]) == 22


class TestEdit:
    def test_head_opens_the_form_with_current_hours(self, world, client):
        OpeningHours.objects.create(
            office=world.offices.desa_a, weekday=2, opens=time(8), closes=time(12)
        )
        client.force_login(world.kepala_desa_a)
        response = client.get(edit_url(world.offices.desa_a))
        assert response.status_code == 200
        assert response.context["formset"].initial == [
            {"weekday": 2, "opens": time(8), "closes": time(12)}
        ]
        assert 'value="08:00"' in response.content.decode()

    def test_head_saves_contacts_and_hours(self, world, client):
        client.force_login(world.kepala_desa_a)
        response = client.post(edit_url(world.offices.desa_a), profile_post())
        assert response.status_code == 302
        office = Office.objects.get(pk=world.offices.desa_a.pk)
        assert office.phone == "0321-777"
        assert office.maklumat == "Kami siap melayani."
        assert [(h.weekday, h.opens, h.closes) for h in office.hours.all()] == [
            (0, time(8), time(15))
        ]

    def test_section_head_may_edit(self, world, client):
        sekdes = UserFactory(username="sekdes.a")
        MembershipFactory(user=sekdes, office=world.offices.desa_a, role=Role.SECTION_HEAD)
        client.force_login(sekdes)
        assert client.get(edit_url(world.offices.desa_a)).status_code == 200

    def test_admin_may_edit_any_office(self, world, client):
        client.force_login(world.admin)
        response = client.post(edit_url(world.offices.kelurahan), profile_post())
        assert response.status_code == 302

    def test_deleting_a_row_removes_those_hours(self, world, client):
        OpeningHours.objects.create(
            office=world.offices.desa_a, weekday=2, opens=time(8), closes=time(12)
        )
        client.force_login(world.kepala_desa_a)
        data = profile_post(
            **{
                "jam-INITIAL_FORMS": "1",
                "jam-0-weekday": "2",
                "jam-0-opens": "08:00",
                "jam-0-closes": "12:00",
                "jam-0-DELETE": "on",
            }
        )
        client.post(edit_url(world.offices.desa_a), data)
        assert not world.offices.desa_a.hours.exists()

    def test_bad_input_is_shown_and_nothing_is_saved(self, world, client):
        client.force_login(world.kepala_desa_a)
        data = profile_post(**{"email": "bukan-surel", "jam-0-closes": "07:00"})
        response = client.post(edit_url(world.offices.desa_a), data)
        assert response.status_code == 200
        content = response.content.decode()
        assert "Jam tutup harus sesudah jam buka." in content
        assert Office.objects.get(pk=world.offices.desa_a.pk).email == ""

    def test_overlapping_hours_are_explained(self, world, client):
        client.force_login(world.kepala_desa_a)
        data = profile_post(
            **{"jam-1-weekday": "0", "jam-1-opens": "12:00", "jam-1-closes": "16:00"}
        )
        response = client.post(edit_url(world.offices.desa_a), data)
        assert response.status_code == 200
        assert "tumpang tindih" in response.content.decode()
        assert not world.offices.desa_a.hours.exists()

    @pytest.mark.parametrize("persona", ["officer_a", "kecamatan_operator", "disdukcapil_officer"])
    def test_members_without_the_role_get_403(self, world, client, persona):
        client.force_login(getattr(world, persona))
        assert client.get(edit_url(world.offices.desa_a)).status_code == 403
        response = client.post(edit_url(world.offices.desa_a), profile_post())
        assert response.status_code == 403
        assert Office.objects.get(pk=world.offices.desa_a.pk).phone == ""

    def test_the_outsider_gets_404(self, world, client, outsider):
        client.force_login(outsider)
        assert client.get(edit_url(world.offices.desa_a)).status_code == 404
        assert client.post(edit_url(world.offices.desa_a), profile_post()).status_code == 404
