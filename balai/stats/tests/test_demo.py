"""The demo leaves the lurah of Kauman a daily report, survey answers and exact rollups."""

from datetime import timedelta

import pytest
from django.utils import timezone

from balai.cases.constants import Status
from balai.cases.models import ServiceRequest
from balai.core.demo import build_demo
from balai.notifications.models import Message
from balai.offices.models import Office
from balai.stats.demo import KAUMAN, KEY_PREFIX, LURAH
from balai.stats.figures import scoped, total
from balai.stats.models import BacklogStat, DailyReport
from balai.stats.rollups import expected_rows, stored_rows
from balai.surveys.models import SurveyInvitation, SurveyResponse
from balai.workdays.calendar import is_working_day, local_date


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return build_demo()


def kauman():
    return Office.objects.get(region_id=KAUMAN, kind="village")


def test_the_lurah_has_the_report_of_the_last_working_day_and_its_message(demo):
    office = kauman()
    report = DailyReport.objects.get(office=office)
    today = local_date(timezone.now(), office)

    assert report.day < today and is_working_day(report.day, office)
    assert all(
        not is_working_day(report.day + timedelta(days=n), office)
        for n in range(1, (today - report.day).days)
    )
    assert report.sent_at is not None and report.pdf.read().startswith(b"%PDF")
    message = Message.objects.get(template="daily_report")
    assert message.recipient == f"{LURAH}@mojokertokab.example"


def test_completed_requests_are_invited_and_many_answered(demo):
    requests = ServiceRequest.objects.filter(idempotency_key__startswith=KEY_PREFIX)
    completed = requests.filter(status=Status.COMPLETED)

    assert requests.count() == 40 and completed.count() >= 25
    assert SurveyInvitation.objects.filter(request__in=completed).count() == completed.count()
    assert SurveyResponse.objects.filter(request__in=completed).count() >= 20
    ikm = total(
        scoped(offices=[kauman().pk]),
        timezone.now().date().replace(month=1, day=1),
        timezone.now().date(),
    ).ikm
    assert ikm.respondents >= 20 and ikm.mutu


def test_the_rollups_equal_a_recount_and_the_backlog_is_taken(demo):
    office = kauman()
    today = local_date(timezone.now(), office)
    first = today - timedelta(days=30)
    expected = expected_rows(first, today)

    for model, rows in expected.items():
        stored = stored_rows(model, first, today)
        assert {key: dict(value) for key, value in rows.items() if any(value.values())} == {
            key: value for key, value in stored.items() if any(value.values())
        }, model.__name__
    assert BacklogStat.objects.filter(office=office, day=today).exists()


def test_a_second_run_adds_no_report_and_no_message(demo):
    again = build_demo()

    assert not again.changed
    assert DailyReport.objects.count() == 1
    assert Message.objects.filter(template="daily_report").count() == 1
