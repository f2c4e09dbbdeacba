"""Staff performance dashboard under /kerja/kinerja/: drill-down, one office, downloads.

Every figure is read from the rollup tables through `figures`, over the offices of
`Office.objects.visible_to(user)` only: a region holding none of them, or an office
outside them, is a 404. The period comes from `?bulan=` or `?tahun=` (see `periods`).
"""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from balai.offices.models import Office
from balai.regions.constants import Level
from balai.regions.models import Region
from balai.workspace.decorators import staff_required

from . import charts
from .dashboard import (
    COLUMNS,
    GROUPING,
    Row,
    as_csv,
    as_xlsx,
    office_rows,
    region_rows,
    service_rows,
    start_region,
    within,
)
from .figures import combined, scoped, series
from .periods import staff_period

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Periods longer than this many days are charted per month.
MONTHLY_CHART_AFTER_DAYS = 62
FIRST_COLUMN = {
    "kecamatan": gettext_lazy("Kecamatan"),
    "village": gettext_lazy("Desa/Kelurahan"),
    "office": gettext_lazy("Kantor"),
}


def _optional_url(name, *args) -> str:
    """A link to a page of another app, left out when that page does not exist (yet)."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def _region(request, offices) -> Region | None:
    """The region of `?wilayah=`, which must hold at least one office the reader sees."""
    code = request.GET.get("wilayah", "").strip()
    if not code:
        return start_region(offices)
    region = Region.objects.filter(code=code, level__in=[Level.DISTRICT, Level.VILLAGE]).first()
    if region is None or not within(offices, region.code).exists():
        raise Http404
    return region


def _area(request):
    """Everything the dashboard and its downloads show, for the reader and the period."""
    offices = Office.objects.visible_to(request.user).filter(active=True)
    period, error = staff_period(request.GET, timezone.localdate())
    region = _region(request, offices)
    level = GROUPING[region.level if region else None]
    prefix = region.code if region else ""
    scope = scoped(offices=within(offices, prefix), region_prefix=prefix)
    return {
        "period": period,
        "period_error": error,
        "region": region,
        "level": level,
        "first_column": FIRST_COLUMN[level],
        "scope": scope,
        "rows": region_rows(offices, region, period.first, period.last),
        "title": _("Kinerja layanan %(area)s, %(period)s")
        % {"area": region or _("seluruh wilayah"), "period": period.label},
    }


@staff_required
def dashboard(request):
    area = _area(request)
    period, rows = area["period"], area["rows"]
    # The total row adds up the rows rather than asking the rollups a second time.
    area_total = Row(_("Jumlah"), "", combined(row.figures for row in rows))
    context = {
        **area,
        "columns": COLUMNS,
        "area_total": area_total,
        "parent": _parent(area["region"]),
        "daily_chart": _daily_chart(area["scope"], period),
        "on_time_chart": _on_time_chart(rows, area["first_column"]),
        "pekppp_url": _optional_url("performance:pekppp_list"),
        "skm_url": _optional_url("surveys:index"),
    }
    return render(request, "stats/dashboard.html", context)


def _parent(region):
    """The kecamatan above a village page, to go back up one level."""
    if region is None or region.level != Level.VILLAGE or region.parent is None:
        return None
    return region.parent


def _daily_chart(scope, period):
    # A month by day; a longer period by month, from month rows (12 points for a year).
    monthly = (period.last - period.first).days > MONTHLY_CHART_AFTER_DAYS
    points = series(scope, period.first, period.last, monthly)
    days = [day for day, _counts in points]
    received = [counts["received"] for _day, counts in points]
    completed = [counts["completed"] for _day, counts in points]
    return charts.series_chart(
        "harian",
        _("Permohonan masuk dan selesai per bulan")
        if monthly
        else _("Permohonan masuk dan selesai per hari"),
        _("%(period)s: %(received)s permohonan masuk, %(completed)s selesai.")
        % {"period": period.label, "received": sum(received), "completed": sum(completed)},
        days,
        [(_("Masuk"), received), (_("Selesai"), completed)],
        monthly=monthly,
    )


def _on_time_chart(rows, group_label):
    return charts.bar_chart(
        "tepat-waktu",
        _("Persentase permohonan selesai tepat waktu"),
        _("Per %(group)s; baris tanpa permohonan selesai ditandai tidak ada data.")
        % {"group": str(group_label).lower()},
        [(row.label, row.figures.on_time_rate) for row in rows],
    )


@staff_required
def dashboard_csv(request):
    area = _area(request)
    body = as_csv(str(area["first_column"]), area["rows"])
    return _download(body, "text/csv; charset=utf-8", _filename(area, "csv"))


@staff_required
def dashboard_xlsx(request):
    area = _area(request)
    body = as_xlsx(area["title"], str(area["first_column"]), area["rows"])
    return _download(body, XLSX, _filename(area, "xlsx"))


def _filename(area, extension, name=""):
    where = name or (area["region"].code if area["region"] else "semua")
    return f"kinerja-{where}-{area['period'].value}.{extension}"


def _download(body, content_type, filename):
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


# One office ------------------------------------------------------------------------------


def _office_area(request, office_id):
    office = get_object_or_404(
        Office.objects.visible_to(request.user).select_related("region"), pk=office_id
    )
    period, error = staff_period(request.GET, timezone.localdate())
    scope = scoped(offices=[office.pk])
    office_row = office_rows(Office.objects.filter(pk=office.pk), period.first, period.last)[0]
    office_row.label = _("Seluruh layanan")
    return {
        "office": office,
        "period": period,
        "period_error": error,
        "scope": scope,
        "office_row": office_row,
        "rows": service_rows(office, period.first, period.last),
        "title": _("Kinerja layanan %(area)s, %(period)s")
        % {"area": office.name, "period": period.label},
    }


@staff_required
def office(request, office_id):
    area = _office_area(request, office_id)
    period, found = area["period"], area["office"]
    context = {
        **area,
        "columns": COLUMNS,
        "first_column": _("Layanan"),
        "daily_chart": _daily_chart(area["scope"], period),
        "on_time_chart": _on_time_chart(area["rows"], _("Layanan")),
        "pekppp_url": _optional_url("performance:pekppp_list"),
        "skm_pdf_url": _optional_url("surveys:report_pdf", found.pk, period.first.year),
        "public_url": reverse("kinerja_publik:office", args=[found.pk]),
    }
    return render(request, "stats/dashboard_office.html", context)


@staff_required
def office_csv(request, office_id):
    area = _office_area(request, office_id)
    body = as_csv(_("Layanan"), [area["office_row"], *area["rows"]])
    return _download(body, "text/csv; charset=utf-8", _filename(area, "csv", f"kantor-{office_id}"))


@staff_required
def office_xlsx(request, office_id):
    area = _office_area(request, office_id)
    body = as_xlsx(area["title"], _("Layanan"), [area["office_row"], *area["rows"]])
    return _download(body, XLSX, _filename(area, "xlsx", f"kantor-{office_id}"))
