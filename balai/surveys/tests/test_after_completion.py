"""A completed request invites its applicant to the SKM survey, and the answer counts in
the IKM of the office that took the request in."""

from decimal import Decimal

from balai.cases.constants import Action
from balai.cases.services import perform
from balai.cases.tests.factories import output_upload
from balai.cases.tests.test_public_tracking import enter_pin, filed, html, track_url
from balai.surveys.constants import ELEMENTS
from balai.surveys.models import SurveyInvitation
from balai.surveys.services import ikm_for, submit_response


def complete(world, request):
    perform(request, Action.ACCEPT, actor=world.officer_a)
    perform(request, Action.FORWARD, actor=world.officer_a)
    perform(request, Action.FORWARD, actor=world.kecamatan_operator)
    perform(request, Action.COMPLETE, actor=world.disdukcapil_officer, uploads=output_upload())


def test_completing_a_request_invites_the_applicant_once(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    result = filed(world)
    assert not SurveyInvitation.objects.filter(request=result.request).exists()
    complete(world, result.request)
    assert SurveyInvitation.objects.filter(request=result.request).count() == 1


def test_the_applicant_with_the_pin_is_offered_the_survey(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    result = filed(world)
    complete(world, result.request)
    token = SurveyInvitation.objects.get(request=result.request).token
    assert token not in html(client.get(track_url(result.request)))
    enter_pin(client, result.request, result.pin)
    assert f"/survei/{token}/" in html(client.get(track_url(result.request)))


def test_the_answer_counts_for_the_office_that_took_the_request_in(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    result = filed(world)
    complete(world, result.request)
    invitation = SurveyInvitation.objects.get(request=result.request)
    submit_response(invitation, dict.fromkeys(ELEMENTS, 4))
    index = ikm_for(offices=[world.offices.desa_a])
    assert index.respondents == 1
    assert index.ikm == Decimal("100.00")
    assert ikm_for(offices=[world.offices.desa_b]).respondents == 0
