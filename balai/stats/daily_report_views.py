"""The archive of daily reports under /kerja/laporan-harian/.

Reports are reached only through `DailyReport.objects.visible_to` (404 otherwise); the
PDF is read from private storage and handed out by this view alone.
"""

import logging
import re
from datetime import date

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from balai.offices.constants import Role
from balai.offices.jurisdiction import jurisdiction_of
from balai.offices.models import Office
from balai.workspace.decorators import staff_required

from .models import DailyReport
from .services import generate_today

access_log = logging.getLogger("balai.stats.access")

PAGE_SIZE = 30
MONTH = re.compile(r"(\d{4})-(\d{2})")


@staff_required
def daily_reports(request):
    reports = DailyReport.objects.visible_to(request.user).select_related("office")
    offices = Office.objects.visible_to(request.user).order_by("name", "pk")
    office_id, month, errors = _filters(request.GET)
    if office_id is not None:
        reports = reports.filter(office_id=office_id)
    if month is not None:
        reports = reports.filter(day__year=month.year, day__month=month.month)
    page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "offices": offices,
        "office_id": office_id,
        "month": f"{month:%Y-%m}" if month else "",
        "errors": errors,
        "headed": _headed_offices(request.user),
        "query": _query(office_id, month),
    }
    return render(request, "stats/daily_reports.html", context)


def _filters(params) -> tuple[int | None, date | None, list[str]]:
    errors, office_id, month = [], None, None
    raw_office = (params.get("kantor") or "").strip()
    if raw_office:
        if raw_office.isdigit():
            office_id = int(raw_office)
        else:
            errors.append(_("Pilihan kantor tidak dikenal."))
    raw_month = (params.get("bulan") or "").strip()
    if raw_month:
        match = MONTH.fullmatch(raw_month)
        if match and 1 <= int(match[2]) <= 12:
            month = date(int(match[1]), int(match[2]), 1)
        else:
            errors.append(_("Bulan ditulis sebagai tahun-bulan, misalnya 2026-11."))
    return office_id, month, errors


def _query(office_id, month) -> str:
    parts = []
    if office_id is not None:
        parts.append(f"kantor={office_id}")
    if month is not None:
        parts.append(f"bulan={month:%Y-%m}")
    return "&".join(parts)


def _headed_offices(user):
    """Offices whose head the user is: they may make today's report on demand."""
    jurisdiction = jurisdiction_of(user)
    ids = [office_id for office_id, role in jurisdiction.office_roles if role == Role.HEAD]
    return Office.objects.active().filter(pk__in=ids).order_by("name")


@staff_required
def daily_report_pdf(request, pk):
    report = get_object_or_404(
        DailyReport.objects.visible_to(request.user).select_related("office"), pk=pk
    )
    access_log.info("user %s downloaded daily report %s", request.user.pk, report.pk)
    response = FileResponse(
        report.pdf.open("rb"),
        as_attachment=True,
        filename=f"laporan-harian-{slugify(report.office.name)}-{report.day}.pdf",
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@staff_required
@require_POST
def daily_report_generate(request, office_id):
    office = get_object_or_404(Office.objects.visible_to(request.user).active(), pk=office_id)
    report = generate_today(request.user, office)
    messages.success(
        request,
        _("Laporan harian %(office)s untuk hari ini sudah dibuat.") % {"office": office.name},
    )
    return redirect(f"{reverse('stats:daily_reports')}?kantor={report.office_id}")
