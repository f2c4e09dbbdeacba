"""Personas shared by every test (ARCHITECTURE.md, "Tests").

The world: Kabupaten Mojokerto with Kecamatan Jatirejo (Desa Tawangrejo = Desa A, Desa
Rejosari = Desa B) and Kecamatan Mojosari (Kelurahan Kauman), their offices, the
Disdukcapil and the Bupati's office, one user per persona. Desa B's officer is the outsider.
"""

from types import SimpleNamespace

import pytest

from balai.offices.constants import Agency, OfficeKind, Role
from balai.offices.tests.factories import MembershipFactory, OfficeFactory, UserFactory
from balai.regions.tests.factories import official_region

REGIONS = [
    ("35", "Jawa Timur"),
    ("35.16", "Kabupaten Mojokerto"),
    ("35.16.01", "Jatirejo"),
    ("35.16.01.2001", "Tawangrejo"),
    ("35.16.01.2002", "Rejosari"),
    ("35.16.08", "Mojosari"),
    ("35.16.08.1004", "Kauman"),
]


def build_world():
    r = {code: official_region(code, name) for code, name in REGIONS}
    offices = SimpleNamespace(
        desa_a=OfficeFactory(region=r["35.16.01.2001"], name="Kantor Desa Tawangrejo"),
        desa_b=OfficeFactory(region=r["35.16.01.2002"], name="Kantor Desa Rejosari"),
        kelurahan=OfficeFactory(region=r["35.16.08.1004"], name="Kantor Kelurahan Kauman"),
        kecamatan=OfficeFactory(
            region=r["35.16.01"], kind=OfficeKind.KECAMATAN, name="Kantor Kecamatan Jatirejo"
        ),
        kecamatan_mojosari=OfficeFactory(
            region=r["35.16.08"], kind=OfficeKind.KECAMATAN, name="Kantor Kecamatan Mojosari"
        ),
        disdukcapil=OfficeFactory(
            region=r["35.16"],
            kind=OfficeKind.AGENCY,
            agency=Agency.DISDUKCAPIL,
            name="Dinas Kependudukan dan Pencatatan Sipil Kabupaten Mojokerto",
        ),
        bupati=OfficeFactory(
            region=r["35.16"], kind=OfficeKind.HEAD, name="Kantor Bupati Mojokerto"
        ),
    )

    def member(username, office, role, **extra):
        user = UserFactory(username=username)
        MembershipFactory(user=user, office=office, role=role, **extra)
        return user

    return SimpleNamespace(
        regions=SimpleNamespace(
            province=r["35"],
            kabupaten=r["35.16"],
            kecamatan=r["35.16.01"],
            desa_a=r["35.16.01.2001"],
            desa_b=r["35.16.01.2002"],
            kecamatan_mojosari=r["35.16.08"],
            kelurahan=r["35.16.08.1004"],
        ),
        offices=offices,
        officer_a=member("petugas.a", offices.desa_a, Role.FRONT_OFFICE),
        officer_b=member("petugas.b", offices.desa_b, Role.FRONT_OFFICE),
        kepala_desa_a=member("kades.a", offices.desa_a, Role.HEAD),
        kecamatan_operator=member("operator.jatirejo", offices.kecamatan, Role.OPERATOR),
        disdukcapil_officer=member("petugas.dukcapil", offices.disdukcapil, Role.FRONT_OFFICE),
        lurah=member("lurah.kauman", offices.kelurahan, Role.HEAD),
        admin=member("admin.kabupaten", offices.bupati, Role.KABUPATEN_ADMIN),
    )


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def outsider(world):
    """The officer of another village (Desa B), who must see nothing of Desa A."""
    return world.officer_b
