"""Who sees which request (rule 1): built only from memberships, through visible_to."""

import pytest

from balai.cases.models import ServiceRequest
from balai.cases.tests.factories import filed_request, kk_service
from balai.catalog.tests.factories import published_service
from balai.offices.constants import OfficeKind, Role
from balai.offices.tests.factories import MembershipFactory, UserFactory


@pytest.fixture
def requests_(world):
    kk = filed_request(world, service=kk_service())
    letter_service = published_service(
        code="domisili-uji", steps=[(OfficeKind.VILLAGE, "", 1, "Tanda tangan kepala desa")]
    )
    letter = filed_request(world, service=letter_service)
    return kk, letter


def visible_codes(user):
    return set(ServiceRequest.objects.visible_to(user).values_list("code", flat=True))


def test_village_staff_and_their_kecamatan_see_the_villages_requests(world, requests_):
    codes = {r.code for r in requests_}
    assert visible_codes(world.officer_a) == codes
    assert visible_codes(world.kepala_desa_a) == codes
    assert visible_codes(world.kecamatan_operator) == codes


def test_the_disdukcapil_sees_only_requests_that_pass_its_office(world, requests_):
    kk, _letter = requests_
    assert visible_codes(world.disdukcapil_officer) == {kk.code}


def test_other_villages_and_kecamatan_see_nothing(world, requests_):
    assert visible_codes(world.officer_b) == set()
    assert visible_codes(world.lurah) == set()


def test_a_kabupaten_admin_sees_everything(world, requests_):
    assert visible_codes(world.admin) == {r.code for r in requests_}


def test_an_rt_head_of_the_village_does_not_see_its_requests(world, requests_):
    rw = world.regions.desa_a.children.create(
        code="35.16.01.2001.RW001", name="001", level=6, kind="rw"
    )
    head = UserFactory(username="ketua.rw")
    MembershipFactory(
        user=head, office=world.offices.desa_a, role=Role.NEIGHBOURHOOD_HEAD, region=rw
    )
    assert visible_codes(head) == set()
