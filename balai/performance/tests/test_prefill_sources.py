"""The automatic sources from the survey and complaint modules: their score boundaries, the
evidence they attach, and that an officer's own score is never replaced."""

from datetime import date, datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from balai.cases.models import ServiceRequest
from balai.cases.tests.factories import filed_request, kk_service
from balai.complaints.constants import Level, Status
from balai.complaints.models import Complaint
from balai.complaints.tests.factories import drain_category, filed_complaint
from balai.performance.models import Evidence, Indicator, IndicatorScore
from balai.performance.services import (
    _handled_in_time,
    prefill,
    score_for_rate,
    score_indicator,
    start_assessment,
)
from balai.surveys.constants import Element, FollowUpStatus
from balai.surveys.models import FollowUpAction
from balai.surveys.tests.factories import answers, response
from balai.workdays.calendar import WorkingDayCounter

pytestmark = pytest.mark.django_db

YEAR = 2025
SITE = "https://balai.example.id"


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = SITE + "/"


@pytest.fixture
def assessment(world):
    return start_assessment(world.kepala_desa_a, world.offices.desa_a, YEAR)


def at(month, day, hour=9):
    return timezone.make_aware(datetime(YEAR, month, day, hour))


def scored(assessment, code) -> IndicatorScore | None:
    return IndicatorScore.objects.filter(assessment=assessment, indicator__code=code).first()


def serve(world, count):
    """`count` requests of Desa A completed in YEAR: the population of the SKM sample."""
    service = kk_service()
    for _ in range(count):
        request = filed_request(world, service=service)
        ServiceRequest.objects.filter(pk=request.pk).update(completed_at=at(5, 2))


def respond(world, count, office=None):
    for _ in range(count):
        response(office or world.offices.desa_a, submitted_at=at(6, 1), **answers(3))


@pytest.mark.parametrize(
    ("done", "total", "score"),
    [(0, 0, 0), (0, 3, 0), (1, 6, 0), (1, 5, 1), (3, 4, 3), (4, 5, 4), (9, 10, 4), (5, 5, 5)],
)
def test_a_rate_scores_one_point_per_full_fifth(done, total, score):
    assert score_for_rate(done, total) == score


# SKM done: the Krejcie–Morgan sample of the year --------------------------------------


@pytest.mark.parametrize(("responses", "score"), [(0, 0), (1, 1), (2, 3), (3, 3), (4, 5)])
def test_skm_done_scores_how_far_the_sample_is_reached(world, assessment, responses, score):
    serve(world, 4)  # Krejcie–Morgan: 4 served → 4 respondents needed (3.969 rounded)
    respond(world, responses)
    respond(world, 5, office=world.offices.desa_b)  # another office does not count
    last_year = timezone.make_aware(datetime(YEAR - 1, 12, 30, 9))
    response(world.offices.desa_a, submitted_at=last_year, **answers(3))  # does not count

    prefill(assessment, actor=world.kepala_desa_a)

    found = scored(assessment, "skm")
    assert found.score == score
    assert f"{responses} responden, sampel minimal 4 untuk 4 permohonan selesai" in found.note


def test_skm_done_links_the_public_results_page_and_the_report(world, assessment):
    serve(world, 1)
    respond(world, 1)

    prefill(assessment, actor=world.kepala_desa_a)

    office = world.offices.desa_a.pk
    links = dict(scored(assessment, "skm").evidence.values_list("url", "description"))
    assert links == {
        f"{SITE}/survei/hasil/kantor/{office}/?tahun={YEAR}": f"Halaman hasil SKM {YEAR}",
        f"{SITE}/survei/hasil/kantor/{office}/{YEAR}.pdf": f"Laporan SKM {YEAR} (PDF)",
    }
    assert set(Evidence.objects.values_list("uploaded_by", flat=True)) == {world.kepala_desa_a.pk}


def test_skm_without_responses_scores_0_without_evidence(world, assessment):
    prefill(assessment)

    for code in ("skm", "skm-publikasi"):
        assert scored(assessment, code).score == 0
        assert not scored(assessment, code).evidence.exists()


# SKM published --------------------------------------------------------------------------


def test_skm_published_once_the_office_page_shows_the_year(world, assessment):
    respond(world, 1)

    prefill(assessment)  # without an actor (a task): the assessment's author is the uploader

    found = scored(assessment, "skm-publikasi")
    assert found.score == 5
    assert "terbit di halaman publik" in found.note
    assert found.evidence.count() == 2
    assert found.evidence.first().uploaded_by == world.kepala_desa_a


def test_an_inactive_office_has_no_public_page(world, assessment):
    respond(world, 1)
    world.offices.desa_a.active = False
    world.offices.desa_a.save(update_fields=["active"])

    prefill(assessment)

    assert scored(assessment, "skm-publikasi").score == 0


# SKM follow-up plan completion ------------------------------------------------------------


def plan(world, done, total, year=YEAR):
    for number in range(total):
        FollowUpAction.objects.create(
            office=world.offices.desa_a,
            year=year,
            element=Element.WAKTU,
            action=f"Tindakan {number}",
            owner="Kasi Pelayanan",
            due_date=date(year, 9, 1),
            status=FollowUpStatus.DONE if number < done else FollowUpStatus.IN_PROGRESS,
        )


@pytest.mark.parametrize(("done", "total", "score"), [(0, 0, 0), (1, 5, 1), (4, 5, 4), (3, 3, 5)])
def test_skm_follow_up_scores_the_share_done(world, assessment, done, total, score):
    plan(world, done, total)
    plan(world, 0, 2, year=YEAR - 1)  # another year's plan does not count

    prefill(assessment)

    found = scored(assessment, "skm-tindak-lanjut")
    assert found.score == score
    assert f"{done} dari {total} tindak lanjut selesai" in found.note
    assert found.evidence.count() == (2 if total else 0)


# Complaints verified and followed up in time ---------------------------------------------
# Received Monday 3 March 2025; the 3rd working day after it is Thursday 6 March, and the 5th
# working day after a Thursday 6 March verification is Thursday 13 March.


def complaint(world, verified=None, followed=None, status=None):
    category = drain_category(level=Level.VILLAGE)
    filed = filed_complaint(world, region=world.regions.desa_a, category=category).complaint
    assert filed.office == world.offices.desa_a
    fields = {"received_at": at(3, 3), "verified_at": verified, "followed_up_at": followed}
    if status:
        fields["status"] = status
    Complaint.objects.filter(pk=filed.pk).update(**fields)
    return filed


def test_complaints_handled_within_the_limits_count_as_on_time(world, assessment):
    complaint(world, verified=at(3, 6, 16), followed=at(3, 13, 16))  # on time, at the limits
    complaint(world, verified=at(3, 7), followed=at(3, 10))  # verified on the 4th day
    complaint(world, verified=at(3, 6), followed=at(3, 14))  # followed up on the 6th day
    complaint(world, verified=at(3, 4), followed=None)  # never followed up: late by now
    complaint(world, verified=None)  # never verified: late by now
    complaint(world, verified=None, status=Status.MERGED)  # merged: not judged
    complaint(world, verified=None, status=Status.ARCHIVED)  # archived: not judged

    prefill(assessment, actor=world.kepala_desa_a)

    found = scored(assessment, "pengaduan-tindak-lanjut")
    assert found.score == 1  # 1 of 5 = 20%: one full fifth
    assert "1 dari 5 pengaduan diverifikasi dalam 3 hari kerja" in found.note
    (evidence,) = found.evidence.all()
    assert evidence.url == f"{SITE}/kerja/pengaduan/"
    assert "1 dari 5 pengaduan" in evidence.description


def test_all_complaints_on_time_score_5(world, assessment):
    for _ in range(2):
        complaint(world, verified=at(3, 4), followed=at(3, 5))

    prefill(assessment)

    assert scored(assessment, "pengaduan-tindak-lanjut").score == 5


def test_without_complaints_to_judge_the_office_scores_it_itself(world, assessment):
    complaint(world, verified=None, status=Status.MERGED)

    prefill(assessment)

    assert scored(assessment, "pengaduan-tindak-lanjut") is None


def test_a_complaint_whose_limit_still_runs_is_not_judged(world):
    office = world.offices.desa_a
    limits = (3, 5)
    counter = WorkingDayCounter(office, date(YEAR, 3, 1), date(YEAR, 3, 31))
    fresh = SimpleNamespace(received_at=at(3, 3), verified_at=None, followed_up_at=None)
    waiting = SimpleNamespace(received_at=at(3, 3), verified_at=at(3, 4), followed_up_at=None)

    assert _handled_in_time(fresh, counter.between, at(3, 5), limits) is None
    assert _handled_in_time(fresh, counter.between, at(3, 7), limits) is False
    assert _handled_in_time(waiting, counter.between, at(3, 11), limits) is None
    assert _handled_in_time(waiting, counter.between, at(3, 12), limits) is False


# Never over an officer's own score -------------------------------------------------------


def test_prefill_never_replaces_an_officers_score_or_adds_evidence_to_it(world, assessment):
    respond(world, 1)
    plan(world, 1, 1)
    complaint(world, verified=at(3, 4), followed=at(3, 5))
    own = {}
    for code in ("skm", "skm-publikasi", "skm-tindak-lanjut", "pengaduan-tindak-lanjut"):
        own[code] = score_indicator(
            world.kepala_desa_a, assessment, Indicator.objects.get(code=code), 2, "dinilai sendiri"
        )

    filled = prefill(assessment, actor=world.kepala_desa_a)

    assert not {s.indicator.code for s in filled} & set(own)
    for code in own:
        kept = scored(assessment, code)
        assert (kept.score, kept.note) == (2, "dinilai sendiri")
        assert not kept.evidence.exists()


def test_the_default_indicators_carry_the_new_sources():
    sources = dict(Indicator.objects.values_list("code", "auto_source"))
    assert sources["skm"] == "skm_done"
    assert sources["skm-publikasi"] == "skm_published"
    assert sources["skm-tindak-lanjut"] == "skm_follow_up_done"
    assert sources["pengaduan-tindak-lanjut"] == "complaint_follow_up_in_time"
