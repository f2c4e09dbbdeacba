"""SP4N-LAPOR! limits in working days of the responsible office, on the real 2026 calendar.

18–24 March 2026 are off (Nyepi 19, Idul Fitri 21–22, cuti bersama 18, 20, 23, 24) and
Good Friday falls on 3 April, as the `holidays` package lists them.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from balai.complaints.constants import Action, Level, Limit, Status
from balai.complaints.services import perform, run_time_limits
from balai.complaints.tests.factories import category, filed_complaint
from balai.workdays.constants import DayChange
from balai.workdays.models import CalendarDay

WIB = ZoneInfo("Asia/Jakarta")


def at(day, hour=9, minute=0):
    """A moment in WIB, the demo offices' time zone."""
    return time_machine.travel(datetime(2026, day[0], day[1], hour, minute, tzinfo=WIB), tick=False)


@pytest.fixture
def roads(world):
    return category("jalan", "Jalan rusak", level=Level.VILLAGE)


def filed_on(day, world, roads, region=None):
    with at(day):
        return filed_complaint(
            world, region=region or world.regions.desa_a, category=roads
        ).complaint


def close_office(office, day):
    CalendarDay.objects.create(
        date=day, change=DayChange.CLOSED, office=office, reason="Banjir di kantor"
    )


class TestLimitsAcrossIdulFitri:
    def test_verification_is_due_three_working_days_after_a_monday_before_lebaran(
        self, world, roads
    ):
        complaint = filed_on((3, 16), world, roads)
        # Tue 17 counts, 18–24 March are off, then Wed 25 and Thu 26.
        assert (complaint.limit, complaint.limit_due) == (Limit.VERIFY, date(2026, 3, 26))

    def test_follow_up_is_due_five_working_days_after_verification(self, world, roads):
        complaint = filed_on((3, 16), world, roads)
        with at((3, 17)):
            perform(complaint, Action.ACCEPT, actor=world.officer_a)
        complaint.refresh_from_db()
        # 25, 26, 27, 30 and 31 March.
        assert (complaint.limit, complaint.limit_due) == (Limit.FOLLOW_UP, date(2026, 3, 31))

    def test_the_reporter_has_ten_working_days_to_answer(self, world, roads):
        complaint = filed_on((3, 16), world, roads)
        with at((3, 17)):
            perform(complaint, Action.ACCEPT, actor=world.officer_a)
            perform(complaint, Action.FOLLOW_UP, actor=world.officer_a, note="Tambal jalan.")
            perform(complaint, Action.RESOLVE, actor=world.officer_a, note="Sudah ditambal.")
        complaint.refresh_from_db()
        # 25, 26, 27, 30, 31 March, 1, 2 April, (Good Friday 3 April off), 6, 7, 8 April.
        assert (complaint.limit, complaint.limit_due) == (Limit.CONFIRM, date(2026, 4, 8))

    def test_holding_stops_the_clock_and_accepting_starts_the_follow_up_limit(self, world, roads):
        complaint = filed_on((3, 16), world, roads)
        with at((3, 17)):
            perform(complaint, Action.HOLD, actor=world.officer_a, note="Menunggu foto lokasi.")
        complaint.refresh_from_db()
        assert (complaint.limit, complaint.limit_due) == (Limit.NONE, None)
        with at((4, 20)):
            assert run_time_limits() == {"escalated": 0, "closed": 0}
            perform(complaint, Action.ACCEPT, actor=world.officer_a)
        complaint.refresh_from_db()
        # Mon 20 April: 21, 22, 23, 24, 27 April.
        assert (complaint.limit, complaint.limit_due) == (Limit.FOLLOW_UP, date(2026, 4, 27))

    def test_reopening_gives_the_office_a_new_follow_up_limit(self, world, roads):
        complaint = filed_on((3, 16), world, roads)
        with at((3, 17)):
            perform(complaint, Action.ACCEPT, actor=world.officer_a)
            perform(complaint, Action.FOLLOW_UP, actor=world.officer_a, note="Tambal jalan.")
            perform(complaint, Action.RESOLVE, actor=world.officer_a, note="Sudah ditambal.")
            perform(complaint, Action.REOPEN, reporter=True, note="Lubangnya muncul lagi.")
        complaint.refresh_from_db()
        assert (complaint.status, complaint.reopenings) == (Status.IN_PROGRESS, 1)
        assert (complaint.limit, complaint.limit_due) == (Limit.FOLLOW_UP, date(2026, 3, 31))


class TestEscalationOnAMissedLimit:
    def test_nothing_happens_on_the_due_date_itself(self, world, roads):
        complaint = filed_on((3, 16), world, roads)
        with at((3, 26), 23, 59):
            assert run_time_limits() == {"escalated": 0, "closed": 0}
        complaint.refresh_from_db()
        assert (complaint.level, complaint.escalations) == (Level.VILLAGE, 0)

    def test_the_day_after_it_moves_one_level_up_once(self, world, roads):
        complaint = filed_on((3, 16), world, roads)
        # Five past midnight in Jakarta is still the 26th in UTC: the office's date counts.
        with at((3, 27), 0, 5):
            assert run_time_limits() == {"escalated": 1, "closed": 0}
            assert run_time_limits() == {"escalated": 0, "closed": 0}
        complaint.refresh_from_db()
        assert (complaint.level, complaint.office) == (Level.KECAMATAN, world.offices.kecamatan)
        assert complaint.escalations == 1
        assert complaint.events.filter(action=Action.ESCALATE).count() == 1
        event = complaint.events.get(action=Action.ESCALATE)
        assert (event.from_level, event.to_level, event.office) == (
            Level.VILLAGE,
            Level.KECAMATAN,
            world.offices.desa_a,
        )

    def test_the_limit_starts_again_at_the_new_level(self, world, roads):
        complaint = filed_on((3, 16), world, roads)
        with at((3, 27), 8):
            run_time_limits()
        complaint.refresh_from_db()
        # Fri 27 March: 30, 31 March, 1 April.
        assert (complaint.limit, complaint.limit_due) == (Limit.VERIFY, date(2026, 4, 1))
        with at((4, 1), 16):
            assert run_time_limits() == {"escalated": 0, "closed": 0}
        with at((4, 2), 8):
            assert run_time_limits() == {"escalated": 1, "closed": 0}
        complaint.refresh_from_db()
        assert (complaint.level, complaint.office) == (Level.KABUPATEN, world.offices.bupati)

    def test_a_missed_follow_up_limit_escalates_too(self, world, roads):
        complaint = filed_on((3, 16), world, roads)
        with at((3, 17)):
            perform(complaint, Action.ACCEPT, actor=world.officer_a)
        with at((4, 1), 8):
            assert run_time_limits() == {"escalated": 1, "closed": 0}
        complaint.refresh_from_db()
        assert (complaint.status, complaint.level) == (Status.ACCEPTED, Level.KECAMATAN)
        # The follow-up limit runs again at the kecamatan: 2, 6, 7, 8, 9 April.
        assert (complaint.limit, complaint.limit_due) == (Limit.FOLLOW_UP, date(2026, 4, 9))


class TestClosingUnanswered:
    @pytest.fixture
    def resolved(self, world, roads):
        complaint = filed_on((3, 16), world, roads)
        with at((3, 17)):
            perform(complaint, Action.ACCEPT, actor=world.officer_a)
            perform(complaint, Action.FOLLOW_UP, actor=world.officer_a, note="Tambal jalan.")
            perform(complaint, Action.RESOLVE, actor=world.officer_a, note="Sudah ditambal.")
        return complaint

    def test_a_resolved_complaint_stays_open_through_the_tenth_working_day(self, resolved):
        with at((4, 8), 23):
            assert run_time_limits() == {"escalated": 0, "closed": 0}
        resolved.refresh_from_db()
        assert resolved.status == Status.RESOLVED

    def test_it_closes_when_the_reporter_did_not_answer(self, resolved):
        with at((4, 9), 7):
            assert run_time_limits() == {"escalated": 0, "closed": 1}
            assert run_time_limits() == {"escalated": 0, "closed": 0}
        resolved.refresh_from_db()
        assert (resolved.status, resolved.limit, resolved.limit_due) == (
            Status.CLOSED,
            Limit.NONE,
            None,
        )
        assert resolved.closed_at is not None
        assert resolved.escalations == 0
        close = resolved.events.get(action=Action.CLOSE)
        assert close.actor is None
        assert "10 hari kerja" in close.note

    def test_a_confirmed_complaint_is_left_alone(self, resolved):
        with at((3, 30)):
            perform(resolved, Action.CONFIRM, reporter=True)
        with at((4, 20)):
            assert run_time_limits() == {"escalated": 0, "closed": 0}
        assert resolved.events.filter(action=Action.CLOSE).count() == 0


class TestTheResponsibleOfficesCalendar:
    def test_a_closure_of_the_office_moves_its_due_date(self, world, roads):
        close_office(world.offices.desa_a, date(2026, 3, 25))
        complaint = filed_on((3, 16), world, roads)
        assert complaint.limit_due == date(2026, 3, 27)

    def test_a_closure_of_another_office_does_not(self, world, roads):
        close_office(world.offices.desa_b, date(2026, 3, 25))
        complaint = filed_on((3, 16), world, roads)
        assert complaint.limit_due == date(2026, 3, 26)

    def test_after_escalation_the_new_offices_calendar_counts(self, world, roads):
        # The village office is closed on Monday 30 March, the kecamatan on Tuesday 31.
        close_office(world.offices.desa_a, date(2026, 3, 30))
        close_office(world.offices.kecamatan, date(2026, 3, 31))
        complaint = filed_on((3, 16), world, roads)
        with at((3, 27), 8):
            run_time_limits()
        complaint.refresh_from_db()
        assert complaint.office == world.offices.kecamatan
        # 30 March, (31 closed for the kecamatan), 1 and 2 April.
        assert complaint.limit_due == date(2026, 4, 2)

    def test_a_closed_office_does_not_escalate_on_its_closed_day(self, world, roads):
        close_office(world.offices.desa_a, date(2026, 3, 25))
        complaint = filed_on((3, 16), world, roads)
        with at((3, 27), 8):
            assert run_time_limits() == {"escalated": 0, "closed": 0}
        with at((3, 28), 8):
            assert run_time_limits() == {"escalated": 1, "closed": 0}
        complaint.refresh_from_db()
        assert complaint.level == Level.KECAMATAN
