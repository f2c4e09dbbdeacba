"""Public performance pages under /kinerja-layanan/ and their open data.

Published monthly: a month appears once it is complete, never while it runs. Each page
shows one month (the latest, or `?bulan=` for an earlier one) and the year to its end.
Only aggregates of active offices, read from the rollup tables.
"""

import csv
from datetime import date, timedelta
from decimal import Decimal

from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from balai.offices.models import Office

from .dashboard import rounded
from .figures import Figures, figures_by, month_bounds, monthly_by_office, scoped, total
from .periods import PeriodError, last_published_month, parse_year, published_month

PAGE_SIZE = 50
PAGE_MAX_AGE = 15 * 60
DATA_MAX_AGE = 60 * 60
# Open data: one row per active office per published month. (column, meaning)
DATA_COLUMNS = (
    ("office_id", gettext_lazy("nomor kantor")),
    ("office_name", gettext_lazy("nama kantor")),
    ("region_code", gettext_lazy("kode wilayah Kemendagri yang dilayani kantor")),
    ("month", gettext_lazy("bulan (tahun-bulan)")),
    ("requests_received", gettext_lazy("permohonan yang masuk")),
    ("requests_completed", gettext_lazy("permohonan yang selesai")),
    ("requests_on_time", gettext_lazy("permohonan selesai paling lambat pada batas waktunya")),
    ("on_time_rate", gettext_lazy("persentase selesai tepat waktu dari yang selesai")),
    ("mean_days", gettext_lazy("rata-rata hari kerja proses permohonan yang selesai")),
    ("complaints_received", gettext_lazy("pengaduan yang masuk")),
    ("complaints_verified", gettext_lazy("pengaduan yang diverifikasi")),
    ("complaints_verified_in_time", gettext_lazy("diverifikasi dalam 3 hari kerja")),
    ("mean_verify_days", gettext_lazy("rata-rata hari kerja sampai verifikasi")),
    ("complaints_followed_up", gettext_lazy("pengaduan yang ditindaklanjuti")),
    ("complaints_followed_up_in_time", gettext_lazy("ditindaklanjuti dalam 5 hari kerja")),
    ("mean_follow_up_days", gettext_lazy("rata-rata hari kerja sampai tindak lanjut")),
    ("respondents", gettext_lazy("responden survei kepuasan")),
    ("ikm", gettext_lazy("Indeks Kepuasan Masyarakat (25–100)")),
    ("mutu", gettext_lazy("mutu pelayanan (A–D)")),
)


def _cached(response, seconds):
    response["Cache-Control"] = f"public, max-age={seconds}"
    return response


def _months(request):
    """The month shown and the year to its end: (month first, month last, year first)."""
    month, error = published_month(request.GET, timezone.localdate())
    first, last = month_bounds(month)
    return first, last, date(first.year, 1, 1), error


def _common(first, last, error):
    return {
        "month_label": date_format(first, "F Y"),
        "month_value": f"{first:%Y-%m}",
        "latest_value": f"{last_published_month(timezone.localdate()):%Y-%m}",
        "year": first.year,
        "year_range": _("Januari–%(month)s") % {"month": date_format(last, "F Y")},
        "period_error": error,
        "data_columns": DATA_COLUMNS,
    }


def kabupaten(request):
    first, last, year_first, error = _months(request)
    offices = Office.objects.active().select_related("region")
    scope = scoped(offices=offices)
    by_office = figures_by(scope, first, last, "office")
    rows = [(office, by_office.get(office.pk, Figures())) for office in offices]
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        **_common(first, last, error),
        "month": total(scope, first, last),
        "year_to_date": total(scope, year_first, last),
        "page": page,
    }
    return _cached(render(request, "stats/transparency.html", context), PAGE_MAX_AGE)


def office(request, office_id):
    found = get_object_or_404(Office.objects.active().select_related("region"), pk=office_id)
    first, last, year_first, error = _months(request)
    scope = scoped(offices=[found.pk])
    monthly = monthly_by_office(scope, year_first, first)
    months = []
    month = year_first
    while month <= first:
        months.append((date_format(month, "F"), monthly.get((found.pk, month), Figures())))
        month = month_bounds(month)[1] + timedelta(days=1)
    context = {
        **_common(first, last, error),
        "office": found,
        "month": total(scope, first, last),
        "year_to_date": total(scope, year_first, last),
        "months": months,
    }
    return _cached(render(request, "stats/transparency_office.html", context), PAGE_MAX_AGE)


# Open data ------------------------------------------------------------------------------


def open_data(year: int, today: date) -> list[dict]:
    """Rows of every active office for each published month of `year`, oldest first."""
    latest = last_published_month(today)
    last = min(date(year, 12, 1), latest)
    if last.year != year:
        return []
    offices = list(Office.objects.active().order_by("region_id", "pk"))
    monthly = monthly_by_office(scoped(offices=offices), date(year, 1, 1), last)
    records = []
    for month_number in range(1, last.month + 1):
        month = date(year, month_number, 1)
        for found in offices:
            records.append(_record(found, month, monthly.get((found.pk, month), Figures())))
    return records


def _record(found: Office, month: date, figures: Figures) -> dict:
    requests, complaints, ikm = figures.requests, figures.complaints, figures.ikm
    return {
        "office_id": found.pk,
        "office_name": found.name,
        "region_code": found.region_id,
        "month": f"{month:%Y-%m}",
        "requests_received": requests["received"],
        "requests_completed": requests["completed"],
        "requests_on_time": requests["on_time"],
        "on_time_rate": rounded(figures.on_time_rate),
        "mean_days": rounded(figures.mean_days),
        "complaints_received": complaints["received"],
        "complaints_verified": complaints["verified"],
        "complaints_verified_in_time": complaints["verified_in_time"],
        "mean_verify_days": rounded(figures.mean_verify_days),
        "complaints_followed_up": complaints["followed_up"],
        "complaints_followed_up_in_time": complaints["followed_up_in_time"],
        "mean_follow_up_days": rounded(figures.mean_follow_up_days),
        "respondents": figures.respondents,
        "ikm": ikm.ikm,
        "mutu": ikm.mutu,
    }


def _data_year(request):
    """The year of `?tahun=`, by default the year of the latest published month."""
    raw = request.GET.get("tahun", "")
    if not raw:
        return last_published_month(timezone.localdate()).year
    return parse_year(raw)


def data_csv(request):
    try:
        year = _data_year(request)
    except PeriodError as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="kinerja-layanan-{year}.csv"'
    writer = csv.DictWriter(response, fieldnames=[key for key, _meaning in DATA_COLUMNS])
    writer.writeheader()
    for record in open_data(year, timezone.localdate()):
        writer.writerow({key: "" if value is None else value for key, value in record.items()})
    return _cached(response, DATA_MAX_AGE)


def data_json(request):
    try:
        year = _data_year(request)
    except PeriodError as error:
        return JsonResponse({"error": str(error)}, status=400)
    records = open_data(year, timezone.localdate())
    for record in records:
        for key, value in record.items():
            if isinstance(value, Decimal):
                record[key] = float(value)
    payload = {
        "year": year,
        "description": _(
            "Kinerja layanan per kantor per bulan yang sudah selesai: permohonan, pengaduan "
            "(SP4N-LAPOR!) dan Indeks Kepuasan Masyarakat."
        ),
        "columns": {key: str(meaning) for key, meaning in DATA_COLUMNS},
        "rows": records,
    }
    response = JsonResponse(payload, json_dumps_params={"ensure_ascii": False})
    return _cached(response, DATA_MAX_AGE)
