"""Offices serve one level of region; the rules that keep offices and memberships sound."""

import pytest
from django.core.exceptions import ValidationError

from balai.offices.constants import Agency, OfficeKind, Role
from balai.offices.models import Membership, Office, OpeningHours
from balai.regions.tests.factories import RegionFactory


class TestServing:
    def test_a_village_is_served_by_its_kecamatan_office(self, world):
        found = Office.objects.serving("35.16.01.2001", OfficeKind.KECAMATAN)
        assert list(found) == [world.offices.kecamatan]

    def test_a_village_is_served_by_the_kabupaten_disdukcapil(self, world):
        found = Office.objects.serving("35.16.01.2001", OfficeKind.AGENCY, Agency.DISDUKCAPIL)
        assert list(found) == [world.offices.disdukcapil]

    def test_an_agency_that_does_not_exist_serves_nobody(self, world):
        assert not Office.objects.serving("35.16.01.2001", OfficeKind.AGENCY, Agency.DINSOS)

    def test_a_kelurahan_is_served_by_its_own_kecamatan(self, world):
        found = Office.objects.serving("35.16.08.1004", OfficeKind.KECAMATAN)
        assert list(found) == [world.offices.kecamatan_mojosari]

    def test_an_rt_is_served_by_its_village_office(self, world):
        found = Office.objects.serving("35.16.01.2001.RW001.RT002", OfficeKind.VILLAGE)
        assert list(found) == [world.offices.desa_a]

    def test_an_inactive_office_serves_nobody(self, world):
        Office.objects.filter(pk=world.offices.kecamatan.pk).update(active=False)
        assert not Office.objects.serving("35.16.01.2001", OfficeKind.KECAMATAN)


class TestOfficeRules:
    def test_an_agency_office_needs_an_agency(self, world):
        office = Office(name="Dinas", kind=OfficeKind.AGENCY, region=world.regions.kabupaten)
        with pytest.raises(ValidationError) as error:
            office.full_clean()
        assert "agency" in error.value.message_dict

    def test_only_agency_offices_name_an_agency(self, world):
        office = Office(
            name="Desa", kind=OfficeKind.VILLAGE, agency=Agency.DINSOS, region=world.regions.desa_a
        )
        with pytest.raises(ValidationError) as error:
            office.full_clean()
        assert "agency" in error.value.message_dict

    def test_a_kecamatan_office_must_serve_a_kecamatan(self, world):
        office = Office(name="Camat", kind=OfficeKind.KECAMATAN, region=world.regions.desa_a)
        with pytest.raises(ValidationError) as error:
            office.full_clean()
        assert "Kecamatan" in str(error.value.message_dict["region"])

    def test_a_sound_office_passes(self, world):
        Office(name="Desa Baru", kind=OfficeKind.VILLAGE, region=world.regions.desa_b).full_clean()

    def test_opening_hours_must_close_after_opening(self, world):
        from datetime import time

        period = OpeningHours(
            office=world.offices.desa_a, weekday=0, opens=time(15), closes=time(8)
        )
        with pytest.raises(ValidationError) as error:
            period.full_clean()
        assert "closes" in error.value.message_dict


class TestMembershipRules:
    def test_a_neighbourhood_head_needs_an_rt_or_rw(self, world):
        membership = Membership(
            user=world.officer_a, office=world.offices.desa_a, role=Role.NEIGHBOURHOOD_HEAD
        )
        with pytest.raises(ValidationError) as error:
            membership.full_clean()
        assert "region" in error.value.message_dict

    def test_the_rt_must_lie_in_the_office_area(self, world):
        rw = RegionFactory(code="35.16.01.2002.RW001", name="RW 001", level=6, kind="rw")
        membership = Membership(
            user=world.officer_a,
            office=world.offices.desa_a,
            role=Role.NEIGHBOURHOOD_HEAD,
            region=rw,
        )
        with pytest.raises(ValidationError, match="wilayah kantor ini"):
            membership.full_clean()

    def test_other_roles_take_no_rt(self, world):
        rw = RegionFactory(code="35.16.01.2001.RW001", name="RW 001", level=6, kind="rw")
        membership = Membership(
            user=world.kecamatan_operator,
            office=world.offices.desa_a,
            role=Role.OPERATOR,
            region=rw,
        )
        with pytest.raises(ValidationError, match="hanya untuk ketua"):
            membership.full_clean()

    def test_the_same_role_twice_in_one_office_is_refused(self, world):
        twice = Membership(user=world.officer_a, office=world.offices.desa_a, role="front_office")
        with pytest.raises(ValidationError):
            twice.full_clean()
