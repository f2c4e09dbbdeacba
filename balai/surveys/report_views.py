"""The SKM report for download: staff pages under /kerja/survei/ and the published PDF.

Staff reach an office only through `Office.objects.visible_to` (404 otherwise) and their
report lists the respondents' anonymous comments. The public PDF holds the same aggregates
as the public results page, without comments.
"""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Sum
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from balai.offices.models import Office
from balai.workspace.decorators import staff_required

from .constants import ELEMENTS
from .index import IkmResult, compute_ikm, nrr_from_totals
from .models import SurveyResponse
from .report import Period, build_report
from .report_pdf import render_pdf
from .report_xlsx import render_xlsx
from .results import FIRST_YEAR, current_year, year_bounds, year_from

PAGE_SIZE = 25
PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _period(request, year: int) -> Period:
    """The year of the URL, narrowed by `?bulan=` or `?triwulan=` when given."""
    if not FIRST_YEAR <= year <= current_year():
        raise Http404
    try:
        month = _optional_int(request.GET.get("bulan"))
        quarter = _optional_int(request.GET.get("triwulan"))
    except ValueError:
        raise ValidationError(_("Bulan dan triwulan ditulis dengan angka.")) from None
    return Period(year, month=month, quarter=quarter)


def _optional_int(raw) -> int | None:
    return None if raw in (None, "") else int(raw)


def _download(report, body: bytes, content_type: str, extension: str, private: bool):
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{report.filename_stem}.{extension}"'
    if private:
        response["Cache-Control"] = "private, no-store"
    return response


def _staff_report(request, office_id, year, render, content_type, extension):
    office = get_object_or_404(Office.objects.visible_to(request.user), pk=office_id)
    try:
        report = build_report(office, _period(request, year), with_comments=True)
    except ValidationError as error:
        return HttpResponseBadRequest(" ".join(error.messages))
    return _download(report, render(report), content_type, extension, private=True)


@staff_required
def report_pdf(request, office_id, year):
    return _staff_report(request, office_id, year, render_pdf, PDF, "pdf")


@staff_required
def report_xlsx(request, office_id, year):
    return _staff_report(request, office_id, year, render_xlsx, XLSX, "xlsx")


def public_report_pdf(request, office_id, year):
    """The published report: aggregates only, the same figures as the public results page."""
    office = get_object_or_404(Office, pk=office_id, active=True)
    try:
        report = build_report(office, _period(request, year))
    except ValidationError as error:
        return HttpResponseBadRequest(" ".join(error.messages))
    return _download(report, render_pdf(report), PDF, "pdf", private=False)


@staff_required
def index(request):
    """The offices the user can see, with their index for the year and the report files."""
    year = year_from(request.GET.get("tahun"))
    offices = Office.objects.visible_to(request.user).order_by("name", "pk")
    page = Paginator(offices, PAGE_SIZE).get_page(request.GET.get("page"))
    indices = _indices(list(page.object_list), year)
    context = {
        "year": year,
        "years": list(range(current_year(), FIRST_YEAR - 1, -1)),
        "page": page,
        "rows": [(office, indices.get(office.pk, IkmResult())) for office in page.object_list],
    }
    return render(request, "surveys/staff_index.html", context)


def _indices(offices, year: int) -> dict[int, IkmResult]:
    """The index of each office on the page, from one aggregate grouped by office."""
    start, end = year_bounds(year)
    rows = (
        SurveyResponse.objects.in_period(start, end)
        .filter(office__in=[office.pk for office in offices])
        .values("office")
        .annotate(respondents=Count("id"), **{key: Sum(key) for key in ELEMENTS})
        .order_by()
    )
    return {
        row["office"]: compute_ikm(
            nrr_from_totals({key: row[key] for key in ELEMENTS}, row["respondents"]),
            row["respondents"],
        )
        for row in rows
    }
