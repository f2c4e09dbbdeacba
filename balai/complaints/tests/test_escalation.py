"""Escalation end to end: each missed limit moves a complaint one level up, RT → RW →
village → kecamatan → kabupaten, and tells both the level it leaves and the one it reaches.
At the top the complaint stays with the head of region and its limit starts again."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from balai.complaints.constants import Action, Level, Limit
from balai.complaints.services import run_time_limits
from balai.complaints.tests.factories import (
    category,
    filed_complaint,
    give_emails,
    local_units,
    office_member,
)
from balai.notifications.models import Message
from balai.offices.constants import Agency
from balai.regions.models import Region

WIB = ZoneInfo("Asia/Jakarta")


def morning_after(complaint):
    """08:00 WIB on the first day after the running limit's due date."""
    return datetime.combine(complaint.limit_due + timedelta(days=1), time(8), tzinfo=WIB)


def miss_the_limit(complaint):
    """Let the running limit pass, run the periodic job, return the escalation event."""
    with time_machine.travel(morning_after(complaint), tick=False):
        assert run_time_limits() == {"escalated": 1, "closed": 0}
    complaint.refresh_from_db()
    return complaint.events.filter(action=Action.ESCALATE).last()


def mailed(event) -> set[str]:
    """Who was e-mailed about one event."""
    return set(
        Message.objects.filter(
            dedupe_key__contains=f":event:{event.uuid}:", channel="email"
        ).values_list("recipient", flat=True)
    )


@pytest.fixture
def chain(world):
    rw, rt, _rt_head, _rw_head = local_units(world)
    office_member("petugas.bupati", world.offices.bupati)
    give_emails()
    with time_machine.travel(datetime(2026, 3, 2, 9, tzinfo=WIB), tick=False):
        complaint = filed_complaint(world, region=rt).complaint
    return complaint, rw, rt


VILLAGE_STAFF = {"petugas.a@example.id", "kades.a@example.id"}
KECAMATAN_STAFF = {"operator.jatirejo@example.id"}
BUPATI_STAFF = {"petugas.bupati@example.id"}
RT_HEAD = {"rt002@example.id"}
RW_HEAD = {"rw001@example.id"}


def test_a_complaint_climbs_the_whole_chain_and_each_step_tells_both_levels(world, chain):
    complaint, rw, rt = chain
    assert (complaint.level, complaint.unit) == (Level.RT, rt)

    steps = [
        # (level, office, unit, who hears: the level left and the level reached)
        (Level.RW, world.offices.desa_a, rw, RT_HEAD | RW_HEAD | VILLAGE_STAFF),
        (Level.VILLAGE, world.offices.desa_a, None, RW_HEAD | VILLAGE_STAFF),
        (Level.KECAMATAN, world.offices.kecamatan, None, VILLAGE_STAFF | KECAMATAN_STAFF),
        (Level.KABUPATEN, world.offices.bupati, None, KECAMATAN_STAFF | BUPATI_STAFF),
    ]
    for number, (level, office, unit, told) in enumerate(steps, start=1):
        event = miss_the_limit(complaint)
        assert (complaint.level, complaint.office, complaint.unit) == (level, office, unit)
        assert complaint.escalations == number
        assert complaint.limit == Limit.VERIFY
        assert mailed(event) == told, level.label
        assert complaint.office_id != world.offices.desa_b.pk

    assert complaint.events.filter(action=Action.ESCALATE).count() == 4


def test_at_the_top_it_stays_with_the_head_of_region_and_the_limit_starts_again(world, chain):
    complaint, _rw, _rt = chain
    for _ in range(4):
        miss_the_limit(complaint)
    assert complaint.level == Level.KABUPATEN
    missed_due = complaint.limit_due

    event = miss_the_limit(complaint)
    assert (complaint.level, complaint.office) == (Level.KABUPATEN, world.offices.bupati)
    assert complaint.escalations == 4  # staying put is not another escalation
    assert complaint.limit_due > missed_due
    assert (event.from_level, event.to_level) == (Level.KABUPATEN, Level.KABUPATEN)
    assert mailed(event) == BUPATI_STAFF


def test_the_new_level_can_act_and_the_old_one_no_longer_can(world, chain):
    from balai.complaints.services import ActionRefused, perform

    complaint, _rw, _rt = chain
    rt_head, rw_head = (
        world.offices.desa_a.memberships.get(region=complaint.unit).user,
        world.offices.desa_a.memberships.get(region=complaint.unit.parent).user,
    )
    miss_the_limit(complaint)
    with pytest.raises(ActionRefused):
        perform(complaint, Action.ACCEPT, actor=rt_head)
    perform(complaint, Action.ACCEPT, actor=rw_head)


def test_a_level_with_nobody_to_act_is_skipped(world):
    local_units(world)
    headless_rw = Region.objects.create(
        code=f"{world.regions.desa_a.code}.RW009",
        name="009",
        level=6,
        kind="rw",
        parent=world.regions.desa_a,
    )
    rt = Region.objects.create(
        code=f"{headless_rw.code}.RT001", name="001", level=7, kind="rt", parent=headless_rw
    )
    from balai.offices.constants import Role
    from balai.offices.tests.factories import MembershipFactory, UserFactory

    head = UserFactory(username="ketua.rt009-001", email="rt009@example.id")
    MembershipFactory(
        user=head, office=world.offices.desa_a, role=Role.NEIGHBOURHOOD_HEAD, region=rt
    )
    with time_machine.travel(datetime(2026, 3, 2, 9, tzinfo=WIB), tick=False):
        complaint = filed_complaint(world, region=rt).complaint
    assert complaint.level == Level.RT
    miss_the_limit(complaint)
    # The RW has no head: the village office takes it.
    assert (complaint.level, complaint.office, complaint.unit) == (
        Level.VILLAGE,
        world.offices.desa_a,
        None,
    )


def test_an_agency_complaint_escalates_to_the_head_of_region(world):
    give_emails()
    office_member("petugas.bupati", world.offices.bupati)
    records = category(
        "adminduk", "Administrasi kependudukan", level=Level.AGENCY, agency=Agency.DISDUKCAPIL
    )
    with time_machine.travel(datetime(2026, 3, 2, 9, tzinfo=WIB), tick=False):
        complaint = filed_complaint(world, region=world.regions.desa_a, category=records).complaint
    assert (complaint.level, complaint.office) == (Level.AGENCY, world.offices.disdukcapil)
    event = miss_the_limit(complaint)
    assert (complaint.level, complaint.office) == (Level.KABUPATEN, world.offices.bupati)
    assert mailed(event) == {"petugas.dukcapil@example.id"} | BUPATI_STAFF


def test_the_escalation_skips_complaints_on_hold_and_those_already_finished(world, chain):
    from balai.complaints.services import perform

    complaint, _rw, _rt = chain
    rt_head = world.offices.desa_a.memberships.get(region=complaint.unit).user
    with time_machine.travel(datetime(2026, 3, 3, 9, tzinfo=WIB), tick=False):
        perform(complaint, Action.HOLD, actor=rt_head, note="Menunggu foto.")
    with time_machine.travel(datetime(2026, 6, 1, 9, tzinfo=WIB), tick=False):
        assert run_time_limits() == {"escalated": 0, "closed": 0}
    complaint.refresh_from_db()
    assert (complaint.level, complaint.escalations) == (Level.RT, 0)
