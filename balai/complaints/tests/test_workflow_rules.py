"""The rules inside the actions: notes where a reason is owed, a real target office, an
assignee who belongs to the office, merges that keep every reporter following a live
complaint, and no change on top of someone else's."""

import pytest

from balai.complaints.constants import Action, Level, Status
from balai.complaints.services import ActionRefused, StaleComplaint, perform
from balai.complaints.tests.factories import category, filed_complaint, force_status

# Actions that owe the reporter a reason, and a status they can be fired in.
NEED_A_NOTE = [
    (Action.HOLD, Status.RECEIVED, {}),
    (Action.FORWARD, Status.RECEIVED, {"office": "kecamatan"}),
    (Action.ARCHIVE, Status.RECEIVED, {}),
    (Action.FOLLOW_UP, Status.ACCEPTED, {}),
    (Action.RESOLVE, Status.IN_PROGRESS, {}),
    (Action.REOPEN, Status.RESOLVED, {"reporter": True}),
    (Action.REROUTE, Status.RECEIVED, {"level": Level.KECAMATAN}),
    (Action.MERGE, Status.RECEIVED, {"into": "other"}),
]


@pytest.fixture
def roads(world):
    return category("jalan", "Jalan rusak", level=Level.VILLAGE)


def village_complaint(world, roads, **extra):
    return filed_complaint(world, region=world.regions.desa_a, category=roads, **extra).complaint


@pytest.mark.parametrize(("action", "status", "extra"), NEED_A_NOTE)
@pytest.mark.parametrize("note", ["", "   "])
def test_actions_that_owe_a_reason_are_refused_without_one(
    world, roads, action, status, extra, note
):
    complaint = force_status(village_complaint(world, roads), status)
    details = dict(extra)
    if details.get("office") == "kecamatan":
        details["office"] = world.offices.kecamatan
    if details.get("into") == "other":
        details["into"] = village_complaint(world, roads)
    actor = None if details.get("reporter") else world.officer_a
    with pytest.raises(ActionRefused, match="keterangan"):
        perform(complaint, action, actor=actor, note=note, **details)
    complaint.refresh_from_db()
    assert (complaint.status, complaint.lock_version) == (status, 0)
    assert complaint.events.count() == 1  # only the intake


def test_accepting_needs_no_note(world, roads):
    complaint = village_complaint(world, roads)
    perform(complaint, Action.ACCEPT, actor=world.officer_a)
    complaint.refresh_from_db()
    assert complaint.status == Status.ACCEPTED
    assert complaint.verified_at is not None


def test_forwarding_to_the_same_office_is_refused(world, roads):
    complaint = village_complaint(world, roads)
    with pytest.raises(ActionRefused, match="kantor lain"):
        perform(
            complaint,
            Action.FORWARD,
            actor=world.officer_a,
            note="Salah",
            office=world.offices.desa_a,
        )
    with pytest.raises(ActionRefused, match="kantor lain"):
        perform(complaint, Action.FORWARD, actor=world.officer_a, note="Salah", office=None)
    complaint.refresh_from_db()
    assert (complaint.office, complaint.status, complaint.lock_version) == (
        world.offices.desa_a,
        Status.RECEIVED,
        0,
    )


def test_forwarding_hands_the_complaint_and_its_verification_to_the_other_office(world, roads):
    complaint = force_status(village_complaint(world, roads), Status.ACCEPTED)
    perform(
        complaint,
        Action.FORWARD,
        actor=world.officer_a,
        note="Kewenangan dinas kependudukan.",
        office=world.offices.disdukcapil,
    )
    complaint.refresh_from_db()
    assert complaint.status == Status.RECEIVED
    assert (complaint.office, complaint.verifying_office, complaint.level) == (
        world.offices.disdukcapil,
        world.offices.disdukcapil,
        Level.AGENCY,
    )
    assert complaint.limit == "verify"
    # The village is no longer the handler; the agency is.
    with pytest.raises(ActionRefused):
        perform(complaint, Action.ACCEPT, actor=world.officer_a)
    perform(complaint, Action.ACCEPT, actor=world.disdukcapil_officer)


@pytest.mark.parametrize(
    "who", ["officer_b", "kecamatan_operator", "disdukcapil_officer", "nobody"]
)
def test_assigning_someone_outside_the_office_is_refused(world, roads, who):
    complaint = force_status(village_complaint(world, roads), Status.ACCEPTED)
    assignee = None if who == "nobody" else getattr(world, who)
    with pytest.raises(ActionRefused, match="petugas kantor ini"):
        perform(complaint, Action.ASSIGN, actor=world.officer_a, assignee=assignee)
    complaint.refresh_from_db()
    assert (complaint.status, complaint.assignee, complaint.lock_version) == (
        Status.ACCEPTED,
        None,
        0,
    )


def test_assigning_a_colleague_of_the_office_works(world, roads):
    complaint = force_status(village_complaint(world, roads), Status.ACCEPTED)
    perform(complaint, Action.ASSIGN, actor=world.officer_a, assignee=world.kepala_desa_a)
    complaint.refresh_from_db()
    assert (complaint.status, complaint.assignee) == (Status.ASSIGNED, world.kepala_desa_a)


def test_merging_into_itself_is_refused(world, roads):
    complaint = village_complaint(world, roads)
    with pytest.raises(ActionRefused, match="pengaduan terbuka lain"):
        perform(complaint, Action.MERGE, actor=world.officer_a, note="Sama", into=complaint)
    complaint.refresh_from_db()
    assert (complaint.status, complaint.merged_into) == (Status.RECEIVED, None)


@pytest.mark.parametrize("closed_status", [Status.CLOSED, Status.ARCHIVED])
def test_merging_into_a_finished_complaint_is_refused(world, roads, closed_status):
    complaint = village_complaint(world, roads)
    finished = force_status(village_complaint(world, roads), closed_status)
    with pytest.raises(ActionRefused, match="pengaduan terbuka lain"):
        perform(complaint, Action.MERGE, actor=world.officer_a, note="Sama", into=finished)
    complaint.refresh_from_db()
    assert (complaint.status, complaint.merged_into) == (Status.RECEIVED, None)


def test_merging_into_a_merged_complaint_is_refused(world, roads):
    complaint, first, second = (village_complaint(world, roads) for _ in range(3))
    perform(first, Action.MERGE, actor=world.officer_a, note="Sama", into=second)
    first.refresh_from_db()
    with pytest.raises(ActionRefused):
        perform(complaint, Action.MERGE, actor=world.officer_a, note="Sama", into=first)


def test_merging_carries_earlier_merges_along_to_the_survivor(world, roads):
    oldest, middle, survivor = (village_complaint(world, roads) for _ in range(3))
    perform(oldest, Action.MERGE, actor=world.officer_a, note="Sama dengan berikut", into=middle)
    perform(middle, Action.MERGE, actor=world.officer_a, note="Sama dengan berikut", into=survivor)
    oldest.refresh_from_db()
    middle.refresh_from_db()
    assert (oldest.status, oldest.merged_into) == (Status.MERGED, survivor)
    assert (middle.status, middle.merged_into) == (Status.MERGED, survivor)
    assert set(survivor.merged.all()) == {oldest, middle}
    assert middle.closed_at is not None


def test_a_change_on_top_of_someone_elses_is_refused(world, roads):
    complaint = village_complaint(world, roads)
    perform(complaint, Action.ACCEPT, actor=world.officer_a, expected_version=0)
    with pytest.raises(StaleComplaint):
        perform(
            complaint, Action.FOLLOW_UP, actor=world.officer_a, note="Rencana", expected_version=0
        )
    perform(complaint, Action.FOLLOW_UP, actor=world.officer_a, note="Rencana", expected_version=1)
    complaint.refresh_from_db()
    assert (complaint.status, complaint.lock_version) == (Status.IN_PROGRESS, 2)


def test_rerouting_is_recorded_with_the_office_it_left(world, roads):
    complaint = village_complaint(world, roads)
    perform(
        complaint, Action.REROUTE, actor=world.officer_a, note="Lintas desa", level=Level.KECAMATAN
    )
    complaint.refresh_from_db()
    assert (complaint.level, complaint.office) == (Level.KECAMATAN, world.offices.kecamatan)
    event = complaint.events.last()
    assert (event.action, event.office, event.from_level, event.to_level) == (
        Action.REROUTE,
        world.offices.desa_a,
        Level.VILLAGE,
        Level.KECAMATAN,
    )
    assert event.actor == world.officer_a
