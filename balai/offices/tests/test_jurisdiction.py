"""Who sees which office: every persona's jurisdiction, built from active memberships."""

import pytest

from balai.offices.constants import Role
from balai.offices.jurisdiction import forget_jurisdiction, jurisdiction_of
from balai.offices.models import Membership, Office
from balai.offices.tests.factories import MembershipFactory, UserFactory


def visible_names(user):
    return set(Office.objects.visible_to(user).values_list("name", flat=True))


def visible(world, user):
    names = visible_names(user)
    return {key for key, office in vars(world.offices).items() if office.name in names}


ALL_OFFICES = {
    "desa_a",
    "desa_b",
    "kelurahan",
    "kecamatan",
    "kecamatan_mojosari",
    "disdukcapil",
    "bupati",
}


def test_village_officer_sees_only_their_own_office(world):
    assert visible(world, world.officer_a) == {"desa_a"}
    assert visible(world, world.kepala_desa_a) == {"desa_a"}


def test_the_outsider_does_not_see_desa_a(world, outsider):
    assert visible(world, outsider) == {"desa_b"}


def test_kecamatan_operator_sees_the_kecamatan_and_its_villages(world):
    assert visible(world, world.kecamatan_operator) == {"kecamatan", "desa_a", "desa_b"}


def test_lurah_sees_only_the_kelurahan(world):
    assert visible(world, world.lurah) == {"kelurahan"}


def test_agency_officer_sees_every_office_in_the_kabupaten(world):
    assert visible(world, world.disdukcapil_officer) == ALL_OFFICES
    assert jurisdiction_of(world.disdukcapil_officer).agencies == {"disdukcapil"}


def test_kabupaten_admin_sees_everything(world):
    assert visible(world, world.admin) == ALL_OFFICES
    assert jurisdiction_of(world.admin).everything


def test_superuser_sees_everything_without_membership(world):
    root = UserFactory(username="root", is_superuser=True)
    assert visible(world, root) == ALL_OFFICES


def test_ended_membership_sees_nothing(world):
    Membership.objects.filter(user=world.officer_a).update(active=False)
    forget_jurisdiction(world.officer_a)
    assert visible(world, world.officer_a) == set()
    assert jurisdiction_of(world.officer_a).is_empty


def test_inactive_user_sees_nothing(world):
    world.officer_a.is_active = False
    world.officer_a.save()
    forget_jurisdiction(world.officer_a)
    assert visible(world, world.officer_a) == set()


def test_membership_of_an_inactive_office_counts_for_nothing(world):
    Office.objects.filter(pk=world.offices.desa_a.pk).update(active=False)
    assert visible(world, world.officer_a) == set()


def test_anonymous_user_sees_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    assert visible(world, AnonymousUser()) == set()


def test_two_memberships_add_up(world):
    MembershipFactory(user=world.officer_a, office=world.offices.kelurahan, role=Role.OPERATOR)
    forget_jurisdiction(world.officer_a)
    assert visible(world, world.officer_a) == {"desa_a", "kelurahan"}


def test_neighbourhood_head_sees_their_unit_not_the_village_office(world):
    from balai.regions.tests.factories import RegionFactory

    rw = RegionFactory(code="35.16.01.2001.RW001", name="RW 001", level=6, kind="rw")
    head = UserFactory(username="ketua.rw")
    MembershipFactory(
        user=head, office=world.offices.desa_a, role=Role.NEIGHBOURHOOD_HEAD, region=rw
    )
    jurisdiction = jurisdiction_of(head)
    assert jurisdiction.covers("35.16.01.2001.RW001")
    assert not jurisdiction.covers("35.16.01.2001")
    # The office they belong to stays visible to them.
    assert visible(world, head) == {"desa_a"}


def test_jurisdiction_is_computed_once_per_user_object(world, django_assert_num_queries):
    forget_jurisdiction(world.officer_a)
    with django_assert_num_queries(1):
        jurisdiction_of(world.officer_a)
        jurisdiction_of(world.officer_a)


def test_roles_are_known_per_office(world):
    jurisdiction = jurisdiction_of(world.kepala_desa_a)
    assert jurisdiction.holds(world.offices.desa_a.pk, Role.HEAD)
    assert not jurisdiction.holds(world.offices.desa_b.pk, Role.HEAD)
    assert not jurisdiction.holds(world.offices.desa_a.pk, Role.SECTION_HEAD)


@pytest.mark.parametrize("persona", ["officer_a", "kecamatan_operator", "lurah"])
def test_memberships_are_scoped_like_offices(world, persona):
    user = getattr(world, persona)
    offices = set(Office.objects.visible_to(user))
    memberships = Membership.objects.visible_to(user)
    assert memberships.exists()
    assert all(m.office in offices for m in memberships)
