"""Every action in every status by every kind of person (SP4N-LAPOR! lifecycle).

The table below is written out by hand from the lifecycle of the issue, not read from
`workflow.TRANSITIONS`: if the code's table drifts, this test says where. Each cell names
who may fire the action in that status: H the handler (the responsible office's staff, or
the RT/RW head of the responsible unit), R the reporter, S the periodic job, "-" nobody.

Each attempt runs in a savepoint rolled back afterwards, so every cell starts from the same
complaint. A refusal must leave status, lock version, history and outbox as they were.
"""

from dataclasses import dataclass, field

import pytest
from django.db import transaction

from balai.complaints.constants import Action, Level, Status
from balai.complaints.models import Complaint
from balai.complaints.services import ActionRefused, perform
from balai.complaints.tests.factories import (
    category,
    filed_complaint,
    force_status,
    local_units,
)
from balai.notifications.models import Message

STATUSES = (
    "received",
    "on_hold",
    "accepted",
    "assigned",
    "in_progress",
    "resolved",
    "closed",
    "archived",
    "merged",
)

# fmt: off
EXPECTED = {
    #               received on_hold accepted assigned in_progress resolved closed archived merged
    "accept":      ("H",     "H",    "-",     "-",     "-",        "-",     "-",   "-",     "-"),
    "hold":        ("H",     "-",    "-",     "-",     "-",        "-",     "-",   "-",     "-"),
    "forward":     ("H",     "H",    "H",     "-",     "-",        "-",     "-",   "-",     "-"),
    "archive":     ("H",     "H",    "-",     "-",     "-",        "-",     "-",   "-",     "-"),
    "assign":      ("-",     "-",    "H",     "H",     "-",        "-",     "-",   "-",     "-"),
    "follow_up":   ("-",     "-",    "H",     "H",     "-",        "-",     "-",   "-",     "-"),
    "resolve":     ("-",     "-",    "-",     "-",     "H",        "-",     "-",   "-",     "-"),
    "confirm":     ("-",     "-",    "-",     "-",     "-",        "R",     "-",   "-",     "-"),
    "reopen":      ("-",     "-",    "-",     "-",     "-",        "R",     "-",   "-",     "-"),
    "close":       ("-",     "-",    "-",     "-",     "-",        "S",     "-",   "-",     "-"),
    "reroute":     ("H",     "H",    "H",     "H",     "H",        "-",     "-",   "-",     "-"),
    "merge":       ("H",     "H",    "H",     "H",     "H",        "-",     "-",   "-",     "-"),
    "escalate":    ("S",     "-",    "S",     "S",     "S",        "-",     "-",   "-",     "-"),
}
# fmt: on

# Where an allowed action leaves the complaint (None: the status stays).
TARGET = {
    "accept": "accepted",
    "hold": "on_hold",
    "forward": "received",
    "archive": "archived",
    "assign": "assigned",
    "follow_up": "in_progress",
    "resolve": "resolved",
    "confirm": "closed",
    "reopen": "in_progress",
    "close": "closed",
    "reroute": None,
    "merge": "merged",
    "escalate": None,
}


@dataclass
class Persona:
    name: str
    kind: str  # H, R, S or "-": what the table expects this persona to count as
    complaint: str  # "village" or "rt": which complaint they act on
    user: object = None
    flags: dict = field(default_factory=dict)


@pytest.fixture
def scene(world):
    _rw, rt, rt_head, rw_head = local_units(world)
    roads = category("jalan", "Jalan rusak", level=Level.VILLAGE)
    village = filed_complaint(world, region=world.regions.desa_a, category=roads).complaint
    in_rt = filed_complaint(world, region=rt).complaint
    survivor = filed_complaint(world, region=world.regions.desa_a, category=roads).complaint
    assert (village.level, village.office) == (Level.VILLAGE, world.offices.desa_a)
    assert (in_rt.level, in_rt.unit) == (Level.RT, rt)
    personas = [
        Persona("village officer", "H", "village", world.officer_a),
        Persona("RT head", "H", "rt", rt_head),
        Persona("RW head", "H", "rt", rw_head),
        Persona("kecamatan operator", "-", "village", world.kecamatan_operator),
        Persona("outsider", "-", "village", world.officer_b),
        Persona("reporter", "R", "village", flags={"reporter": True}),
        Persona("system", "S", "village", flags={"system": True}),
    ]
    details = {
        "village": {
            "office": world.offices.kecamatan,
            "assignee": world.kepala_desa_a,
            "level": Level.KECAMATAN,
            "into": survivor,
        },
        "rt": {
            "office": world.offices.kecamatan,
            "assignee": rt_head,
            "level": Level.VILLAGE,
            "into": survivor,
        },
    }
    return {"village": village, "rt": in_rt}, personas, details


class Undo(Exception):
    """Raised to roll the savepoint back once a cell is checked."""


def snapshot(complaint):
    complaint.refresh_from_db()
    return (
        complaint.status,
        complaint.lock_version,
        complaint.events.count(),
        Message.objects.count(),
    )


def attempt(complaint, status, action, persona, details) -> str:
    """Try one cell; return "allowed" or "refused" after checking what either left behind."""
    try:
        with transaction.atomic():
            force_status(complaint, status)
            before = snapshot(complaint)
            try:
                perform(
                    complaint,
                    action,
                    actor=persona.user,
                    note="Keterangan petugas.",
                    **persona.flags,
                    **details,
                )
            except ActionRefused:
                assert snapshot(complaint) == before, f"{action} refused but changed something"
                raise Undo("refused") from None
            after = Complaint.objects.get(pk=complaint.pk)
            assert after.status == (TARGET[action] or status)
            assert after.lock_version == before[1] + 1
            assert after.events.count() == before[2] + 1
            event = after.events.last()
            assert (event.action, event.from_status, event.to_status) == (
                action,
                status,
                after.status,
            )
            raise Undo("allowed")
    except Undo as outcome:
        return str(outcome)


@pytest.mark.parametrize("action", list(EXPECTED))
def test_each_action_is_allowed_exactly_where_the_lifecycle_allows_it(scene, action):
    complaints, personas, details = scene
    wrong = []
    for status, allowed_kind in zip(STATUSES, EXPECTED[action], strict=True):
        for persona in personas:
            allowed = allowed_kind != "-" and persona.kind == allowed_kind
            expected = "allowed" if allowed else "refused"
            outcome = attempt(
                complaints[persona.complaint], status, action, persona, details[persona.complaint]
            )
            if outcome != expected:
                wrong.append(f"{action} on {status} by {persona.name}: {outcome}")
    assert wrong == []


def test_the_table_covers_every_action_and_status():
    assert set(EXPECTED) == {action.value for action in Action}
    assert set(STATUSES) == {status.value for status in Status}
