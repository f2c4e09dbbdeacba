"""Where a complaint goes: the category's rule for the most specific area containing the
location, the head of region for the hotline, the village office without a rule, and the
next level up wherever nobody is registered to act."""

import pytest

from balai.complaints.constants import Level
from balai.complaints.routing import NoOffice, matching_rule, route
from balai.complaints.services import IntakeError
from balai.complaints.tests.factories import category, filed_complaint, local_units
from balai.offices.constants import Agency
from balai.regions.models import Region
from balai.regions.tests.factories import official_region


def rt_without_head(rw, number="RT009"):
    return Region.objects.create(
        code=f"{rw.code}.{number}", name=number[2:], level=7, kind="rt", parent=rw
    )


def rw_without_head(village, number="RW009"):
    return Region.objects.create(
        code=f"{village.code}.{number}", name=number[2:], level=6, kind="rw", parent=village
    )


class TestRules:
    def test_without_a_rule_the_village_office_of_the_location_handles_it(self, world):
        other = category("lain", "Lain-lain")
        for region, office in [
            (world.regions.desa_a, world.offices.desa_a),
            (world.regions.desa_b, world.offices.desa_b),
            (world.regions.kelurahan, world.offices.kelurahan),
        ]:
            found = route(other, region)
            assert (found.level, found.office, found.unit) == (Level.VILLAGE, office, None)

    def test_a_rule_without_an_area_applies_everywhere(self, world):
        _rw, rt, _rt_head, _rw_head = local_units(world)
        drains = category("saluran", level=Level.RT)
        found = route(drains, rt)
        assert (found.level, found.office, found.unit) == (Level.RT, world.offices.desa_a, rt)

    def test_the_most_specific_area_wins(self, world):
        rw, rt, _rt_head, _rw_head = local_units(world)
        lights = category("lampu", "Lampu jalan", level=Level.VILLAGE)
        category("lampu", level=Level.KECAMATAN, region=world.regions.kecamatan)
        category("lampu", level=Level.RW, region=world.regions.desa_a)
        assert route(lights, rt).level == Level.RW
        assert route(lights, rt).unit == rw
        assert route(lights, world.regions.desa_b).office == world.offices.kecamatan
        assert route(lights, world.regions.kelurahan).office == world.offices.kelurahan
        assert matching_rule(lights, rt.code).region == world.regions.desa_a

    def test_a_rule_for_another_village_does_not_apply(self, world):
        lights = category("lampu", "Lampu jalan", level=Level.VILLAGE)
        category("lampu", level=Level.KECAMATAN, region=world.regions.desa_b)
        assert route(lights, world.regions.desa_a).office == world.offices.desa_a
        assert route(lights, world.regions.desa_b).office == world.offices.kecamatan

    def test_the_hotline_goes_straight_to_the_head_of_region(self, world):
        hotline = category("hotline", "Hotline Bupati", is_hotline=True)
        # Even a rule cannot send a hotline report elsewhere.
        category("hotline", level=Level.VILLAGE, region=world.regions.desa_a)
        found = route(hotline, world.regions.desa_a)
        assert (found.level, found.office) == (Level.KABUPATEN, world.offices.bupati)

    def test_an_agency_rule_goes_to_that_agencys_office(self, world):
        records = category(
            "adminduk", "Administrasi kependudukan", level=Level.AGENCY, agency=Agency.DISDUKCAPIL
        )
        found = route(records, world.regions.kelurahan)
        assert (found.level, found.office) == (Level.AGENCY, world.offices.disdukcapil)

    def test_an_agency_without_an_office_passes_to_the_head_of_region(self, world):
        health = category("kesehatan", level=Level.AGENCY, agency=Agency.DINKES)
        found = route(health, world.regions.desa_a)
        assert (found.level, found.office) == (Level.KABUPATEN, world.offices.bupati)


class TestNeighbourhoodLevels:
    def test_an_rt_with_its_head_gets_its_own_complaints(self, world):
        _rw, rt, _rt_head, _rw_head = local_units(world)
        found = route(category("saluran", level=Level.RT), rt)
        assert (found.level, found.unit) == (Level.RT, rt)

    def test_an_rt_without_a_head_falls_to_its_rw(self, world):
        rw, _rt, _rt_head, _rw_head = local_units(world)
        lonely = rt_without_head(rw)
        found = route(category("saluran", level=Level.RT), lonely)
        assert (found.level, found.office, found.unit) == (Level.RW, world.offices.desa_a, rw)

    def test_an_rt_of_an_rw_without_heads_falls_to_the_village(self, world):
        local_units(world)
        rw = rw_without_head(world.regions.desa_a)
        lonely = rt_without_head(rw)
        found = route(category("saluran", level=Level.RT), lonely)
        assert (found.level, found.office, found.unit) == (
            Level.VILLAGE,
            world.offices.desa_a,
            None,
        )

    def test_a_location_given_only_as_the_village_goes_to_the_village_office(self, world):
        local_units(world)
        found = route(category("saluran", level=Level.RT), world.regions.desa_a)
        assert (found.level, found.office) == (Level.VILLAGE, world.offices.desa_a)

    def test_an_rw_rule_for_a_location_in_an_rt_goes_to_the_rw_head(self, world):
        rw, rt, _rt_head, _rw_head = local_units(world)
        found = route(category("sampah", level=Level.RW), rt)
        assert (found.level, found.unit) == (Level.RW, rw)

    def test_an_lmk_level_without_lmk_members_goes_to_the_village_office(self, world):
        found = route(category("musyawarah", level=Level.LMK), world.regions.kelurahan)
        assert (found.level, found.office) == (Level.VILLAGE, world.offices.kelurahan)

    def test_an_inactive_rt_head_does_not_count(self, world):
        rw, rt, rt_head, _rw_head = local_units(world)
        rt_head.memberships.update(active=False)
        found = route(category("saluran", level=Level.RT), rt)
        assert (found.level, found.unit) == (Level.RW, rw)


class TestNowhereToGo:
    def test_a_location_no_office_serves_is_refused_at_intake(self, world):
        elsewhere = official_region("35.17.01.2001", "Desa di kabupaten lain")
        official_region("35.17", "Kabupaten Jombang")
        official_region("35.17.01", "Kecamatan lain")
        with pytest.raises(NoOffice):
            route(category("lain"), elsewhere)
        with pytest.raises(IntakeError, match="Belum ada kantor"):
            filed_complaint(world, region=elsewhere, category=category("lain"))


@pytest.mark.parametrize(
    ("level", "expected_office"),
    [
        (Level.VILLAGE, "desa_a"),
        (Level.KECAMATAN, "kecamatan"),
        (Level.KABUPATEN, "bupati"),
    ],
)
def test_a_filed_complaint_records_its_route_and_verifying_office(world, level, expected_office):
    filed = filed_complaint(
        world, region=world.regions.desa_a, category=category(f"uji-{level}", level=level)
    ).complaint
    office = getattr(world.offices, expected_office)
    assert (filed.level, filed.office, filed.verifying_office) == (level, office, office)
    assert filed.village == world.regions.desa_a
