"""Office heads keep their profile and members current; nobody else may, and every refusal
says why in Indonesian."""

from datetime import time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from balai.offices.constants import Role
from balai.offices.jurisdiction import jurisdiction_of
from balai.offices.models import Membership, Office
from balai.offices.services import add_membership, end_membership, update_office_profile
from balai.offices.tests.factories import MembershipFactory, UserFactory

MORNING = {"weekday": 0, "opens": time(8), "closes": time(12)}
AFTERNOON = {"weekday": 0, "opens": time(13), "closes": time(15)}


@pytest.fixture
def sekdes_a(world):
    user = UserFactory(username="sekdes.a")
    MembershipFactory(user=user, office=world.offices.desa_a, role=Role.SECTION_HEAD)
    return user


class TestUpdateProfile:
    @pytest.mark.parametrize("persona", ["kepala_desa_a", "admin"])
    def test_head_and_kabupaten_admin_may_update(self, world, persona):
        office = world.offices.desa_a
        update_office_profile(getattr(world, persona), office, phone="0321-123", maklumat="Janji")
        office.refresh_from_db()
        assert (office.phone, office.maklumat) == ("0321-123", "Janji")

    def test_section_head_may_update(self, world, sekdes_a):
        update_office_profile(sekdes_a, world.offices.desa_a, email="desa@example.id")
        assert Office.objects.get(pk=world.offices.desa_a.pk).email == "desa@example.id"

    @pytest.mark.parametrize(
        "persona", ["officer_a", "officer_b", "kecamatan_operator", "disdukcapil_officer"]
    )
    def test_others_are_refused_in_indonesian(self, world, persona):
        with pytest.raises(PermissionDenied, match="Hanya kepala kantor"):
            update_office_profile(getattr(world, persona), world.offices.desa_a, phone="1")
        assert Office.objects.get(pk=world.offices.desa_a.pk).phone == ""

    def test_head_of_another_office_is_refused(self, world):
        with pytest.raises(PermissionDenied):
            update_office_profile(world.kepala_desa_a, world.offices.desa_b, phone="1")

    def test_bad_email_is_refused(self, world):
        with pytest.raises(ValidationError) as error:
            update_office_profile(world.kepala_desa_a, world.offices.desa_a, email="bukan surel")
        assert "email" in error.value.message_dict

    def test_fields_outside_the_profile_are_refused(self, world):
        with pytest.raises(ValidationError):
            update_office_profile(world.admin, world.offices.desa_a, name="Kantor Lain")

    def test_hours_replace_the_old_ones(self, world):
        office = world.offices.desa_a
        update_office_profile(world.kepala_desa_a, office, hours=[MORNING])
        update_office_profile(world.kepala_desa_a, office, hours=[MORNING, AFTERNOON])
        periods = [(p.weekday, p.opens, p.closes) for p in office.hours.all()]
        assert periods == [(0, time(8), time(12)), (0, time(13), time(15))]

    def test_overlapping_hours_are_refused_and_old_hours_kept(self, world):
        office = world.offices.desa_a
        update_office_profile(world.kepala_desa_a, office, hours=[MORNING])
        overlapping = {"weekday": 0, "opens": time(11), "closes": time(14)}
        with pytest.raises(ValidationError, match="tumpang tindih"):
            update_office_profile(world.kepala_desa_a, office, hours=[MORNING, overlapping])
        assert office.hours.count() == 1

    def test_closing_before_opening_is_refused(self, world):
        backwards = {"weekday": 1, "opens": time(15), "closes": time(8)}
        with pytest.raises(ValidationError):
            update_office_profile(world.kepala_desa_a, world.offices.desa_a, hours=[backwards])


class TestMemberships:
    def test_head_adds_a_member_who_then_sees_the_office(self, world):
        newcomer = UserFactory(username="petugas.baru")
        assert jurisdiction_of(newcomer).is_empty
        add_membership(world.kepala_desa_a, world.offices.desa_a, newcomer, Role.FRONT_OFFICE)
        assert Office.objects.visible_to(newcomer).filter(pk=world.offices.desa_a.pk).exists()

    def test_kabupaten_admin_adds_a_member_anywhere(self, world):
        newcomer = UserFactory(username="petugas.baru")
        membership = add_membership(world.admin, world.offices.kelurahan, newcomer, Role.OPERATOR)
        assert membership.active

    @pytest.mark.parametrize("persona", ["officer_a", "officer_b", "kecamatan_operator"])
    def test_others_may_not_add_members(self, world, persona):
        newcomer = UserFactory(username="petugas.baru")
        with pytest.raises(PermissionDenied, match="Hanya kepala kantor"):
            add_membership(getattr(world, persona), world.offices.desa_a, newcomer, Role.OPERATOR)
        assert not Membership.objects.filter(user=newcomer).exists()

    def test_section_head_may_not_add_members(self, world, sekdes_a):
        newcomer = UserFactory(username="petugas.baru")
        with pytest.raises(PermissionDenied):
            add_membership(sekdes_a, world.offices.desa_a, newcomer, Role.OPERATOR)

    def test_a_head_may_not_appoint_a_kabupaten_admin(self, world):
        with pytest.raises(PermissionDenied, match="admin kabupaten"):
            add_membership(
                world.kepala_desa_a, world.offices.desa_a, world.officer_b, Role.KABUPATEN_ADMIN
            )

    def test_the_same_active_role_twice_is_refused(self, world):
        with pytest.raises(ValidationError, match="sudah memegang"):
            add_membership(
                world.kepala_desa_a, world.offices.desa_a, world.officer_a, Role.FRONT_OFFICE
            )

    def test_a_neighbourhood_head_without_rt_is_refused(self, world):
        newcomer = UserFactory(username="ketua.rt")
        with pytest.raises(ValidationError):
            add_membership(
                world.kepala_desa_a, world.offices.desa_a, newcomer, Role.NEIGHBOURHOOD_HEAD
            )

    def test_ending_a_membership_removes_the_jurisdiction(self, world):
        membership = Membership.objects.get(user=world.officer_a)
        assert not jurisdiction_of(world.officer_a).is_empty
        end_membership(world.kepala_desa_a, membership)
        assert not Membership.objects.get(pk=membership.pk).active
        assert jurisdiction_of(membership.user).is_empty

    def test_an_ended_membership_can_be_reopened(self, world):
        membership = Membership.objects.get(user=world.officer_a)
        end_membership(world.admin, membership)
        again = add_membership(
            world.kepala_desa_a, world.offices.desa_a, world.officer_a, Role.FRONT_OFFICE
        )
        assert again.pk == membership.pk
        assert again.active

    def test_ending_twice_is_refused(self, world):
        membership = Membership.objects.get(user=world.officer_a)
        end_membership(world.kepala_desa_a, membership)
        with pytest.raises(ValidationError, match="sudah berakhir"):
            end_membership(world.kepala_desa_a, membership)

    def test_nobody_ends_their_own_membership(self, world):
        own = Membership.objects.get(user=world.kepala_desa_a)
        with pytest.raises(PermissionDenied, match="sendiri"):
            end_membership(world.kepala_desa_a, own)

    def test_the_outsider_may_not_end_a_membership_of_desa_a(self, world, outsider):
        membership = Membership.objects.get(user=world.officer_a)
        with pytest.raises(PermissionDenied):
            end_membership(outsider, membership)
        assert Membership.objects.get(pk=membership.pk).active

    def test_a_head_may_not_end_a_kabupaten_admin(self, world):
        admin_row = MembershipFactory(
            user=UserFactory(username="admin.desa"),
            office=world.offices.desa_a,
            role=Role.KABUPATEN_ADMIN,
        )
        with pytest.raises(PermissionDenied):
            end_membership(world.kepala_desa_a, admin_row)
