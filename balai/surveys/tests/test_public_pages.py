"""The survey pages: the form from an invitation (no script needed), the office kiosk, the
thank-you page, and the invitation as a QR code."""

import pytest
import segno
from django.urls import reverse

from balai.cases.tests.factories import filed_request
from balai.surveys.constants import ELEMENTS, Channel
from balai.surveys.models import SurveyResponse
from balai.surveys.qr import invitation_qr_svg, invitation_url
from balai.surveys.services import invite_for_request

from .factories import answers, kiosk

pytestmark = pytest.mark.django_db


@pytest.fixture
def invitation(world):
    return invite_for_request(filed_request(world))


def survey_url(invitation):
    return reverse("surveys_public:survey", kwargs={"token": invitation.token})


def test_the_survey_page_asks_nine_questions_in_plain_words(client, invitation):
    page = client.get(survey_url(invitation))

    assert page.status_code == 200
    html = page.content.decode()
    for key in ELEMENTS:
        assert html.count(f'name="{key}"') == 4
    for label in ("Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat"):
        assert f"<span>{label}</span>" in html
    assert invitation.request.origin_office.name in html
    assert invitation.request.applicant_name not in html


def test_the_survey_form_is_submitted_and_thanked(client, invitation):
    form = answers(4, waktu=2) | {"sex": "l", "occupation": "petani", "comment": "Antre lama."}

    sent = client.post(survey_url(invitation), form)

    assert sent.status_code == 302
    assert sent["Location"] == reverse("surveys_public:thanks")
    saved = SurveyResponse.objects.get()
    assert (saved.waktu, saved.biaya, saved.occupation) == (2, 4, "petani")
    assert saved.channel == Channel.LINK
    assert client.get(sent["Location"]).status_code == 200


def test_a_survey_reached_by_qr_code_is_counted_as_qr(client, invitation):
    client.post(survey_url(invitation) + "?kanal=qr", answers(3) | {"kanal": "qr"})
    assert SurveyResponse.objects.get().channel == Channel.QR


def test_an_answered_invitation_shows_a_notice_and_records_nothing_more(client, invitation):
    client.post(survey_url(invitation), answers(3))

    again = client.post(survey_url(invitation), answers(1))

    assert again.status_code == 200
    assert "sudah diisi" in again.content.decode()
    assert SurveyResponse.objects.count() == 1


def test_missing_answers_are_shown_and_nothing_is_saved(client, invitation):
    incomplete = answers(3)
    del incomplete["pengaduan"]

    page = client.post(survey_url(invitation), incomplete | {"biaya": "9"})

    assert page.status_code == 400
    html = page.content.decode()
    assert "Mohon pilih salah satu jawaban." in html
    assert 'id="q-pengaduan"' in html
    assert not SurveyResponse.objects.exists()


@pytest.mark.parametrize("token", ["TIDAKADA", "23456789ABCDE"])
def test_an_unknown_code_is_not_found(client, token):
    assert client.get(reverse("surveys_public:survey", kwargs={"token": token})).status_code == 404


def test_the_kiosk_takes_one_response_per_submission(client, world):
    office = world.offices.desa_a
    kiosk(office)
    url = reverse("surveys_public:kiosk", kwargs={"office_id": office.pk})

    assert client.get(url).status_code == 200
    first = client.post(url, answers(4))
    client.post(url, answers(2))

    assert first["Location"] == reverse(
        "surveys_public:kiosk_thanks", kwargs={"office_id": office.pk}
    )
    thanks = client.get(first["Location"]).content.decode()
    assert 'http-equiv="refresh"' in thanks
    saved = SurveyResponse.objects.filter(office=office, channel=Channel.KIOSK)
    assert sorted(item.waktu for item in saved) == [2, 4]


def test_an_office_without_an_active_kiosk_has_no_kiosk_page(client, world):
    kiosk(world.offices.desa_b, active=False)
    for office in (world.offices.desa_a, world.offices.desa_b):
        url = reverse("surveys_public:kiosk", kwargs={"office_id": office.pk})
        assert client.get(url).status_code == 404
        assert client.post(url, answers(4)).status_code == 404
    assert not SurveyResponse.objects.exists()


def test_the_invitation_qr_code_is_inline_svg_of_its_address(invitation, settings):
    settings.SITE_URL = "https://balai.example.id/"

    svg = invitation_qr_svg(invitation)

    assert svg.startswith("<svg") and "<?xml" not in svg
    expected_url = f"https://balai.example.id/survei/{invitation.token}/?kanal=qr"
    assert svg == segno.make(expected_url, error="m").svg_inline(scale=4, dark="#1c2430")
    assert invitation_url(invitation, Channel.QR) == (
        f"https://balai.example.id/survei/{invitation.token}/?kanal=qr"
    )
    assert invitation_url(invitation) == f"https://balai.example.id/survei/{invitation.token}/"
