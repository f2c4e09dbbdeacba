"""Deadlines on the real 2026 calendar: Nyepi, Idul Fitri and their cuti bersama make
18–24 March 2026 a week without working days (see balai/workdays/tests/test_calendar.py).

A KK request has three steps (desa, kecamatan, Disdukcapil); their limits add up to the
request's deadline, counted from submission in the filing office's working days. The days a
request waits for the applicant (returned for revision) move both deadlines.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from balai.cases.constants import Action, Alert, EventKind, Status
from balai.cases.services import flag_deadlines, perform
from balai.cases.tasks import flag_request_deadlines
from balai.cases.tests import factories as f
from balai.notifications.models import Message
from balai.offices.constants import Role
from balai.offices.tests.factories import MembershipFactory, UserFactory
from balai.workdays.calendar import working_days_between

WIB = ZoneInfo("Asia/Jakarta")


def wib(day, hour=9, minute=0):
    return datetime(2026, *day, hour, minute, tzinfo=WIB)


@pytest.fixture
def clock():
    with time_machine.travel(wib((3, 16)), tick=False) as traveller:
        yield traveller


def test_july_2026_has_no_holidays_so_the_ordinary_examples_are_plain_weeks():
    from balai.workdays.calendar import builtin_holidays

    assert not [d for d in builtin_holidays(2026) if d.month == 7]


@time_machine.travel("2026-03-16 09:00 +0700", tick=False)
def test_a_request_submitted_monday_16_march_is_due_after_the_idul_fitri_week(world):
    request = f.filed_request(world)
    # 1 + 1 + 1 working days from Mon 16 March: Tue 17, (18–24 off), Wed 25, Thu 26.
    assert request.due_date == date(2026, 3, 26)
    assert request.current_due == date(2026, 3, 17)
    assert request.current_step.due_date == date(2026, 3, 17)
    assert request.current_step.started_at == wib((3, 16))


def test_forwarding_on_the_eve_of_idul_fitri_gives_the_kecamatan_until_25_march(world, clock):
    request = f.filed_request(world)
    clock.move_to(wib((3, 17), 10))
    perform(request, Action.ACCEPT, actor=world.officer_a)
    perform(request, Action.FORWARD, actor=world.officer_a)
    request = f.fresh(request)
    assert request.current_office == world.offices.kecamatan
    assert request.current_due == date(2026, 3, 25)
    clock.move_to(wib((3, 25), 14))
    perform(request, Action.FORWARD, actor=world.kecamatan_operator)
    request = f.fresh(request)
    assert request.current_office == world.offices.disdukcapil
    assert request.current_due == date(2026, 3, 26)
    # Moving between steps does not move the promise made to the applicant.
    assert request.due_date == date(2026, 3, 26)


@pytest.mark.parametrize(
    ("submitted", "returned", "resubmitted", "waited", "step_due", "due"),
    [
        # Returned Tue 17 March, back Fri 27 March: 25, 26, 27 March count, 18–24 do not.
        ((3, 16), (3, 17), (3, 27), 3, date(2026, 3, 27), date(2026, 3, 31)),
        # An ordinary week: returned Mon 6 July, back Thu 9 July.
        ((7, 6), (7, 6), (7, 9), 3, date(2026, 7, 10), date(2026, 7, 14)),
        # Back the next Monday: Tue, Wed, Thu, Fri, Mon.
        ((7, 6), (7, 6), (7, 13), 5, date(2026, 7, 14), date(2026, 7, 16)),
    ],
)
def test_a_return_moves_both_deadlines_by_the_working_days_waited(
    world, submitted, returned, resubmitted, waited, step_due, due
):
    with time_machine.travel(wib(submitted), tick=False) as clock:
        request = f.filed_request(world)
        old_step_due, old_due = request.current_due, request.due_date
        clock.move_to(wib(returned, 13))
        perform(request, Action.RETURN, actor=world.officer_a, note="KTP belum dilampirkan.")
        clock.move_to(wib(resubmitted, 10))
        perform(request, Action.RESUBMIT, applicant=True)
    request = f.fresh(request)
    office = world.offices.desa_a
    assert (request.current_due, request.due_date) == (step_due, due)
    assert request.current_step.due_date == step_due
    assert working_days_between(old_step_due, step_due, office) == waited
    assert working_days_between(old_due, due, office) == waited
    assert request.suspended_days == waited
    assert request.returned_at is None


def test_a_return_and_resubmission_on_the_same_day_moves_nothing(world, clock):
    request = f.filed_request(world)
    before = (request.current_due, request.due_date)
    clock.move_to(wib((3, 16), 11))
    perform(request, Action.RETURN, actor=world.officer_a, note="Tanda tangan kurang.")
    clock.move_to(wib((3, 16), 15))
    perform(request, Action.RESUBMIT, actor=world.officer_a)
    request = f.fresh(request)
    assert (request.current_due, request.due_date) == before
    assert request.suspended_days == 0


def test_two_returns_at_the_kecamatan_add_up(world, clock):
    request = f.in_process(world, 2)  # at the kecamatan since Mon 16 March, due 17 March
    assert request.current_due == date(2026, 3, 17)
    perform(request, Action.RETURN, actor=world.kecamatan_operator, note="Akta kurang.")
    clock.move_to(wib((3, 25)))
    perform(request, Action.RESUBMIT, applicant=True)  # waited 17 and 25 March
    perform(request, Action.RETURN, actor=world.kecamatan_operator, note="Masih buram.")
    clock.move_to(wib((3, 27)))
    perform(request, Action.RESUBMIT, applicant=True)  # waited 26 and 27 March
    request = f.fresh(request)
    assert request.suspended_days == 4
    assert request.current_due == date(2026, 3, 30)  # 17 March + 4: 25, 26, 27, 30
    assert request.due_date == date(2026, 4, 1)  # 26 March + 4: 27, 30, 31 March, 1 April
    assert request.status == Status.IN_PROCESS


# The periodic warnings ------------------------------------------------------------------


@pytest.fixture
def reachable(world):
    """Desa A's people with e-mail addresses, and people elsewhere who must hear nothing."""
    for user, address in [
        (world.officer_a, "petugas.a@tawangrejo.desa.id"),
        (world.kepala_desa_a, "kades@tawangrejo.desa.id"),
        (world.officer_b, "petugas.b@rejosari.desa.id"),
        (world.kecamatan_operator, "operator@jatirejo.kec.id"),
    ]:
        user.email = address
        user.save(update_fields=["email"])
    sekdes = UserFactory(username="sekdes.a", email="sekdes@tawangrejo.desa.id")
    MembershipFactory(user=sekdes, office=world.offices.desa_a, role=Role.SECTION_HEAD)
    no_mail = UserFactory(username="operator.a", email="")
    MembershipFactory(user=no_mail, office=world.offices.desa_a, role=Role.OPERATOR)
    return {
        "staff": {"petugas.a@tawangrejo.desa.id", "sekdes@tawangrejo.desa.id"},
        "head": {"kades@tawangrejo.desa.id"},
    }


def staff_mail(request, template):
    rows = Message.objects.filter(subject_ref=f"request:{request.pk}", template=template)
    assert {row.channel for row in rows} <= {"email"}
    return sorted(rows.values_list("recipient", flat=True))


def alert_events(request):
    return list(
        request.events.filter(kind__in=[EventKind.DUE_SOON, EventKind.OVERDUE]).values_list(
            "kind", flat=True
        )
    )


def test_flags_come_at_80_percent_and_after_the_deadline_once_each(world, reachable):
    service = f.kk_service(days=(5, 3, 5))
    with time_machine.travel(wib((7, 13)), tick=False) as clock:
        request = f.filed_request(world, service=service)
        assert request.current_due == date(2026, 7, 20)  # 5 working days after Mon 13 July

        clock.move_to(wib((7, 16), 16))  # 3 of 5 working days gone
        assert flag_deadlines() == 0
        assert alert_events(request) == []

        clock.move_to(wib((7, 17), 8))  # 4 of 5: 80%
        assert flag_deadlines() == 1
        assert flag_deadlines() == 0
        assert alert_events(request) == [EventKind.DUE_SOON]
        assert f.fresh(request).current_step.alert == Alert.DUE_SOON
        assert staff_mail(request, "request_due_soon_staff") == sorted(reachable["staff"])
        assert staff_mail(request, "request_overdue_head") == []

        clock.move_to(wib((7, 20), 15))  # the deadline day itself is not late yet
        assert flag_deadlines() == 0

        clock.move_to(wib((7, 21), 8))
        assert flag_request_deadlines.call() == 1
        assert flag_request_deadlines.call() == 0
    assert alert_events(request) == [EventKind.DUE_SOON, EventKind.OVERDUE]
    assert f.fresh(request).current_step.alert == Alert.OVERDUE
    assert staff_mail(request, "request_due_soon_staff") == sorted(reachable["staff"])
    assert staff_mail(request, "request_overdue_staff") == sorted(reachable["staff"])
    assert staff_mail(request, "request_overdue_head") == sorted(reachable["head"])
    # The applicant heard only of the submission; no alert went twice.
    assert Message.objects.filter(subject_ref=f"request:{request.pk}").count() == 2 + 2 + 2 + 1


def test_a_late_request_seen_for_the_first_time_is_flagged_overdue_only(world, reachable):
    with time_machine.travel(wib((3, 16)), tick=False) as clock:
        request = f.filed_request(world)
        clock.move_to(wib((3, 25)))  # due 17 March; the job did not run over Lebaran
        assert flag_deadlines() == 1
        assert flag_deadlines() == 0
    assert alert_events(request) == [EventKind.OVERDUE]
    assert staff_mail(request, "request_due_soon_staff") == []
    assert staff_mail(request, "request_overdue_head") == sorted(reachable["head"])


def test_the_alert_follows_the_request_to_the_next_office(world, reachable):
    with time_machine.travel(wib((7, 6)), tick=False) as clock:
        request = f.in_process(world, 2)  # at the kecamatan, due Tue 7 July
        clock.move_to(wib((7, 8)))
        assert flag_deadlines() == 1
    event = request.events.get(kind=EventKind.OVERDUE)
    assert event.office == world.offices.kecamatan
    # The kecamatan's operator hears, nobody of Desa A does; the kecamatan has no head here.
    assert staff_mail(request, "request_overdue_staff") == ["operator@jatirejo.kec.id"]
    assert staff_mail(request, "request_overdue_head") == []


def test_a_returned_request_is_not_flagged_while_the_clock_stops(world, reachable):
    with time_machine.travel(wib((7, 13)), tick=False) as clock:
        request = f.filed_request(world)
        clock.move_to(wib((7, 13), 14))
        perform(request, Action.RETURN, actor=world.officer_a, note="Lampirkan akta.")
        clock.move_to(wib((7, 31)))
        assert flag_deadlines() == 0
    assert alert_events(request) == []
    assert f.fresh(request).current_step.alert == Alert.NONE


def test_finished_requests_are_not_flagged(world, reachable):
    with time_machine.travel(wib((7, 6)), tick=False) as clock:
        request = f.completed(world)
        clock.move_to(wib((7, 31)))
        assert flag_deadlines() == 0
    assert alert_events(request) == []
