"""The daily report (laporan harian) of one office: its figures, and the PDF Typst makes of them.

Every figure comes from the rollups (`figures.total` and the rollup rows of the day), so a
report costs a handful of indexed reads whatever the office's history. The one look at raw
rows is the list of at most `OVERDUE_LISTED` overdue request codes, read through the inbox
index (open requests of one office, nearest deadline first).

The figures travel to the template as one JSON input, never pasted into its source: Typst
places each string as text, so an office or service name holding `#`, `*`, `]` or `$` is
printed as typed and cannot run as markup or code.
"""

import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

import typst
from django.conf import settings
from django.db.models import Sum
from django.utils import formats, translation
from django.utils.translation import gettext as _

from balai.cases.models import ServiceRequest
from balai.lib import codes
from balai.workdays.calendar import office_time_zone

from .constants import Grain
from .figures import REQUEST_FIELDS, Figures, scoped, total
from .models import BacklogStat
from .rollups import WAITING_STATUSES

__all__ = ["DailyData", "gather", "render_pdf"]

TEMPLATE = Path(__file__).parent / "templates" / "stats" / "daily_report.typ"
OVERDUE_LISTED = 20
ZONE_NAMES = {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}


@dataclass
class DailyData:
    """What the report of `office` on `day` says, before any formatting."""

    office_name: str
    day: date
    generated_at: datetime
    zone: str
    day_figures: Figures
    year_figures: Figures
    services: list[dict]
    backlog_day: date | None
    overdue_codes: list[str]


def gather(office, day: date, now: datetime) -> DailyData:
    scope = scoped(offices=[office.pk])
    return DailyData(
        office_name=office.name,
        day=day,
        generated_at=now,
        zone=office_time_zone(office),
        day_figures=total(scope, day, day),
        year_figures=total(scope, day.replace(month=1, day=1), day),
        services=_services_of_day(scope, day),
        backlog_day=_backlog_day(office, day),
        overdue_codes=_overdue_codes(office, day),
    )


def _services_of_day(scope, day: date) -> list[dict]:
    rows = (
        scope["requests"]
        .filter(grain=Grain.DAY, day=day)
        .values("service__name")
        .annotate(**{name: Sum(name) for name in REQUEST_FIELDS})
        .order_by("service__name")
    )
    return [row for row in rows if row["received"] or row["completed"] or row["steps_done"]]


def _backlog_day(office, day: date) -> date | None:
    latest = BacklogStat.objects.filter(office=office, day__lte=day).order_by("-day")
    return latest.values_list("day", flat=True).first()


def _overdue_codes(office, day: date) -> list[str]:
    rows = ServiceRequest.objects.filter(
        current_office=office, status__in=WAITING_STATUSES, current_due__lt=day
    ).order_by("current_due", "id")
    return [codes.display(code) for code in rows.values_list("code", flat=True)[:OVERDUE_LISTED]]


# Formatting -------------------------------------------------------------------------------


def number(value, places: int = 0) -> str:
    if value is None:
        return "–"
    return formats.number_format(Decimal(value), decimal_pos=places, use_l10n=True)


def percent(value) -> str:
    return "–" if value is None else f"{number(value, 1)}%"


def long_date(day: date) -> str:
    return formats.date_format(day, "l, j F Y")


def stamp(data: DailyData) -> str:
    local = data.generated_at.astimezone(ZoneInfo(data.zone))
    zone = ZONE_NAMES.get(data.zone, data.zone)
    return f"{formats.date_format(local, 'j F Y, H.i')} {zone}"


def payload(data: DailyData) -> dict:
    """Everything the template prints, as strings already formatted for Indonesian readers."""
    with translation.override(settings.LANGUAGE_CODE):
        day_label = long_date(data.day)
        return {
            "title": _("Laporan Harian Pelayanan"),
            "document_title": f"{_('Laporan Harian')} · {data.office_name} · {day_label}",
            "office": data.office_name,
            "day": day_label,
            "generated": _("Dibuat %(moment)s dari data rekap.") % {"moment": stamp(data)},
            "footer": f"{data.office_name} · {day_label}",
            "sections": [
                _incoming(data),
                _done(data),
                _late(data),
                _complaints(data),
                _queue(data),
                _ikm(data),
            ],
        }


def _section(title, pairs=(), header=(), rows=(), note=""):
    return {
        "title": str(title),
        "pairs": [[str(label), value] for label, value in pairs],
        "header": [str(text) for text in header],
        "rows": rows,
        "note": str(note),
    }


def _incoming(data):
    figures = data.day_figures
    return _section(
        _("Yang masuk hari ini"),
        pairs=[
            (_("Permohonan diterima"), number(figures.requests["received"])),
            (_("Pengaduan diterima"), number(figures.complaints["received"])),
        ],
        header=[_("Layanan"), _("Diterima"), _("Selesai")],
        rows=[
            [row["service__name"], number(row["received"]), number(row["completed"])]
            for row in data.services
        ],
        note="" if data.services else _("Tidak ada permohonan masuk atau selesai hari ini."),
    )


def _done(data):
    requests = data.day_figures.requests
    return _section(
        _("Yang diselesaikan"),
        pairs=[
            (_("Permohonan selesai"), number(requests["completed"])),
            (_("Tepat waktu"), number(requests["on_time"])),
            (_("Terlambat"), number(requests["late"])),
            (_("Persentase tepat waktu"), percent(data.day_figures.on_time_rate)),
            (_("Rata-rata lama proses (hari kerja)"), number(data.day_figures.mean_days, 1)),
            (_("Tahap selesai dikerjakan"), number(requests["steps_done"])),
            (_("Tahap terlambat"), number(requests["steps_late"])),
        ],
    )


def _late(data):
    backlog = data.day_figures.backlog
    if data.backlog_day is None:
        return _section(_("Tunggakan"), note=_("Belum ada rekap tunggakan."))
    note = _("Keadaan awal hari %(day)s.") % {"day": formats.date_format(data.backlog_day, "j F Y")}
    if data.overdue_codes:
        note += " " + _("Lewat batas (paling lama dahulu): %(codes)s") % {
            "codes": ", ".join(data.overdue_codes)
        }
    return _section(
        _("Tunggakan"),
        pairs=[
            (_("Permohonan terbuka"), number(backlog["open"])),
            (_("Lewat batas waktu"), number(backlog["overdue"])),
            (_("Umur 0–5 hari kerja"), number(backlog["age_0_5"])),
            (_("Umur 6–10 hari kerja"), number(backlog["age_6_10"])),
            (_("Umur 11–20 hari kerja"), number(backlog["age_11_20"])),
            (_("Umur lebih dari 20 hari kerja"), number(backlog["age_over_20"])),
        ],
        note=note,
    )


def _complaints(data):
    figures = data.day_figures
    complaints = figures.complaints
    return _section(
        _("Pengaduan"),
        pairs=[
            (_("Diverifikasi"), number(complaints["verified"])),
            (_("Diverifikasi tepat waktu (3 hari kerja)"), number(complaints["verified_in_time"])),
            (_("Ditindaklanjuti"), number(complaints["followed_up"])),
            (
                _("Ditindaklanjuti tepat waktu (5 hari kerja)"),
                number(complaints["followed_up_in_time"]),
            ),
            (_("Selesai"), number(complaints["resolved"])),
        ],
    )


def _queue(data):
    figures = data.day_figures
    return _section(
        _("Antrean"),
        pairs=[
            (_("Tiket diambil"), number(figures.queue["tickets"])),
            (_("Dilayani"), number(figures.queue["served"])),
            (_("Rata-rata waktu tunggu (menit)"), number(figures.mean_wait_minutes, 1)),
        ],
    )


def _ikm(data):
    ikm = data.year_figures.ikm
    return _section(
        _("Indeks Kepuasan Masyarakat tahun %(year)s sampai hari ini") % {"year": data.day.year},
        pairs=[
            (_("Responden"), number(ikm.respondents)),
            (_("IKM"), number(ikm.ikm, 2)),
            (_("Mutu pelayanan"), ikm.mutu or "–"),
        ],
    )


# Typesetting ------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def template_source() -> bytes:
    return TEMPLATE.read_bytes()


def render_pdf(data: DailyData) -> bytes:
    return typst.compile(
        template_source(),
        format="pdf",
        # The fonts built into Typst only: the same file on every server, and no font scan.
        ignore_system_fonts=True,
        sys_inputs={"data": json.dumps(payload(data), ensure_ascii=False)},
    )
