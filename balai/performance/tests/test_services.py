from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from balai.cases.tests.factories import pdf
from balai.catalog.constants import Component
from balai.catalog.tests.factories import published_service
from balai.complaints.tests.factories import drain_category
from balai.offices.constants import Role
from balai.offices.tests.factories import MembershipFactory, UserFactory
from balai.performance.constants import Status
from balai.performance.models import Aspect, Indicator, IndicatorScore
from balai.performance.services import (
    add_evidence,
    prefill,
    score_indicator,
    start_assessment,
    submit_assessment,
)

from .helpers import hand_example_scores


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def assessment(world):
    return start_assessment(world.kepala_desa_a, world.offices.desa_a, 2026)


def score_all(actor, assessment, scores):
    for indicator, score in scores.items():
        score_indicator(actor, assessment, indicator, score)


def section_head(world):
    user = UserFactory(username="sekdes.a")
    MembershipFactory(user=user, office=world.offices.desa_a, role=Role.SECTION_HEAD)
    return user


def test_head_section_head_and_kabupaten_admin_may_start(world):
    assert start_assessment(world.kepala_desa_a, world.offices.desa_a, 2025).status == Status.DRAFT
    assert start_assessment(section_head(world), world.offices.desa_a, 2026).year == 2026
    assert start_assessment(world.admin, world.offices.desa_a, 2027).office == world.offices.desa_a


@pytest.mark.parametrize("persona", ["officer_a", "officer_b", "kecamatan_operator", "lurah"])
def test_others_may_not_start(world, persona):
    with pytest.raises(PermissionDenied):
        start_assessment(getattr(world, persona), world.offices.desa_a, 2026)


def test_one_assessment_per_office_and_year(world, assessment):
    with pytest.raises(ValidationError, match="sudah ada"):
        start_assessment(world.admin, world.offices.desa_a, 2026)


@pytest.mark.parametrize("score", [-1, "5.01", 6, "abc", "2.555"])
def test_a_score_outside_0_to_5_is_refused(world, assessment, score):
    indicator = Indicator.objects.first()
    with pytest.raises(ValidationError):
        score_indicator(world.kepala_desa_a, assessment, indicator, score)
    assert not assessment.scores.exists()


def test_scoring_again_replaces_the_score(world, assessment):
    indicator = Indicator.objects.first()
    score_indicator(world.kepala_desa_a, assessment, indicator, 2, "awal")
    score_indicator(world.kepala_desa_a, assessment, indicator, "3.5", "perbaikan")
    scored = assessment.scores.get()
    assert (scored.score, scored.note) == (Decimal("3.5"), "perbaikan")


def test_front_office_officer_may_not_score(world, assessment):
    with pytest.raises(PermissionDenied):
        score_indicator(world.officer_a, assessment, Indicator.objects.first(), 3)


def test_submit_requires_every_indicator_scored(world, assessment):
    scores = hand_example_scores()
    last = list(scores)[-1]
    del scores[last]
    score_all(world.kepala_desa_a, assessment, scores)
    with pytest.raises(ValidationError, match="1 indikator yang belum dinilai"):
        submit_assessment(world.kepala_desa_a, assessment)
    assessment.refresh_from_db()
    assert assessment.status == Status.DRAFT
    assert assessment.index is None


def test_submit_stores_the_index_and_category_computed_by_hand(world, assessment):
    score_all(world.kepala_desa_a, assessment, hand_example_scores())
    submitted = submit_assessment(world.kepala_desa_a, assessment)
    submitted.refresh_from_db()
    # See test_pekppp.test_index_of_all_six_aspects_scored_by_hand: 3.3676 → 3.37, B-.
    assert submitted.status == Status.SUBMITTED
    assert submitted.index == Decimal("3.37")
    assert (submitted.category_code, submitted.category_label) == ("B-", "Baik (Dengan Catatan)")
    assert submitted.submitted_by == world.kepala_desa_a


def test_perfect_scores_reach_pelayanan_prima(world, assessment):
    score_all(world.kepala_desa_a, assessment, dict.fromkeys(Indicator.objects.all(), 5))
    submitted = submit_assessment(world.kepala_desa_a, assessment)
    assert (submitted.index, submitted.category_code) == (Decimal("5.00"), "A")


def test_only_the_head_submits_not_the_section_head(world, assessment):
    sekdes = section_head(world)
    score_all(sekdes, assessment, hand_example_scores())
    with pytest.raises(PermissionDenied):
        submit_assessment(sekdes, assessment)
    with pytest.raises(PermissionDenied):
        submit_assessment(world.officer_a, assessment)
    assert submit_assessment(world.admin, assessment).status == Status.SUBMITTED


def test_a_submitted_assessment_is_read_only(world, assessment):
    score_all(world.kepala_desa_a, assessment, hand_example_scores())
    submit_assessment(world.kepala_desa_a, assessment)
    indicator = Indicator.objects.first()
    scored = assessment.scores.get(indicator=indicator)
    with pytest.raises(ValidationError, match="sudah dikirim"):
        score_indicator(world.kepala_desa_a, assessment, indicator, 0)
    with pytest.raises(ValidationError, match="sudah dikirim"):
        add_evidence(world.kepala_desa_a, scored, description="SK", url="https://desa.id/sk")
    with pytest.raises(ValidationError, match="sudah dikirim"):
        submit_assessment(world.kepala_desa_a, assessment)
    with pytest.raises(ValidationError, match="sudah dikirim"):
        prefill(assessment)
    assert assessment.scores.get(indicator=indicator).score == scored.score


def test_submit_refuses_a_framework_whose_weights_do_not_add_up(world, assessment):
    score_all(world.kepala_desa_a, assessment, hand_example_scores())
    Indicator.objects.filter(code="inovasi-ada").update(weight=40)
    with pytest.raises(ValidationError, match="Inovasi berjumlah 90%"):
        submit_assessment(world.kepala_desa_a, assessment)


def test_submit_refuses_aspect_weights_not_adding_up(world, assessment):
    score_all(world.kepala_desa_a, assessment, hand_example_scores())
    Aspect.objects.filter(code="inovasi").update(weight=13)
    with pytest.raises(ValidationError, match="101%"):
        submit_assessment(world.kepala_desa_a, assessment)


def test_evidence_is_a_checked_file_or_a_link(world, assessment):
    scored = score_indicator(world.kepala_desa_a, assessment, Indicator.objects.first(), 5)
    stored = add_evidence(world.kepala_desa_a, scored, description="SK SP", upload=pdf())
    assert stored.content_type == "application/pdf"
    linked = add_evidence(world.kepala_desa_a, scored, description="Laman", url="https://desa.id")
    assert linked.url == "https://desa.id"
    fake = SimpleUploadedFile("sk.pdf", b"MZ not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError, match="bukan"):
        add_evidence(world.kepala_desa_a, scored, description="Palsu", upload=fake)
    with pytest.raises(ValidationError, match="tautan"):
        add_evidence(world.kepala_desa_a, scored, description="Kosong")
    assert scored.evidence.count() == 2


def complete_service():
    return published_service(components={Component.COMPLAINTS: "Lapor ke loket atau Balai."})


def test_prefill_scores_what_balai_evidences_and_says_where_from(world, assessment):
    complete_service()
    drain_category()
    filled = prefill(assessment, actor=world.kepala_desa_a)
    by_code = {s.indicator.code: s for s in filled}
    # The survey sources score 0 without responses; complaints without any are not judged.
    assert set(by_code) == {
        "sp-tersedia",
        "pengaduan-sarana",
        "skm",
        "skm-publikasi",
        "skm-tindak-lanjut",
    }
    assert by_code["sp-tersedia"].score == 5
    assert "katalog layanan Balai: 1 dari 1 layanan" in by_code["sp-tersedia"].note
    assert by_code["pengaduan-sarana"].score == 5
    assert "modul pengaduan Balai: 1 kategori pengaduan aktif" in by_code["pengaduan-sarana"].note


def test_prefill_gives_0_when_the_catalogue_has_no_published_service(world, assessment):
    prefill(assessment)
    scored = IndicatorScore.objects.get(assessment=assessment, indicator__code="sp-tersedia")
    assert scored.score == 0
    assert "0 dari 0 layanan" in scored.note


def test_prefill_gives_0_when_a_published_service_lost_a_public_component(world, assessment):
    complete_service()
    lacking = complete_service()
    # Publishing demands the six components; a later edit of the text can still empty one.
    lacking.current_version.components.filter(component=Component.COMPLAINTS).update(content="")
    prefill(assessment)
    scored = IndicatorScore.objects.get(assessment=assessment, indicator__code="sp-tersedia")
    assert scored.score == 0
    assert "1 dari 2 layanan" in scored.note


def test_prefill_leaves_the_complaint_channel_at_0_without_an_active_category(world, assessment):
    drain_category(active=False)
    prefill(assessment)
    scored = IndicatorScore.objects.get(assessment=assessment, indicator__code="pengaduan-sarana")
    assert scored.score == 0
    assert "0 kategori pengaduan aktif" in scored.note


def test_prefill_never_overwrites_an_officers_score(world, assessment):
    complete_service()
    indicator = Indicator.objects.get(code="sp-tersedia")
    score_indicator(world.kepala_desa_a, assessment, indicator, 3, "dinilai sendiri")
    prefill(assessment)
    assert assessment.scores.get(indicator=indicator).note == "dinilai sendiri"


def test_prefill_refuses_someone_who_may_not_fill_in(world, assessment):
    with pytest.raises(PermissionDenied):
        prefill(assessment, actor=world.officer_a)
