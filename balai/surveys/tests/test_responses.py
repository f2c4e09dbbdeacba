"""Recording responses: from an invitation once per request, at a kiosk, always all nine
answers between 1 and 4; and the index of a period read in one aggregate query."""

import random
from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from balai.cases.tests.factories import completed, filed_request, kk_service
from balai.lib import codes
from balai.surveys.constants import ELEMENTS, Channel
from balai.surveys.index import IkmResult, ikm_from_answers
from balai.surveys.models import SurveyInvitation, SurveyResponse
from balai.surveys.services import (
    SurveyRefused,
    ikm_for,
    invite_for_request,
    sample_adequacy,
    submit_response,
)

from .factories import answers, kiosk, random_answers, response

pytestmark = pytest.mark.django_db


@pytest.fixture
def invitation(world):
    return invite_for_request(filed_request(world))


def messages_of(error):
    return " ".join(error.value.messages)


def test_a_completed_request_gets_one_invitation_with_a_checked_code(world, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    request = completed(world)

    first = invite_for_request(request)
    again = invite_for_request(request)

    assert first == again
    assert SurveyInvitation.objects.filter(request=request).count() == 1
    assert codes.is_valid(first.token)
    assert first.used_at is None


def test_a_response_from_an_invitation_is_counted_for_the_office_and_service(world, invitation):
    saved = submit_response(invitation, answers(4), {"sex": "p", "age_band": "30-39"})

    request = invitation.request
    assert saved.office == request.origin_office == world.offices.desa_a
    assert saved.service == request.service
    assert saved.request == request
    assert saved.channel == Channel.LINK
    assert (saved.sex, saved.age_band, saved.education) == ("p", "30-39", "")
    invitation.refresh_from_db()
    assert invitation.used_at == saved.submitted_at


def test_an_invitation_is_answered_only_once(invitation):
    submit_response(invitation, answers(3))

    with pytest.raises(SurveyRefused) as refused:
        submit_response(invitation, answers(1))

    assert "sudah diisi" in messages_of(refused)
    assert SurveyResponse.objects.count() == 1
    assert SurveyResponse.objects.get().waktu == 3


def test_the_database_refuses_a_second_response_for_the_same_request(world, invitation):
    submit_response(invitation, answers(3))
    with pytest.raises(IntegrityError), transaction.atomic():
        response(world.offices.desa_a, request=invitation.request, **answers(2))


@pytest.mark.parametrize(
    ("bad", "says"),
    [
        ({"waktu": 5}, "Waktu penyelesaian"),
        ({"waktu": 0}, "Waktu penyelesaian"),
        ({"biaya": "murah"}, "Biaya/tarif"),
        ({"sarana": None}, "Belum dijawab: Sarana dan prasarana"),
    ],
)
def test_invalid_answers_are_refused_with_a_message(invitation, bad, says):
    with pytest.raises(SurveyRefused) as refused:
        submit_response(invitation, answers(3) | bad)

    assert says in messages_of(refused)
    assert not SurveyResponse.objects.exists()
    invitation.refresh_from_db()
    assert invitation.used_at is None


def test_an_unknown_profile_choice_is_refused(invitation):
    with pytest.raises(SurveyRefused):
        submit_response(invitation, answers(3), {"education": "profesor"})


def test_the_database_refuses_an_answer_outside_1_to_4(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        response(world.offices.desa_a, **answers(3, pengaduan=5))


def test_a_kiosk_records_each_submission_without_invitation(world):
    kiosk(world.offices.desa_a)

    submit_response(world.offices.desa_a, answers(4), channel=Channel.KIOSK)
    submit_response(world.offices.desa_a, answers(2), channel=Channel.KIOSK)

    saved = SurveyResponse.objects.filter(office=world.offices.desa_a)
    assert saved.count() == 2
    assert {item.channel for item in saved} == {Channel.KIOSK}
    assert all(item.request is None and item.service is None for item in saved)


def test_an_office_without_a_kiosk_takes_no_kiosk_answers(world):
    kiosk(world.offices.desa_b, active=False)
    for office in (world.offices.desa_a, world.offices.desa_b):
        with pytest.raises(SurveyRefused, match="tidak aktif"):
            submit_response(office, answers(4), channel=Channel.KIOSK)


def test_the_database_index_equals_the_pure_computation(world, django_assert_num_queries):
    rng = random.Random(20261123)
    office, other = world.offices.desa_a, world.offices.desa_b
    mine = [random_answers(rng) for _ in range(157)]
    SurveyResponse.objects.bulk_create(
        [SurveyResponse(office=office, channel=Channel.KIOSK, **row) for row in mine]
        + [
            SurveyResponse(office=other, channel=Channel.KIOSK, **random_answers(rng))
            for _ in range(40)
        ]
    )
    expected = ikm_from_answers({key: [row[key] for row in mine] for key in ELEMENTS})

    with django_assert_num_queries(1):
        result = ikm_for(offices=[office])

    assert result == expected
    assert result.respondents == 157


def test_the_index_of_a_period_counts_from_start_until_end(world):
    office = world.offices.desa_a
    start = timezone.now().replace(microsecond=0) - timedelta(days=30)
    end = start + timedelta(days=10)
    response(office, submitted_at=start, **answers(4))
    response(office, submitted_at=end - timedelta(seconds=1), **answers(2))
    response(office, submitted_at=end, **answers(1))
    response(office, submitted_at=start - timedelta(seconds=1), **answers(1))

    result = ikm_for(offices=office, start=start, end=end)

    assert result.respondents == 2
    assert str(result.ikm) == "75.00"  # every NRR 3 → 3 × 25
    assert result.mutu == "C"


def test_the_index_of_a_service_leaves_other_services_out(world, invitation):
    submit_response(invitation, answers(4))
    other_service = kk_service(code="kk-lain")
    other = invite_for_request(filed_request(world, service=other_service))
    submit_response(other, answers(1))
    response(world.offices.desa_a, **answers(1))

    result = ikm_for(service=invitation.request.service)

    assert (result.respondents, str(result.ikm)) == (1, "100.00")


def test_no_responses_give_an_empty_index(world):
    assert ikm_for(offices=[world.offices.desa_a]) == IkmResult()


def test_sample_adequacy_compares_responses_with_krejcie_morgan():
    short = sample_adequacy(served_count=500, responses=200)
    assert (short.required, short.adequate, short.missing) == (217, False, 17)
    enough = sample_adequacy(served_count=100, responses=80)
    assert (enough.adequate, enough.missing) == (True, 0)
