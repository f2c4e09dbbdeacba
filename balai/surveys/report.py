"""The SKM report (laporan Survei Kepuasan Masyarakat) of one office for a period.

`build_report` gathers every figure once, as plain data, from aggregates: sums and counts
of the responses, counts per respondent band, the office's follow-up plan. The renderers
(`report_pdf`, `report_xlsx`) only lay those figures out, so both files always agree.

The weight of each element is 1/9 exactly (RULES.md): the weighted NRR column adds up to
the unconverted value, and the rounded weight 0.11 is never printed or used.
"""

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from balai.cases.models import ServiceRequest

from .constants import ELEMENTS, AgeBand, Education, Element, FollowUpStatus, Occupation, Sex
from .index import IKM_PLACES, SCALE, VALUE_PLACES, category
from .models import FollowUpAction, SurveyResponse
from .services import SampleAdequacy, ikm_for, sample_adequacy

ELEMENT_WEIGHT = Decimal(1) / Decimal(len(ELEMENTS))
WEAKEST_COUNT = 3
MAX_COMMENTS = 200
QUARTER_NAMES = ("I", "II", "III", "IV")
PROFILE_FIELDS = (
    ("age_band", AgeBand),
    ("sex", Sex),
    ("education", Education),
    ("occupation", Occupation),
)


def half_up(value: Decimal, places: Decimal) -> Decimal:
    return value.quantize(places, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Period:
    """A calendar year, or one month or quarter of it."""

    year: int
    month: int | None = None
    quarter: int | None = None

    def __post_init__(self):
        if self.month is not None and self.quarter is not None:
            raise ValidationError(_("Pilih bulan atau triwulan, tidak keduanya."))
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValidationError(_("Bulan harus 1 sampai 12."))
        if self.quarter is not None and not 1 <= self.quarter <= 4:
            raise ValidationError(_("Triwulan harus 1 sampai 4."))

    @property
    def months(self) -> tuple[int, int]:
        """First month and the month after the last (13 for December)."""
        if self.month is not None:
            return self.month, self.month + 1
        if self.quarter is not None:
            return 3 * self.quarter - 2, 3 * self.quarter + 1
        return 1, 13

    @property
    def bounds(self) -> tuple[datetime, datetime]:
        """Start (inclusive) and end (exclusive) in the deployment's time zone."""
        zone = timezone.get_current_timezone()
        first, after = self.months
        end_year, end_month = (self.year + 1, 1) if after == 13 else (self.year, after)
        return datetime(self.year, first, 1, tzinfo=zone), datetime(
            end_year, end_month, 1, tzinfo=zone
        )

    @property
    def label(self) -> str:
        if self.month is not None:
            return date_format(date(self.year, self.month, 1), "F Y")
        if self.quarter is not None:
            return _("Triwulan %(quarter)s %(year)s") % {
                "quarter": QUARTER_NAMES[self.quarter - 1],
                "year": self.year,
            }
        return _("Tahun %(year)s") % {"year": self.year}

    @property
    def slug(self) -> str:
        if self.month is not None:
            return f"{self.year}-{self.month:02d}"
        if self.quarter is not None:
            return f"{self.year}-q{self.quarter}"
        return str(self.year)


@dataclass(frozen=True)
class ElementRow:
    code: str  # U1 … U9, the regulation's numbering
    key: str
    label: str
    nrr: Decimal  # printed to 4 decimals
    weighted: Decimal  # NRR × 1/9, printed to 4 decimals
    mutu: str  # the category the element alone would reach


@dataclass(frozen=True)
class ProfileGroup:
    title: str
    counts: list[tuple[str, int]]  # (band label, respondents), blank answers last


@dataclass(frozen=True)
class FollowUpRow:
    element: str
    action: str
    owner: str
    due_date: date
    status: str
    done: bool


@dataclass(frozen=True)
class SkmReport:
    office_id: int
    office_name: str
    period: Period
    respondents: int
    adequacy: SampleAdequacy
    elements: list[ElementRow] = field(default_factory=list)
    value_1_4: Decimal | None = None
    ikm: Decimal | None = None
    mutu: str | None = None
    kinerja: str | None = None
    profile: list[ProfileGroup] = field(default_factory=list)
    weakest: list[ElementRow] = field(default_factory=list)
    analysis: list[str] = field(default_factory=list)
    follow_ups: list[FollowUpRow] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    generated_on: date | None = None

    @property
    def has_data(self) -> bool:
        return self.respondents > 0

    @property
    def filename_stem(self) -> str:
        return f"laporan-skm-{self.office_id}-{self.period.slug}"


def build_report(office, period: Period, *, with_comments: bool = False) -> SkmReport:
    """Every figure of the report of `office` for `period`, read from aggregates.

    Comments are anonymous free text; they are listed (sorted, without dates) only when
    `with_comments` is set, for the office's own staff.
    """
    start, end = period.bounds
    index = ikm_for(office, start=start, end=end)
    adequacy = sample_adequacy(served_between(office, start, end), index.respondents)
    elements = element_rows(index.nrr)
    weakest = sorted(elements, key=lambda row: (row.nrr, ELEMENTS.index(row.key)))
    weakest = weakest[:WEAKEST_COUNT]
    follow_ups = follow_up_rows(office, period.year)
    report = SkmReport(
        office_id=office.pk,
        office_name=office.name,
        period=period,
        respondents=index.respondents,
        adequacy=adequacy,
        elements=elements,
        value_1_4=index.value_1_4,
        ikm=index.ikm,
        mutu=index.mutu,
        kinerja=index.kinerja,
        profile=respondent_profile(office, start, end),
        weakest=weakest,
        follow_ups=follow_ups,
        comments=comments_of(office, start, end) if with_comments else [],
        generated_on=timezone.localdate(),
    )
    return _with_analysis(report)


def served_between(office, start, end) -> int:
    """Requests of `office` completed in the period: the population of the sample."""
    return ServiceRequest.objects.filter(
        origin_office=office, completed_at__gte=start, completed_at__lt=end
    ).count()


def element_rows(nrr_by_element: dict) -> list[ElementRow]:
    rows = []
    for position, key in enumerate(ELEMENTS, 1):
        if key not in nrr_by_element:
            continue
        value = nrr_by_element[key]
        rows.append(
            ElementRow(
                code=f"U{position}",
                key=key,
                label=str(Element(key).label),
                nrr=half_up(value, VALUE_PLACES),
                weighted=half_up(value * ELEMENT_WEIGHT, VALUE_PLACES),
                mutu=category(half_up(value * SCALE, IKM_PLACES))[0],
            )
        )
    return rows


def respondent_profile(office, start, end) -> list[ProfileGroup]:
    """Respondents per band of each profile question: one grouped count per question."""
    responses = SurveyResponse.objects.in_period(start, end).filter(office=office)
    groups = []
    for name, choices in PROFILE_FIELDS:
        counted = dict(
            responses.values_list(name)
            .annotate(count=Count("id"))
            .order_by()
            .values_list(name, "count")
        )
        counts = [(str(label), counted.get(value, 0)) for value, label in choices.choices]
        counts.append((_("Tidak diisi"), counted.get("", 0)))
        title = capfirst(SurveyResponse._meta.get_field(name).verbose_name)
        groups.append(ProfileGroup(str(title), counts))
    return groups


def follow_up_rows(office, year: int) -> list[FollowUpRow]:
    actions = FollowUpAction.objects.filter(office=office, year=year).order_by("due_date", "id")
    return [
        FollowUpRow(
            element=str(Element(action.element).label),
            action=action.action,
            owner=action.owner,
            due_date=action.due_date,
            status=str(FollowUpStatus(action.status).label),
            done=action.status == FollowUpStatus.DONE,
        )
        for action in actions
    ]


def comments_of(office, start, end) -> list[str]:
    texts = (
        SurveyResponse.objects.in_period(start, end)
        .filter(office=office)
        .exclude(comment="")
        .order_by("comment")
        .values_list("comment", flat=True)
    )
    return list(texts[:MAX_COMMENTS])


# The analysis: a few sentences written from the figures --------------------------------


def _with_analysis(report: SkmReport) -> SkmReport:
    return replace(report, analysis=analysis_of(report))


def analysis_of(report: SkmReport) -> list[str]:
    if not report.has_data:
        return [_("Belum ada responden pada periode ini, sehingga IKM belum dapat dihitung.")]
    return [
        _summary_sentence(report),
        _sample_sentence(report.adequacy),
        _weakest_sentence(report),
        _follow_up_sentence(report),
    ]


def _summary_sentence(report: SkmReport) -> str:
    return _(
        "IKM %(office)s pada %(period)s adalah %(ikm)s (nilai %(value)s), mutu %(mutu)s "
        "dengan kinerja “%(kinerja)s”, dari %(respondents)s responden."
    ) % {
        "office": report.office_name,
        "period": report.period.label,
        "ikm": number(report.ikm, 2),
        "value": number(report.value_1_4, 4),
        "mutu": report.mutu,
        "kinerja": report.kinerja,
        "respondents": report.respondents,
    }


def _sample_sentence(adequacy: SampleAdequacy) -> str:
    values = {
        "responses": adequacy.responses,
        "required": adequacy.required,
        "served": adequacy.served,
        "missing": adequacy.missing,
    }
    if adequacy.adequate:
        return (
            _(
                "Jumlah responden (%(responses)s) memenuhi sampel minimal %(required)s untuk "
                "%(served)s permohonan selesai (Krejcie–Morgan, α = 5%%)."
            )
            % values
        )
    return (
        _(
            "Jumlah responden (%(responses)s) belum memenuhi sampel minimal %(required)s untuk "
            "%(served)s permohonan selesai (Krejcie–Morgan, α = 5%%): kurang %(missing)s."
        )
        % values
    )


def _weakest_sentence(report: SkmReport) -> str:
    listed = "; ".join(f"{row.code} {row.label} ({number(row.nrr, 4)})" for row in report.weakest)
    below_b = [row for row in report.elements if row.mutu in ("C", "D")]
    sentence = _("Unsur dengan NRR terendah: %(elements)s.") % {"elements": listed}
    if below_b:
        sentence += " " + _(
            "%(count)s unsur bermutu C atau D dan perlu diprioritaskan dalam tindak lanjut."
        ) % {"count": len(below_b)}
    else:
        sentence += " " + _("Semua unsur bermutu A atau B.")
    return sentence


def _follow_up_sentence(report: SkmReport) -> str:
    if not report.follow_ups:
        return _("Belum ada rencana tindak lanjut untuk tahun %(year)s.") % {
            "year": report.period.year
        }
    done = sum(1 for row in report.follow_ups if row.done)
    return _("%(done)s dari %(total)s rencana tindak lanjut tahun %(year)s sudah selesai.") % {
        "done": done,
        "total": len(report.follow_ups),
        "year": report.period.year,
    }


def number(value, places: int) -> str:
    """A figure as Indonesian reports print it (comma for decimals), or a dash."""
    if value is None:
        return "–"
    return number_format(value, places, use_l10n=True)


def labels() -> dict[str, str]:
    """The headings both renderers print, translated once."""
    return {
        "title": _("Laporan Survei Kepuasan Masyarakat"),
        "regulation": "Permenpan RB 14/2017",
        "office": _("Kantor"),
        "period": _("Periode"),
        "generated_on": _("Dibuat pada"),
        "summary": _("Ringkasan"),
        "respondents": _("Responden"),
        "served": _("Permohonan selesai"),
        "required": _("Sampel minimal (Krejcie–Morgan)"),
        "sample": _("Sampel"),
        "adequate": _("Tercukupi"),
        "not_adequate": _("Belum tercukupi"),
        "value_1_4": _("Nilai (1–4)"),
        "ikm": _("IKM"),
        "mutu": _("Mutu pelayanan"),
        "element_mutu": _("Mutu"),
        "kinerja": _("Kinerja unit pelayanan"),
        "elements": _("Nilai per unsur"),
        "code": _("Kode"),
        "element": _("Unsur"),
        "nrr": _("NRR"),
        "weighted": _("NRR × bobot (1/9)"),
        "total": _("Jumlah"),
        "profile": _("Profil responden"),
        "analysis": _("Analisis"),
        "follow_ups": _("Rencana tindak lanjut"),
        "action": _field_title("action"),
        "owner": _field_title("owner"),
        "due_date": _field_title("due_date"),
        "status": _field_title("status"),
        "no_follow_ups": _("Belum ada rencana tindak lanjut."),
        "comments": _("Saran dan masukan responden"),
        "no_data": _("Belum ada data survei untuk kantor ini pada periode tersebut."),
    }


def _field_title(name: str) -> str:
    return str(capfirst(FollowUpAction._meta.get_field(name).verbose_name))
