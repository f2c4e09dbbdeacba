"""`create_local_unit`: codes from the parent's code, allowed parents, no duplicates, and only
heads, section heads and kabupaten admins of the village."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from balai.offices.constants import Role
from balai.offices.tests.factories import MembershipFactory, UserFactory
from balai.regions.constants import Kind, Level
from balai.regions.services import create_local_unit

pytestmark = pytest.mark.django_db


def test_a_dusun_is_coded_from_its_village(world):
    dusun = create_local_unit(world.kepala_desa_a, world.regions.desa_a, Kind.DUSUN, 1)

    assert (dusun.code, dusun.level, dusun.parent_id) == (
        "35.16.01.2001.D01",
        Level.DUSUN,
        "35.16.01.2001",
    )


def test_a_named_dusun_takes_the_next_free_number(world):
    create_local_unit(world.kepala_desa_a, world.regions.desa_a, Kind.DUSUN, 1)

    krajan = create_local_unit(world.kepala_desa_a, world.regions.desa_a, Kind.DUSUN, "Krajan")

    assert (krajan.code, krajan.name) == ("35.16.01.2001.D02", "Krajan")
    assert str(krajan) == "Dusun Krajan"


def test_a_lingkungan_under_a_kelurahan_shares_the_dusun_segment(world):
    lingkungan = create_local_unit(
        world.lurah, world.regions.kelurahan, Kind.LINGKUNGAN, "Kauman Utara"
    )

    assert (lingkungan.code, lingkungan.kind, lingkungan.level) == (
        "35.16.08.1004.D01",
        Kind.LINGKUNGAN,
        Level.DUSUN,
    )
    assert str(lingkungan) == "Lingkungan Kauman Utara"


def test_rw_under_a_village_and_under_a_dusun(world):
    head, village = world.kepala_desa_a, world.regions.desa_a
    dusun = create_local_unit(head, village, Kind.DUSUN, 1)

    direct = create_local_unit(head, village, Kind.RW, 3)
    nested = create_local_unit(head, dusun, Kind.RW, "3")

    assert direct.code == "35.16.01.2001.RW003"
    assert nested.code == "35.16.01.2001.D01.RW003"
    assert direct.level == nested.level == Level.RW
    assert str(direct) == "RW 003"


def test_an_rt_hangs_from_an_rw(world):
    rw = create_local_unit(world.kepala_desa_a, world.regions.desa_a, Kind.RW, 3)

    rt = create_local_unit(world.kepala_desa_a, rw, Kind.RT, 2)

    assert (rt.code, rt.level) == ("35.16.01.2001.RW003.RT002", Level.RT)


@pytest.mark.parametrize(
    ("kind", "parent_kind"),
    [(Kind.RT, "village"), (Kind.DUSUN, "rw"), (Kind.RW, "rw"), (Kind.DUSUN, "dusun")],
)
def test_units_under_the_wrong_parent_are_refused(world, kind, parent_kind):
    head, village = world.kepala_desa_a, world.regions.desa_a
    parents = {
        "village": village,
        "dusun": create_local_unit(head, village, Kind.DUSUN, 1),
        "rw": create_local_unit(head, village, Kind.RW, 1),
    }

    with pytest.raises(ValidationError, match="tidak dapat dibuat di bawah"):
        create_local_unit(head, parents[parent_kind], kind, 5)


def test_local_units_are_not_created_above_a_village(world):
    with pytest.raises(PermissionDenied):
        create_local_unit(world.admin, world.regions.kecamatan, Kind.DUSUN, 1)


def test_a_duplicate_number_is_refused_clearly(world):
    create_local_unit(world.kepala_desa_a, world.regions.desa_a, Kind.RW, 3)

    with pytest.raises(ValidationError, match="RW 003 sudah ada di Desa Tawangrejo"):
        create_local_unit(world.kepala_desa_a, world.regions.desa_a, Kind.RW, 3)


def test_a_duplicate_dusun_name_is_refused(world):
    create_local_unit(world.kepala_desa_a, world.regions.desa_a, Kind.DUSUN, "Krajan")

    with pytest.raises(ValidationError, match="sudah ada"):
        create_local_unit(world.kepala_desa_a, world.regions.desa_a, Kind.DUSUN, "krajan")


@pytest.mark.parametrize("value", [0, 1000, "", "tiga"])
def test_rw_needs_a_number_between_1_and_999(world, value):
    with pytest.raises(ValidationError):
        create_local_unit(world.kepala_desa_a, world.regions.desa_a, Kind.RW, value)


def test_a_kabupaten_admin_may_add_units_anywhere(world):
    rw = create_local_unit(world.admin, world.regions.desa_b, Kind.RW, 1)

    assert rw.code == "35.16.01.2002.RW001"


def test_a_section_head_of_the_village_may_add_units(world):
    sekdes = UserFactory(username="sekdes.a")
    MembershipFactory(user=sekdes, office=world.offices.desa_a, role=Role.SECTION_HEAD)

    assert create_local_unit(sekdes, world.regions.desa_a, Kind.RW, 1)


def test_a_front_office_clerk_may_not_add_units(world):
    with pytest.raises(PermissionDenied):
        create_local_unit(world.officer_a, world.regions.desa_a, Kind.RW, 1)


def test_the_head_of_another_village_may_not_add_units(world):
    kepala_desa_b = UserFactory(username="kades.b")
    MembershipFactory(user=kepala_desa_b, office=world.offices.desa_b, role=Role.HEAD)

    with pytest.raises(PermissionDenied):
        create_local_unit(kepala_desa_b, world.regions.desa_a, Kind.RW, 1)


def test_a_head_elsewhere_is_not_a_manager_where_they_only_serve_the_counter(world):
    """A head role held for Desa B does not carry over to a clerk's seat in Desa A."""
    MembershipFactory(user=world.officer_a, office=world.offices.desa_b, role=Role.HEAD)

    with pytest.raises(PermissionDenied):
        create_local_unit(world.officer_a, world.regions.desa_a, Kind.RW, 1)


def test_the_outsider_may_not_add_units(world, outsider):
    with pytest.raises(PermissionDenied):
        create_local_unit(outsider, world.regions.desa_a, Kind.RW, 1)
