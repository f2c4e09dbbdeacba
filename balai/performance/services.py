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
from datetime import timedelta
from decimal import Decimal, InvalidOperation

from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.cases.uploads import inspect_upload
from balai.offices.jurisdiction import jurisdiction_of
from balai.workdays.calendar import WorkingDayCounter, local_date

from . import pekppp
from .constants import EDITOR_ROLES, MAX_SCORE, MIN_SCORE, SUBMITTER_ROLES, AutoSource, Status
from .models import Aspect, Assessment, CategoryBand, Evidence, Indicator, IndicatorScore

__all__ = [
    "Prefilled",
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
#
# Each source reads the assessed office's data for the assessment's year and answers with a
# score 0–5, a note saying where it came from, and links to the data as evidence (or None
# when Balai holds nothing to judge by, so the office scores the indicator itself).
# Rates are turned into scores the same way everywhere: one point for each full fifth
# (100% → 5, 80–99% → 4, 60–79% → 3, 40–59% → 2, 20–39% → 1, under 20% → 0), so a score
# never rounds up to a level the office has not reached.


@dataclass(frozen=True)
class Prefilled:
    score: int
    note: str
    evidence: tuple[tuple[str, str], ...] = ()  # (description, absolute URL)


def score_for_rate(done: int, total: int) -> int:
    """One point per full fifth of `total` that is `done` (see above); 0 when total is 0."""
    return MAX_SCORE * done // total if total else 0


def site_url(path: str) -> str:
    """An absolute address: evidence is read by assessors outside Balai too."""
    return settings.SITE_URL.rstrip("/") + path


def _standards_published(assessment):
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
    return Prefilled(score, note)


def _complaint_channel_active(assessment):
    if not apps.is_installed("balai.complaints"):
        return None
    from balai.complaints.models import Category

    active = Category.objects.filter(active=True).count()
    score = 5 if active else 0
    note = _("Diisi otomatis dari modul pengaduan Balai: %(count)s kategori pengaduan aktif.") % {
        "count": active
    }
    return Prefilled(score, note)


def _skm_evidence(assessment) -> tuple[tuple[str, str], ...]:
    """The office's public results page and its published SKM report for the year."""
    office, year = assessment.office, assessment.year
    page = reverse("surveys_public:office_results", kwargs={"office_id": office.pk})
    report = reverse(
        "surveys_public:office_report_pdf", kwargs={"office_id": office.pk, "year": year}
    )
    return (
        (_("Halaman hasil SKM %(year)s") % {"year": year}, site_url(f"{page}?tahun={year}")),
        (_("Laporan SKM %(year)s (PDF)") % {"year": year}, site_url(report)),
    )


def _skm_figures(assessment):
    from balai.surveys.results import adequacy_of, office_result

    return adequacy_of(office_result(assessment.office, assessment.year))


def _skm_done(assessment):
    """SKM per regulation: the responses reach the Krejcie–Morgan sample of the year.

    5 with the sample reached, 3 with at least half of it, 1 with fewer responses, 0 with
    none: a survey too small to represent the people served is done, but not as the
    regulation asks.
    """
    adequacy = _skm_figures(assessment)
    if adequacy.responses == 0:
        score = 0
    elif adequacy.adequate:
        score = 5
    else:
        score = 3 if 2 * adequacy.responses >= adequacy.required else 1
    note = _(
        "Diisi otomatis dari survei Balai %(year)s: %(responses)s responden, sampel minimal "
        "%(required)s untuk %(served)s permohonan selesai (Krejcie–Morgan)."
    ) % {
        "year": assessment.year,
        "responses": adequacy.responses,
        "required": adequacy.required,
        "served": adequacy.served,
    }
    return Prefilled(score, note, _skm_evidence(assessment) if adequacy.responses else ())


def _skm_published(assessment):
    """Balai publishes each active office's index on its public results page as soon as a
    response exists: 5 when that page shows the year's index, 0 when it has nothing to show.
    """
    adequacy = _skm_figures(assessment)
    published = assessment.office.active and adequacy.responses > 0
    if published:
        note = _(
            "Diisi otomatis: hasil SKM %(year)s (%(responses)s responden) terbit di halaman "
            "publik Balai beserta laporannya."
        ) % {"year": assessment.year, "responses": adequacy.responses}
        return Prefilled(5, note, _skm_evidence(assessment))
    note = _("Diisi otomatis: belum ada hasil SKM %(year)s yang dapat diterbitkan.") % {
        "year": assessment.year
    }
    return Prefilled(0, note)


def _skm_follow_up_done(assessment):
    """The share of the year's SKM follow-up actions that are done, one point per fifth.

    No action planned gives 0: results without a follow-up plan are not followed up.
    """
    from balai.surveys.constants import FollowUpStatus
    from balai.surveys.models import FollowUpAction

    actions = FollowUpAction.objects.filter(office=assessment.office, year=assessment.year)
    total = actions.count()
    done = actions.filter(status=FollowUpStatus.DONE).count()
    note = _(
        "Diisi otomatis dari rencana tindak lanjut SKM %(year)s: %(done)s dari %(total)s "
        "tindak lanjut selesai."
    ) % {"year": assessment.year, "done": done, "total": total}
    return Prefilled(score_for_rate(done, total), note, _skm_evidence(assessment) if total else ())


def _complaint_follow_up_in_time(assessment):
    """The share of the year's complaints handled within the SP4N-LAPOR! limits.

    A complaint is on time when it was verified within 3 working days of its receipt and its
    follow-up formulated within 5 working days of the verification. Complaints whose clock
    is still running are not judged yet; merged and archived ones need no follow-up. With
    nothing to judge the indicator is left for the office to score.
    """
    if not apps.is_installed("balai.complaints"):
        return None
    on_time, judged = _complaints_on_time(assessment)
    if not judged:
        return None
    note = _(
        "Diisi otomatis dari modul pengaduan Balai %(year)s: %(on_time)s dari %(judged)s "
        "pengaduan diverifikasi dalam 3 hari kerja dan ditindaklanjuti dalam 5 hari kerja."
    ) % {"year": assessment.year, "on_time": on_time, "judged": judged}
    evidence = ((note[:255], site_url(reverse("complaints:list"))),)
    return Prefilled(score_for_rate(on_time, judged), note, evidence)


def _complaints_on_time(assessment) -> tuple[int, int]:
    from balai.complaints.constants import LIMIT_DAYS, Limit
    from balai.complaints.constants import Status as ComplaintStatus
    from balai.complaints.models import Complaint
    from balai.surveys.results import year_bounds

    start, end = year_bounds(assessment.year)
    complaints = (
        Complaint.objects.filter(office=assessment.office, received_at__gte=start)
        .filter(received_at__lt=end)
        .exclude(status__in=(ComplaintStatus.MERGED, ComplaintStatus.ARCHIVED))
        .only("received_at", "verified_at", "followed_up_at")
    )
    limits = (LIMIT_DAYS[Limit.VERIFY], LIMIT_DAYS[Limit.FOLLOW_UP])
    now = timezone.now()
    # One read of the office's calendar for the whole year, not one per complaint.
    first = local_date(start, assessment.office) - timedelta(days=1)
    counter = WorkingDayCounter(assessment.office, first, local_date(now, assessment.office))
    verdicts = [_handled_in_time(c, counter.between, now, limits) for c in complaints]
    judged = [verdict for verdict in verdicts if verdict is not None]
    return sum(judged), len(judged)


def _handled_in_time(complaint, between, now, limits) -> bool | None:
    """True on time, False late, None while a limit is still running."""
    verify_days, follow_up_days = limits
    verified = complaint.verified_at
    if between(complaint.received_at, verified or now) > verify_days:
        return False
    if verified is None:
        return None
    followed = complaint.followed_up_at
    if between(verified, followed or now) > follow_up_days:
        return False
    return None if followed is None else True


AUTO_SOURCES = {
    AutoSource.STANDARDS_PUBLISHED: _standards_published,
    AutoSource.COMPLAINT_CHANNEL_ACTIVE: _complaint_channel_active,
    AutoSource.SKM_DONE: _skm_done,
    AutoSource.SKM_PUBLISHED: _skm_published,
    AutoSource.SKM_FOLLOW_UP_DONE: _skm_follow_up_done,
    AutoSource.COMPLAINT_FOLLOW_UP_IN_TIME: _complaint_follow_up_in_time,
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
        found = source(assessment)
        if found is None:
            continue
        scored = _save_score(assessment, indicator, Decimal(found.score), found.note, actor)
        _attach_evidence(scored, found.evidence, actor or assessment.created_by)
        filled.append(scored)
    return filled


def _attach_evidence(scored, evidence, uploaded_by) -> None:
    for description, url in evidence:
        Evidence.objects.create(
            score=scored, description=description[:255], url=url, uploaded_by=uploaded_by
        )
