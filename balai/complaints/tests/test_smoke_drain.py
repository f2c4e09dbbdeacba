import datetime

import time_machine

from balai.complaints.constants import Action, Level, Limit, Status
from balai.complaints.services import (
    complete_visit,
    perform,
    plan_visit,
    record_arrival,
    run_time_limits,
)
from balai.complaints.tests.factories import filed_complaint, jpeg, local_units


def test_an_anonymous_drain_complaint_goes_to_the_rt_then_up_to_the_rw_and_is_resolved(world):
    with time_machine.travel("2026-03-02 09:00 +0700", tick=False):
        rw, rt, _rt_head, rw_head = local_units(world)
        complaint = filed_complaint(world, region=rt, photos=[jpeg()]).complaint
        assert (complaint.level, complaint.unit, complaint.status) == (
            Level.RT,
            rt,
            Status.RECEIVED,
        )
        assert complaint.limit == Limit.VERIFY
        assert complaint.limit_due == datetime.date(2026, 3, 5)
    with time_machine.travel("2026-03-06 09:00 +0700", tick=False):
        assert run_time_limits() == {"escalated": 1, "closed": 0}
        complaint.refresh_from_db()
        assert (complaint.level, complaint.unit) == (Level.RW, rw)
        perform(complaint, Action.ACCEPT, actor=rw_head)
        complaint.refresh_from_db()
        visit = plan_visit(complaint, rw_head, rw_head, datetime.date(2026, 3, 9))
    with time_machine.travel("2026-03-09 10:00 +0700", tick=False):
        record_arrival(visit, rw_head, -7.5, 112.4)
        complete_visit(visit, rw_head, "Sampah diangkat bersama warga.", photos=[jpeg()])
        perform(complaint, Action.FOLLOW_UP, actor=rw_head, note="Kerja bakti Minggu ini.")
        perform(complaint, Action.RESOLVE, actor=rw_head, note="Saluran sudah dibersihkan.")
        perform(complaint, Action.CONFIRM, reporter=True)
        complaint.refresh_from_db()
        assert complaint.status == Status.CLOSED
        assert complaint.photos.count() == 2
