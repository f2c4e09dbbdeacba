"""Published survey results: the index of each office for a year, read in aggregate only.

Nothing here reads a single response: every figure comes from sums and counts grouped by
office, so no answer can be traced back to a person.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Sum
from django.utils import timezone

from balai.cases.models import ServiceRequest
from balai.offices.constants import OfficeKind
from balai.offices.models import Office

from .constants import ELEMENTS
from .index import IkmResult, compute_ikm, nrr_from_totals
from .models import FollowUpAction, SurveyResponse
from .services import SampleAdequacy, sample_adequacy

# Offices whose results the kabupaten page ranks: those that serve residents directly.
RANKED_KINDS = (OfficeKind.VILLAGE, OfficeKind.KECAMATAN)
FIRST_YEAR = 2017  # the year Permenpan RB 14/2017 took effect


@dataclass(frozen=True)
class OfficeResult:
    office: Office
    year: int
    index: IkmResult

    @property
    def has_data(self) -> bool:
        return self.index.respondents > 0


def current_year() -> int:
    return timezone.localdate().year


def year_from(raw) -> int:
    """The year asked for in `?tahun=`, or the current year when absent or out of range."""
    this_year = current_year()
    try:
        year = int(raw)
    except (TypeError, ValueError):
        return this_year
    return year if FIRST_YEAR <= year <= this_year else this_year


def year_bounds(year: int) -> tuple[datetime, datetime]:
    """Start (inclusive) and end (exclusive) of `year` in the deployment's time zone."""
    zone = timezone.get_current_timezone()
    return datetime(year, 1, 1, tzinfo=zone), datetime(year + 1, 1, 1, tzinfo=zone)


def _index_from_row(row: dict) -> IkmResult:
    respondents = row["respondents"]
    if not respondents:
        return IkmResult()
    return compute_ikm(
        nrr_from_totals({key: row[key] for key in ELEMENTS}, respondents), respondents
    )


def results_by_office(year: int) -> list[OfficeResult]:
    """Every active village and kecamatan office with its index for `year`.

    Two queries whatever the number of offices: the offices, and one aggregate of the
    responses grouped by office. Ranked by IKM, best first; offices without responses last.
    """
    start, end = year_bounds(year)
    offices = list(Office.objects.active().filter(kind__in=RANKED_KINDS).select_related("region"))
    rows = (
        SurveyResponse.objects.in_period(start, end)
        .filter(office__in=[office.pk for office in offices])
        .values("office")
        .annotate(respondents=Count("id"), **{key: Sum(key) for key in ELEMENTS})
        .order_by()
    )
    index_by_office = {row["office"]: _index_from_row(row) for row in rows}
    results = [
        OfficeResult(office=office, year=year, index=index_by_office.get(office.pk, IkmResult()))
        for office in offices
    ]
    results.sort(key=_ranking)
    return results


def _ranking(result: OfficeResult):
    ikm = result.index.ikm
    return (ikm is None, -(ikm or 0), result.office.name, result.office.pk)


def office_result(office: Office, year: int) -> OfficeResult:
    start, end = year_bounds(year)
    row = (
        SurveyResponse.objects.in_period(start, end)
        .filter(office=office)
        .aggregate(respondents=Count("id"), **{key: Sum(key) for key in ELEMENTS})
    )
    return OfficeResult(office=office, year=year, index=_index_from_row(row))


def served_in(office: Office, year: int) -> int:
    """Requests of `office` completed in `year`: the population the sample is drawn from."""
    start, end = year_bounds(year)
    return ServiceRequest.objects.filter(
        origin_office=office, completed_at__gte=start, completed_at__lt=end
    ).count()


def adequacy_of(result: OfficeResult) -> SampleAdequacy:
    return sample_adequacy(served_in(result.office, result.year), result.index.respondents)


def follow_ups(office: Office, year: int) -> list[FollowUpAction]:
    return list(
        FollowUpAction.objects.filter(office=office, year=year).order_by("element", "due_date")
    )
