"""Every change to a PEKPPP self-assessment happens here.

Who may do what (checked here, not in the views):
- start, score and add evidence: the head or section head of the assessed office, or a
  kabupaten admin;
- submit: the head of the office, or a kabupaten admin, because the head answers for the
  office's result. A front-office officer or operator may read the assessment only.
A submitted assessment is read-only; its index and category are stored at submission so a
later change of weights or bands does not rewrite a past result.
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.cases.uploads import inspect_upload
from balai.offices.jurisdiction import jurisdiction_of

from . import pekppp
from .constants import EDITOR_ROLES, MAX_SCORE, MIN_SCORE, SUBMITTER_ROLES, AutoSource, Status
from .models import Aspect, Assessment, CategoryBand, Evidence, Indicator, IndicatorScore

__all__ = [
    "Result",
    "add_evidence",
    "can_edit",
    "can_submit",
    "compute",
    "prefill",
    "score_indicator",
    "start_assessment",
    "submit_assessment",
]


@dataclass(frozen=True)
class Result:
    index: Decimal
    category: pekppp.Band | None
    aspect_scores: dict[int, Decimal]
    missing: int


def _holds(actor, office_id, roles) -> bool:
    jurisdiction = jurisdiction_of(actor)
    return jurisdiction.is_kabupaten_admin or jurisdiction.holds(office_id, *roles)


def can_edit(actor, assessment: Assessment) -> bool:
    return not assessment.is_submitted and _holds(actor, assessment.office_id, EDITOR_ROLES)


def can_submit(actor, assessment: Assessment) -> bool:
    return not assessment.is_submitted and _holds(actor, assessment.office_id, SUBMITTER_ROLES)


def _require_editable(actor, assessment: Assessment) -> None:
    if assessment.is_submitted:
        raise ValidationError(_("Penilaian sudah dikirim dan tidak dapat diubah lagi."))
    if not _holds(actor, assessment.office_id, EDITOR_ROLES):
        raise PermissionDenied(_("Hanya kepala kantor atau kasi/sekdes yang dapat mengisi."))


def start_assessment(actor, office, year: int) -> Assessment:
    if not _holds(actor, office.pk, EDITOR_ROLES):
        raise PermissionDenied(_("Hanya kepala kantor atau kasi/sekdes yang dapat memulai."))
    if not 2000 <= int(year) <= 2100:
        raise ValidationError(_("Tahun penilaian tidak wajar."))
    try:
        with transaction.atomic():
            return Assessment.objects.create(office=office, year=year, created_by=actor)
    except IntegrityError:
        raise ValidationError(
            _("Penilaian %(year)s untuk kantor ini sudah ada.") % {"year": year}
        ) from None


def _clean_score(score) -> Decimal:
    try:
        value = Decimal(str(score))
    except InvalidOperation:
        raise ValidationError(_("Nilai harus berupa angka 0 sampai 5.")) from None
    if not value.is_finite() or not MIN_SCORE <= value <= MAX_SCORE:
        raise ValidationError(_("Nilai harus antara 0 dan 5."))
    if value != value.quantize(Decimal("0.01")):
        raise ValidationError(_("Nilai paling banyak dua angka di belakang koma."))
    return value


def score_indicator(actor, assessment, indicator, score, note: str = "") -> IndicatorScore:
    value = _clean_score(score)
    with transaction.atomic():
        assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
        _require_editable(actor, assessment)
        return _save_score(assessment, indicator, value, note, actor)


def _save_score(assessment, indicator, value, note, actor) -> IndicatorScore:
    scored, _created = IndicatorScore.objects.update_or_create(
        assessment=assessment,
        indicator=indicator,
        defaults={"score": value, "note": note.strip(), "updated_by": actor},
    )
    return scored


def add_evidence(actor, scored: IndicatorScore, *, description, upload=None, url="") -> Evidence:
    """Attach a PDF/JPEG/PNG (checked by its content) or a link to an indicator's score."""
    # Read the status afresh: the caller's copy may predate a submission.
    _require_editable(actor, Assessment.objects.get(pk=scored.assessment_id))
    description = (description or "").strip()
    if not description:
        raise ValidationError(_("Tulis keterangan bukti dukung."))
    if not upload and not url:
        raise ValidationError(_("Unggah berkas atau isi tautan bukti dukung."))
    evidence = Evidence(score=scored, description=description, url=url, uploaded_by=actor)
    if upload:
        inspected = inspect_upload(upload)
        evidence.content_type = inspected.content_type
        evidence.size = inspected.size
        evidence.sha256 = inspected.sha256
        evidence.file.save(upload.name, upload, save=False)
    evidence.save()
    return evidence


def compute(assessment: Assessment) -> Result:
    """The index and category of the scores entered so far (missing ones count as 0)."""
    scores = dict(
        IndicatorScore.objects.filter(assessment=assessment).values_list("indicator_id", "score")
    )
    indicators = list(Indicator.objects.filter(active=True).select_related("aspect"))
    by_aspect: dict[int, list] = {}
    for indicator in indicators:
        by_aspect.setdefault(indicator.aspect_id, []).append(indicator)
    aspects = {a.pk: a for a in Aspect.objects.filter(pk__in=by_aspect)}
    aspect_scores = {
        aspect_id: pekppp.aspect_score(
            [(i.weight, scores.get(i.pk, 0)) for i in items], aspects[aspect_id].weight
        )
        for aspect_id, items in by_aspect.items()
    }
    value = pekppp.index(aspect_scores.values())
    band = pekppp.category(value, CategoryBand.objects.as_bands())
    missing = sum(1 for i in indicators if i.pk not in scores)
    return Result(value, band, aspect_scores, missing)


def check_framework() -> None:
    """Refuse to grade against a framework whose weights do not add up."""
    indicators = Indicator.objects.filter(active=True).select_related("aspect")
    weights: dict[str, list] = {a.name: [] for a in Aspect.objects.all()}
    for indicator in indicators:
        weights[indicator.aspect.name].append(indicator.weight)
    pekppp.check_weights(weights)
    pekppp.check_weights({_("Aspek PEKPPP"): Aspect.objects.values_list("weight", flat=True)})


def submit_assessment(actor, assessment: Assessment) -> Assessment:
    with transaction.atomic():
        assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if assessment.is_submitted:
            raise ValidationError(_("Penilaian sudah dikirim."))
        if not _holds(actor, assessment.office_id, SUBMITTER_ROLES):
            raise PermissionDenied(_("Hanya kepala kantor yang dapat mengirim penilaian."))
        check_framework()
        result = compute(assessment)
        if result.missing:
            raise ValidationError(
                _("Masih ada %(count)s indikator yang belum dinilai.") % {"count": result.missing}
            )
        if result.category is None:
            raise ValidationError(
                _("Kategori indeks %(index)s tidak ditemukan.") % {"index": result.index}
            )
        assessment.index = result.index
        assessment.category_code = result.category.code
        assessment.category_label = result.category.label
        assessment.status = Status.SUBMITTED
        assessment.submitted_by = actor
        assessment.submitted_at = timezone.now()
        assessment.save()
    return assessment


# Prefill: what Balai can evidence itself --------------------------------------------------


def _standards_published():
    """5 when the catalogue has published services and each shows all six public components."""
    from balai.catalog.models import Service

    services = list(Service.objects.published().for_detail())
    complete = sum(
        1
        for service in services
        if all(c.content.strip() for c in service.current_version.public_components())
    )
    score = 5 if services and complete == len(services) else 0
    note = _(
        "Diisi otomatis dari katalog layanan Balai: %(complete)s dari %(total)s layanan terbit "
        "memuat keenam komponen pelayanan yang dipublikasikan."
    ) % {"complete": complete, "total": len(services)}
    return score, note


def _complaint_channel_active():
    if not apps.is_installed("balai.complaints"):
        return None
    from balai.complaints.models import Category

    active = Category.objects.filter(active=True).count()
    score = 5 if active else 0
    note = _("Diisi otomatis dari modul pengaduan Balai: %(count)s kategori pengaduan aktif.") % {
        "count": active
    }
    return score, note


AUTO_SOURCES = {
    AutoSource.STANDARDS_PUBLISHED: _standards_published,
    AutoSource.COMPLAINT_CHANNEL_ACTIVE: _complaint_channel_active,
    # The satisfaction survey is not in Balai yet: that indicator stays for the office to score.
}


def prefill(assessment: Assessment, actor=None) -> list[IndicatorScore]:
    """Score the indicators Balai can evidence itself, noting where each value came from.

    Only indicators not scored yet are filled: an officer's own judgement is never overwritten.
    With an `actor` (a page), their right to fill in is checked as for any score.
    """
    with transaction.atomic():
        assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if actor is not None:
            _require_editable(actor, assessment)
        elif assessment.is_submitted:
            raise ValidationError(_("Penilaian sudah dikirim dan tidak dapat diubah lagi."))
        return _prefill_unscored(assessment, actor)


def _prefill_unscored(assessment, actor) -> list[IndicatorScore]:
    already = set(assessment.scores.values_list("indicator_id", flat=True))
    filled = []
    for indicator in Indicator.objects.filter(active=True).exclude(auto_source=""):
        source = AUTO_SOURCES.get(indicator.auto_source)
        if indicator.pk in already or source is None:
            continue
        found = source()
        if found is None:
            continue
        score, note = found
        filled.append(_save_score(assessment, indicator, Decimal(score), note, actor))
    return filled
