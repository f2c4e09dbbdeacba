"""The rollup tables: kept current by events, equal to a recomputation from raw data.

A random sequence of request, complaint and survey events over three weeks that cross a
month end and Good Friday must leave day and month rows equal to `expected_rows`; damaged
rows are repaired by `reconcile`; the figures themselves are checked by hand for one case.
"""

import contextlib
import random
from collections import defaultdict
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from balai.cases.constants import Action as RequestAction
from balai.cases.services import ActionRefused as RequestRefused
from balai.cases.services import perform as perform_request
from balai.cases.tests.factories import filed_request, kk_service, output_upload
from balai.complaints.constants import Action as ComplaintAction
from balai.complaints.constants import Level
from balai.complaints.services import ActionRefused as ComplaintRefused
from balai.complaints.services import perform as perform_complaint
from balai.complaints.tests.factories import category, filed_complaint
from balai.stats.constants import Grain
from balai.stats.models import BacklogStat, ComplaintStat, RequestDuration, RequestStat, SurveyStat
from balai.stats.rollups import TABLES, expected_rows, reconcile, snapshot_backlog, stored_rows
from balai.surveys.services import submit_response
from balai.surveys.tests.factories import kiosk, random_answers

WIB = ZoneInfo("Asia/Jakarta")
FIRST, LAST = date(2026, 3, 25), date(2026, 4, 14)


def at(day: date, hour: int = 9, minute: int = 0):
    return time_machine.travel(
        datetime(day.year, day.month, day.day, hour, minute, tzinfo=WIB), tick=False
    )


def totals_by(day_rows: dict, start_of) -> dict:
    periods = defaultdict(lambda: defaultdict(int))
    for (office_id, day, *key), counts in day_rows.items():
        for field, n in counts.items():
            periods[(office_id, start_of(day), *key)][field] += n
    return {key: dict(counts) for key, counts in periods.items()}


def assert_rollups_match_raw_data():
    expected = expected_rows(FIRST, LAST)
    for model in TABLES:
        want = {key: dict(counts) for key, counts in expected[model].items()}
        assert stored_rows(model, FIRST, LAST) == want, model.__name__
        months = stored_rows(model, FIRST.replace(day=1), LAST, grain=Grain.MONTH)
        assert months == totals_by(want, lambda day: day.replace(day=1)), model.__name__
        years = stored_rows(model, FIRST.replace(month=1, day=1), LAST, grain=Grain.YEAR)
        assert years == totals_by(want, lambda day: day.replace(month=1, day=1)), model.__name__


def request_moves(world):
    staff = [world.officer_a, world.kepala_desa_a, world.kecamatan_operator]
    staff.append(world.disdukcapil_officer)
    moves = [(RequestAction.ACCEPT, person, {}) for person in staff]
    moves += [(RequestAction.FORWARD, person, {}) for person in staff]
    moves += [(RequestAction.COMPLETE, world.disdukcapil_officer, {"uploads": output_upload()})]
    moves += [(RequestAction.RETURN, person, {"note": "Lengkapi berkas."}) for person in staff]
    moves += [
        (RequestAction.RESUBMIT, None, {"applicant": True}),
        (RequestAction.REJECT, world.kepala_desa_a, {"note": "Bukan warga."}),
        (RequestAction.CANCEL, None, {"applicant": True, "note": "Tidak jadi."}),
        (RequestAction.HAND_OVER, world.officer_a, {"handover_method": "pickup"}),
    ]
    return moves


def progress_moves(world):
    return [
        (RequestAction.ACCEPT, world.officer_a, {}),
        (RequestAction.FORWARD, world.officer_a, {}),
        (RequestAction.FORWARD, world.kecamatan_operator, {}),
        (RequestAction.COMPLETE, world.disdukcapil_officer, {"uploads": output_upload()}),
    ]


def complaint_moves(world):
    officer = world.officer_a
    return [
        (ComplaintAction.ACCEPT, {"actor": officer}),
        (ComplaintAction.FOLLOW_UP, {"actor": officer, "note": "Diperbaiki pekan ini."}),
        (ComplaintAction.RESOLVE, {"actor": officer, "note": "Sudah diperbaiki."}),
        (ComplaintAction.REOPEN, {"reporter": True, "note": "Masih rusak."}),
        (ComplaintAction.CONFIRM, {"reporter": True}),
        (ComplaintAction.HOLD, {"actor": officer, "note": "Menunggu foto."}),
    ]


def play_random_events(world, rng: random.Random):
    service = kk_service(days=(2, 2, 3))
    roads = category("jalan", "Jalan rusak", level=Level.VILLAGE)
    kiosk(world.offices.desa_a)
    requests, complaints = [], []
    day = FIRST
    while day <= LAST:
        for _ in range(rng.randint(4, 9)):
            # Late-evening events test that days are the office's local dates.
            with at(day, rng.choice([8, 10, 13, 15, 23]), rng.randint(0, 59)):
                play_one(world, rng, service, roads, requests, complaints)
        day += timedelta(days=1)


def play_one(world, rng, service, roads, requests, complaints):
    roll = rng.random()
    if roll < 0.2:
        requests.append(filed_request(world, service=service))
    elif roll < 0.3:
        complaints.append(
            filed_complaint(world, region=world.regions.desa_a, category=roads).complaint
        )
    elif roll < 0.4:
        submit_response(world.offices.desa_a, random_answers(rng))
    elif roll < 0.8 and requests:
        request = rng.choice(requests)
        moves = request_moves(world)
        # Mostly the next step of the usual path, so requests get finished, some late.
        ordered = progress_moves(world) if rng.random() < 0.7 else [rng.choice(moves)]
        for action, actor, extra in ordered:
            try:
                perform_request(request, action, actor=actor, **extra)
                break
            except RequestRefused:
                continue
    elif complaints:
        action, extra = rng.choice(complaint_moves(world))
        with contextlib.suppress(ComplaintRefused):
            perform_complaint(rng.choice(complaints), action, **extra)


@pytest.mark.parametrize("seed", [1, 2])
def test_rollups_equal_a_recomputation_after_random_events(world, seed):
    play_random_events(world, random.Random(seed))
    assert RequestStat.objects.filter(completed__gt=0).exists()
    assert RequestStat.objects.filter(steps_late__gt=0).exists()
    assert ComplaintStat.objects.filter(verified__gt=0).exists()
    assert SurveyStat.objects.exists()
    assert_rollups_match_raw_data()
    assert sum(reconcile(FIRST, LAST).values()) == 0


def test_reconcile_repairs_lost_and_wrong_rows_and_their_months(world):
    play_random_events(world, random.Random(3))
    RequestStat.objects.filter(grain=Grain.DAY, received__gt=0).first().delete()
    ComplaintStat.objects.filter(grain=Grain.DAY).update(received=99)
    SurveyStat.objects.filter(grain=Grain.MONTH).delete()
    RequestStat.objects.filter(grain=Grain.YEAR).update(completed=0)
    RequestDuration.objects.all().delete()
    changed = reconcile(FIRST, LAST)
    assert changed["requeststat"] >= 1 and changed["surveystat"] >= 1
    assert_rollups_match_raw_data()


def test_a_request_finished_late_is_counted_with_its_working_days(world):
    service = kk_service(days=(1, 1, 1))
    with at(date(2026, 3, 30)):  # Monday; due three working days on: Thursday 2 April
        request = filed_request(world, service=service)
        perform_request(request, RequestAction.ACCEPT, actor=world.officer_a)
        perform_request(request, RequestAction.FORWARD, actor=world.officer_a)
    with at(date(2026, 4, 1)):
        perform_request(request, RequestAction.FORWARD, actor=world.kecamatan_operator)
    # Good Friday 3 April is off: Tue 31, Wed 1, Thu 2, Mon 6 = four working days, late.
    with at(date(2026, 4, 6), 14):
        perform_request(
            request,
            RequestAction.COMPLETE,
            actor=world.disdukcapil_officer,
            uploads=output_upload(),
        )
    desa = RequestStat.objects.get(grain=Grain.DAY, office=world.offices.desa_a, day="2026-04-06")
    assert (desa.completed, desa.on_time, desa.late, desa.duration_days) == (1, 0, 1, 4)
    march = RequestStat.objects.get(
        grain=Grain.MONTH, office=world.offices.desa_a, day="2026-03-01"
    )
    assert (march.received, march.steps_received, march.steps_done) == (1, 1, 1)
    # The kecamatan's one-day step, due Tuesday 31 March, was done on Wednesday: late.
    kecamatan = RequestStat.objects.get(
        grain=Grain.DAY, office=world.offices.kecamatan, day="2026-04-01"
    )
    assert (kecamatan.steps_done, kecamatan.steps_late) == (1, 1)
    duration = RequestDuration.objects.get(grain=Grain.MONTH, day="2026-04-01")
    assert (duration.days, duration.requests) == (4, 1)


def test_a_complaint_verified_after_three_working_days_is_late(world):
    roads = category("jalan", "Jalan rusak", level=Level.VILLAGE)
    with at(date(2026, 3, 30)):
        complaint = filed_complaint(world, region=world.regions.desa_a, category=roads).complaint
    with at(date(2026, 4, 6)):  # Tue, Wed, Thu, (Good Friday), Mon: four working days
        perform_complaint(complaint, ComplaintAction.ACCEPT, actor=world.officer_a)
        perform_complaint(complaint, ComplaintAction.FOLLOW_UP, actor=world.officer_a, note="Ok.")
    row = ComplaintStat.objects.get(grain=Grain.DAY, day="2026-04-06")
    assert (row.verified, row.verified_in_time, row.verify_days) == (1, 0, 4)
    assert (row.followed_up, row.followed_up_in_time, row.follow_up_days) == (1, 1, 0)
    assert ComplaintStat.objects.get(grain=Grain.DAY, day="2026-03-30").received == 1


def test_backlog_counts_open_requests_by_age_and_overdue(world):
    service = kk_service(days=(1, 1, 1))
    with at(date(2026, 2, 2)):
        old = filed_request(world, service=service)
    with at(date(2026, 4, 6)):
        filed_request(world, service=service)
        done = filed_request(world, service=service)
        perform_request(done, RequestAction.REJECT, actor=world.kepala_desa_a, note="Bukan warga.")
    with at(date(2026, 4, 7), 7):
        assert snapshot_backlog(date(2026, 4, 7)) == 1
    row = BacklogStat.objects.get(office=world.offices.desa_a)
    assert (row.open, row.overdue, row.age_0_5, row.age_over_20) == (2, 1, 1, 1)
    assert old.current_office == world.offices.desa_a


def test_a_batch_writes_its_increments_at_the_end_and_drops_them_on_error(world):
    from balai.stats.rollups import batch, record_survey_response
    from balai.surveys.tests.factories import answers, response

    answered = response(world.offices.desa_a, **answers(4))
    with batch():
        record_survey_response(answered)
        assert not SurveyStat.objects.exists()
    assert SurveyStat.objects.filter(respondents=1).count() == 3  # its day, month and year
    with pytest.raises(RuntimeError), batch():
        record_survey_response(answered)
        raise RuntimeError("the transaction fails")
    assert SurveyStat.objects.filter(respondents=1).count() == 3
