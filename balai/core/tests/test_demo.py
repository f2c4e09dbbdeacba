"""`balai demo` loads a usable, valid demo and can be run again without doubling anything."""

import csv
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from balai.accounts.models import User
from balai.catalog.constants import Category, Component, VersionStatus
from balai.catalog.models import Requirement, Service, ServiceVersion, StandardComponent, Step
from balai.core.demo import DEMO_PASSWORD, build_demo
from balai.core.demo.people import PERSONAS
from balai.core.demo.regions import OFFICIAL_REGIONS, VILLAGES
from balai.offices.constants import Role, Weekday
from balai.offices.models import Membership, Office, OpeningHours
from balai.regions.constants import Kind, Level
from balai.regions.models import Region

DEMO_MODELS = [
    Region,
    Office,
    OpeningHours,
    User,
    Membership,
    Service,
    ServiceVersion,
    StandardComponent,
    Requirement,
    Step,
]
# The Kemendagri list sits next to the project in a development checkout and in CI.
KODE_WILAYAH = Path(settings.BASE_DIR).parent / "shared" / "data" / "kode-wilayah-2025.csv"


def row_counts():
    return {model.__name__: model.objects.count() for model in DEMO_MODELS}


@pytest.fixture
def demo(db):
    return build_demo()


def test_running_the_demo_twice_changes_nothing(demo):
    before = row_counts()

    second = build_demo()

    assert row_counts() == before
    assert not second.changed
    assert all(counts["unchanged"] for counts in second.counts.values())


def test_the_first_run_creates_every_kind_of_row(demo):
    assert demo.changed
    assert all(count > 0 for count in row_counts().values())


def test_the_command_prints_the_logins_and_the_password(db):
    out = StringIO()

    call_command("demo", stdout=out)

    text = out.getvalue()
    assert DEMO_PASSWORD in text
    assert "ketua.rt001" in text
    assert "warga" in text


def test_at_least_fifteen_services_are_published_with_all_fourteen_components(demo):
    services = Service.objects.published().select_related("current_version")

    assert services.count() >= 15
    for service in services:
        version = service.current_version
        assert version.number == 1
        assert version.status == VersionStatus.PUBLISHED
        assert version.published_at is not None
        assert version.fee_amount == 0
        components = set(version.components.values_list("component", flat=True))
        assert components == set(Component.values), service.code
        assert all(version.components.values_list("content", flat=True))


def test_every_service_has_requirements_and_steps_numbered_from_one(demo):
    for version in ServiceVersion.objects.all():
        assert version.requirements.exists(), version.service.code
        positions = list(version.steps.values_list("position", flat=True))
        assert positions == list(range(1, len(positions) + 1)), version.service.code
        assert positions, version.service.code
        assert version.time_limit_days() >= 1


def test_population_documents_are_free_by_law(demo):
    versions = ServiceVersion.objects.filter(service__category=Category.POPULATION)

    assert versions.count() >= 8
    for version in versions:
        assert version.fee_legal_basis == "UU 24/2013 Pasal 79A"
        fee = version.components.get(component=Component.FEE).content
        assert "UU 24/2013 Pasal 79A" in fee


def test_population_documents_are_issued_by_disdukcapil(demo):
    version = Service.objects.get(code="kk-perubahan").current_version

    steps = list(version.steps.values_list("office_kind", "agency", "time_limit_days"))

    assert steps == [("village", "", 1), ("kecamatan", "", 1), ("agency", "disdukcapil", 1)]


def test_several_services_can_be_requested_online(demo):
    assert ServiceVersion.objects.filter(via_online=True).count() >= 5


def test_every_demo_user_signs_in_with_the_demo_password(demo):
    users = User.objects.filter(username__in=[p.username for p in PERSONAS])

    assert users.count() == len(PERSONAS)
    for user in users:
        assert user.check_password(DEMO_PASSWORD), user.username
        assert not user.check_password(DEMO_PASSWORD + "x")
        assert user.full_name


def test_only_the_admin_opens_the_admin_site(demo):
    admin = User.objects.get(username="admin")

    assert admin.is_staff and admin.is_superuser
    assert admin.memberships.get().role == Role.KABUPATEN_ADMIN
    assert not User.objects.exclude(username="admin").filter(is_staff=True).exists()


def test_a_changed_password_is_reset_on_the_next_run(demo):
    user = User.objects.get(username="petugas.tawangrejo")
    user.set_password("sandi-lain-sekali")
    user.save()

    second = build_demo()

    user.refresh_from_db()
    assert user.check_password(DEMO_PASSWORD)
    assert second.counts["users"]["updated"] == 1


def test_the_rt_head_leads_an_rt_inside_tawangrejo(demo):
    membership = Membership.objects.select_related("region", "office").get(
        user__username="ketua.rt001"
    )

    assert membership.role == Role.NEIGHBOURHOOD_HEAD
    assert membership.region.level == Level.RT
    assert membership.region.code.startswith("35.16.01.2001.")
    assert membership.office.region_id == "35.16.01.2001"


def test_every_office_serves_a_region_of_its_level(demo):
    offices = Office.objects.select_related("region")

    assert offices.count() == 9
    for office in offices:
        office.full_clean()


def test_every_office_opens_with_a_break_on_weekdays(demo):
    for office in Office.objects.all():
        hours = list(office.hours.values_list("weekday", "opens", "closes"))
        assert len(hours) == 10, office.name
        friday = [(o.strftime("%H:%M"), c.strftime("%H:%M")) for d, o, c in hours if d == 4]
        assert friday == [("08:00", "11:00"), ("13:00", "15:00")]
        assert Weekday.SATURDAY not in {day for day, _, _ in hours}
        assert office.maklumat.startswith("MAKLUMAT PELAYANAN")


def test_every_membership_is_valid(demo):
    memberships = Membership.objects.select_related("office", "region", "user")

    assert memberships.count() == len(PERSONAS)
    for membership in memberships:
        membership.full_clean()


def test_every_village_has_two_units_four_rw_and_twelve_rt(demo):
    for village in VILLAGES:
        below = Region.objects.within(village).exclude(code=village)
        units = below.filter(level=Level.DUSUN)
        assert units.count() == 2
        expected = Kind.LINGKUNGAN if village == "35.16.08.1004" else Kind.DUSUN
        assert set(units.values_list("kind", flat=True)) == {expected}
        assert below.filter(level=Level.RW, kind=Kind.RW).count() == 4
        assert below.filter(level=Level.RT, kind=Kind.RT).count() == 12


def test_every_local_unit_is_a_child_of_its_code_prefix(demo):
    for region in Region.objects.filter(level__gte=Level.DUSUN):
        assert region.code.rsplit(".", 1)[0] == region.parent_id


def test_a_service_with_a_later_current_version_is_left_alone(demo):
    service = Service.objects.get(code="sk-domisili")
    service.versions.filter(number=1).update(status=VersionStatus.RETIRED)
    later = ServiceVersion.objects.create(
        service=service,
        number=2,
        status=VersionStatus.PUBLISHED,
        output_product="Surat keterangan domisili (versi baru)",
    )
    service.current_version = later
    service.save()

    report = build_demo()

    service.refresh_from_db()
    assert service.current_version == later
    assert service.versions.get(number=1).status == VersionStatus.RETIRED
    assert any("sk-domisili" in note for note in report.notes)


def test_a_version_in_use_keeps_its_content(demo):
    version = Service.objects.get(code="sktm").current_version
    version.in_use_since = version.published_at
    version.description = "Isi yang sudah dipakai permohonan."
    version.save()

    build_demo()

    version.refresh_from_db()
    assert version.description == "Isi yang sudah dipakai permohonan."


@pytest.mark.skipif(not KODE_WILAYAH.exists(), reason="the Kemendagri list is not available")
def test_official_regions_match_the_kemendagri_list():
    wanted = dict(OFFICIAL_REGIONS)
    with KODE_WILAYAH.open(newline="", encoding="utf-8") as handle:
        listed = {
            row["kode"]: row["nama"] for row in csv.DictReader(handle) if row["kode"] in wanted
        }

    assert listed == wanted
