import pytest
from django.urls import reverse

from balai.cases.tests.factories import pdf
from balai.performance.constants import Status
from balai.performance.models import Assessment, Evidence, Indicator
from balai.performance.services import score_indicator, start_assessment

from .helpers import hand_example_scores


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def assessment(world):
    return start_assessment(world.kepala_desa_a, world.offices.desa_a, 2026)


def url(name, assessment):
    return reverse(f"performance:{name}", kwargs={"pk": assessment.pk})


def as_user(client, user):
    client.force_login(user)
    return client


def test_the_list_shows_only_visible_offices(client, world, assessment):
    start_assessment(world.admin, world.offices.desa_b, 2026)
    page = as_user(client, world.officer_a).get(reverse("performance:pekppp_list"))
    assert page.status_code == 200
    assert "Kantor Desa Tawangrejo" in page.text
    assert "Kantor Desa Rejosari" not in page.text


def test_the_outsider_gets_404_on_every_page_of_desa_a(client, world, assessment):
    scored = score_indicator(world.kepala_desa_a, assessment, Indicator.objects.first(), 4)
    from balai.performance.services import add_evidence

    evidence = add_evidence(world.kepala_desa_a, scored, description="SK", upload=pdf())
    outsider = as_user(client, world.officer_b)
    assert outsider.get(url("pekppp_detail", assessment)).status_code == 404
    assert outsider.post(url("pekppp_detail", assessment), {}).status_code == 404
    assert outsider.post(url("pekppp_submit", assessment)).status_code == 404
    assert outsider.post(url("pekppp_evidence", assessment), {}).status_code == 404
    file_url = reverse("performance:pekppp_evidence_file", kwargs={"pk": evidence.pk})
    assert outsider.get(file_url).status_code == 404
    insider = as_user(client, world.officer_a).get(file_url)
    assert insider.status_code == 200
    assert insider["Content-Type"] == "application/pdf"


def test_the_outsider_may_not_start_an_assessment_of_desa_a(client, world):
    as_user(client, world.officer_b).post(
        reverse("performance:pekppp_start"), {"office": world.offices.desa_a.pk, "year": 2026}
    )
    assert not Assessment.objects.exists()


def test_the_head_starts_and_lands_on_the_form(client, world):
    answer = as_user(client, world.kepala_desa_a).post(
        reverse("performance:pekppp_start"), {"office": world.offices.desa_a.pk, "year": 2026}
    )
    assessment = Assessment.objects.get()
    assert answer.url == url("pekppp_detail", assessment)


def test_the_form_shows_the_aspects_and_a_live_index(client, world, assessment):
    for indicator in Indicator.objects.all():
        score_indicator(world.kepala_desa_a, assessment, indicator, 5)
    page = as_user(client, world.kepala_desa_a).get(url("pekppp_detail", assessment))
    assert page.status_code == 200
    for aspect in ("Kebijakan Pelayanan", "Profesionalisme SDM", "Inovasi"):
        assert aspect in page.text
    assert "5,00" in page.text  # Indonesian decimal comma
    assert "Pelayanan Prima" in page.text
    assert 'name="score-' in page.text


def test_the_head_saves_scores_and_notes_from_the_form(client, world, assessment):
    indicator = Indicator.objects.get(code="maklumat")
    as_user(client, world.kepala_desa_a).post(
        url("pekppp_detail", assessment),
        {f"score-{indicator.pk}": "4", f"note-{indicator.pk}": "Maklumat dipasang di loket"},
    )
    scored = assessment.scores.get()
    assert (scored.indicator, scored.score, scored.note) == (
        indicator,
        4,
        "Maklumat dipasang di loket",
    )


def test_a_front_office_officer_reads_but_may_not_score_or_submit(client, world, assessment):
    officer = as_user(client, world.officer_a)
    page = officer.get(url("pekppp_detail", assessment))
    assert page.status_code == 200
    assert 'name="score-' not in page.text
    indicator = Indicator.objects.first()
    assert (
        officer.post(url("pekppp_detail", assessment), {f"score-{indicator.pk}": "5"}).status_code
        == 403
    )
    assert officer.post(url("pekppp_submit", assessment)).status_code == 403
    assert not assessment.scores.exists()


def test_submitting_through_the_page(client, world, assessment):
    head = as_user(client, world.kepala_desa_a)
    head.post(url("pekppp_submit", assessment))
    assessment.refresh_from_db()
    assert assessment.status == Status.DRAFT  # nothing scored yet
    for indicator, score in hand_example_scores().items():
        score_indicator(world.kepala_desa_a, assessment, indicator, score)
    head.post(url("pekppp_submit", assessment))
    assessment.refresh_from_db()
    assert (assessment.status, str(assessment.index)) == (Status.SUBMITTED, "3.37")
    page = head.get(url("pekppp_detail", assessment))
    assert 'name="score-' not in page.text
    assert "Baik (Dengan Catatan)" in page.text
    assert "3,37" in page.text


def test_evidence_upload_through_the_page(client, world, assessment):
    indicator = Indicator.objects.get(code="sp-tersedia")
    score_indicator(world.kepala_desa_a, assessment, indicator, 5)
    head = as_user(client, world.kepala_desa_a)
    head.post(
        url("pekppp_evidence", assessment),
        {"indicator": indicator.pk, "description": "Perdes Standar Pelayanan", "file": pdf()},
    )
    assert Evidence.objects.get().description == "Perdes Standar Pelayanan"
    page = head.get(url("pekppp_detail", assessment))
    assert "Perdes Standar Pelayanan" in page.text


def test_prefill_button_fills_from_balai_data(client, world, assessment):
    as_user(client, world.kepala_desa_a).post(
        url("pekppp_detail", assessment), {"action": "prefill"}
    )
    scored = assessment.scores.get(indicator__code="sp-tersedia")
    assert "katalog layanan Balai" in scored.note


def test_the_detail_page_runs_in_a_fixed_number_of_queries(
    client, world, assessment, django_assert_max_num_queries
):
    for indicator, score in hand_example_scores().items():
        score_indicator(world.kepala_desa_a, assessment, indicator, score)
    head = as_user(client, world.kepala_desa_a)
    with django_assert_max_num_queries(20):
        assert head.get(url("pekppp_detail", assessment)).status_code == 200
