"""Public pages and open data of the survey results (transparency of SKM/IKM).

Only aggregates are shown: indices, respondent counts and the offices' own follow-up plans.
"""

import csv
from decimal import Decimal

from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from balai.offices.models import Office

from .constants import ELEMENTS, Element
from .index import IKM_PLACES, VALUE_PLACES
from .results import (
    FIRST_YEAR,
    OfficeResult,
    adequacy_of,
    current_year,
    follow_ups,
    office_result,
    results_by_office,
    year_from,
)

PAGE_SIZE = 25
WEAKEST_COUNT = 3
# The bar chart, in SVG user units: a label column, then bars up to BAR_WIDTH for NRR 4.
BAR_LEFT, BAR_WIDTH, BAR_HEIGHT, ROW_HEIGHT = 36, 220, 18, 28
HIGHEST_NRR = Decimal(4)


def _years() -> list[int]:
    return list(range(current_year(), FIRST_YEAR - 1, -1))


def results(request):
    year = year_from(request.GET.get("tahun"))
    ranked = results_by_office(year)
    page = Paginator(ranked, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "year": year,
        "years": _years(),
        "page": page,
        "first_rank": page.start_index(),
        "with_data": sum(1 for result in ranked if result.has_data),
    }
    return render(request, "surveys/results.html", context)


def office_results(request, office_id):
    office = get_object_or_404(Office.objects.select_related("region"), pk=office_id, active=True)
    year = year_from(request.GET.get("tahun"))
    result = office_result(office, year)
    context = {
        "office": office,
        "year": year,
        "years": _years(),
        "result": result,
        "adequacy": adequacy_of(result),
        "bars": _bars(result),
        "chart_height": ROW_HEIGHT * len(ELEMENTS),
        "weakest": _weakest_with_actions(result),
    }
    return render(request, "surveys/office_results.html", context)


def _bars(result: OfficeResult) -> list[dict]:
    """The geometry of one bar per element; labels U1…U9 as the regulation numbers them."""
    bars = []
    for position, (_key, label, value) in enumerate(result.index.rows):
        width = round(BAR_WIDTH * value / HIGHEST_NRR, 1)
        bars.append(
            {
                "code": f"U{position + 1}",
                "label": label,
                "nrr": value.quantize(VALUE_PLACES),
                "y": position * ROW_HEIGHT,
                "text_y": position * ROW_HEIGHT + BAR_HEIGHT - 4,
                "x": BAR_LEFT,
                "width": width,
                "value_x": BAR_LEFT + width + 6,
                "height": BAR_HEIGHT,
            }
        )
    return bars


def _weakest_with_actions(result: OfficeResult) -> list[dict]:
    if not result.has_data:
        return []
    actions = follow_ups(result.office, result.year)
    return [
        {
            "label": Element(key).label,
            "nrr": result.index.nrr[key].quantize(VALUE_PLACES),
            "actions": [action for action in actions if action.element == key],
        }
        for key in result.index.weakest[:WEAKEST_COUNT]
    ]


# Open data ------------------------------------------------------------------------------

COLUMNS = (
    ["office_id", "office_name", "region_code", "year", "respondents"]
    + [f"nrr_{key}" for key in ELEMENTS]
    + ["value_1_4", "ikm", "mutu", "kinerja"]
)


def _record(result: OfficeResult) -> dict:
    index = result.index
    record = {
        "office_id": result.office.pk,
        "office_name": result.office.name,
        "region_code": result.office.region_id,
        "year": result.year,
        "respondents": index.respondents,
    }
    for key in ELEMENTS:
        value = index.nrr.get(key)
        record[f"nrr_{key}"] = None if value is None else value.quantize(VALUE_PLACES)
    record["value_1_4"] = index.value_1_4
    record["ikm"] = None if index.ikm is None else index.ikm.quantize(IKM_PLACES)
    record["mutu"] = index.mutu
    record["kinerja"] = index.kinerja
    return record


def _open_data(request) -> tuple[int, list[dict]]:
    year = year_from(request.GET.get("tahun"))
    ordered = sorted(
        results_by_office(year), key=lambda result: (result.office.region_id, result.office.pk)
    )
    return year, [_record(result) for result in ordered]


def results_csv(request):
    year, records = _open_data(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="hasil-skm-{year}.csv"'
    writer = csv.DictWriter(response, fieldnames=COLUMNS)
    writer.writeheader()
    for record in records:
        writer.writerow({key: "" if value is None else value for key, value in record.items()})
    return response


def results_json(request):
    year, records = _open_data(request)
    for record in records:
        for key, value in record.items():
            if isinstance(value, Decimal):
                # Printed figures are exact to their places; as JSON numbers they read the same.
                record[key] = float(value)
    payload = {
        "year": year,
        "description": _("Indeks Kepuasan Masyarakat per kantor (Permenpan RB 14/2017)."),
        "offices": records,
    }
    return JsonResponse(payload, json_dumps_params={"ensure_ascii": False})
