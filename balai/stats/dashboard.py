"""The staff dashboard's tables: one row per group of a drill-down, the same for HTML,
CSV and XLSX.

Drill-down: the reader's area grouped by kecamatan, a kecamatan by village, a village by
office. Offices that sit above the level being grouped (a kecamatan office among its
villages, a kabupaten agency among the kecamatan) are shown as rows of their own. Every
row comes from `figures` over rollups of `Office.objects.visible_to(user)` only.
"""

import csv
import io
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from balai.catalog.models import Service
from balai.offices.models import Office
from balai.regions.constants import Level
from balai.regions.models import Region

from .constants import NO_SERVICE
from .figures import GROUPS, Figures, figures_by, figures_by_service, scoped

ONE_PLACE = Decimal("0.1")
# The level each region's page groups by: None is the reader's whole area.
GROUPING = {None: "kecamatan", Level.DISTRICT: "village", Level.VILLAGE: "office"}
# Columns that describe a whole office, not one service.
OFFICE_WIDE = {
    "complaints_received",
    "verified_in_time_rate",
    "followed_up_in_time_rate",
    "mean_verify_days",
    "mean_follow_up_days",
    "queue_tickets",
    "mean_wait_minutes",
}
COLUMNS = (
    ("received", gettext_lazy("Permohonan masuk")),
    ("completed", gettext_lazy("Selesai")),
    ("on_time_rate", gettext_lazy("Tepat waktu (%)")),
    ("mean_days", gettext_lazy("Rata-rata hari kerja")),
    ("p90_days", gettext_lazy("P90 hari kerja")),
    ("backlog_open", gettext_lazy("Tunggakan terbuka")),
    ("backlog_overdue", gettext_lazy("Tunggakan lewat batas")),
    ("complaints_received", gettext_lazy("Pengaduan masuk")),
    ("verified_in_time_rate", gettext_lazy("Verifikasi tepat waktu (%)")),
    ("followed_up_in_time_rate", gettext_lazy("Tindak lanjut tepat waktu (%)")),
    ("mean_verify_days", gettext_lazy("Rata-rata hari ke verifikasi")),
    ("mean_follow_up_days", gettext_lazy("Rata-rata hari ke tindak lanjut")),
    ("queue_tickets", gettext_lazy("Tiket antrean")),
    ("mean_wait_minutes", gettext_lazy("Rata-rata tunggu (menit)")),
    ("respondents", gettext_lazy("Responden SKM")),
    ("ikm", gettext_lazy("IKM")),
    ("mutu", gettext_lazy("Mutu")),
)


def rounded(value, places=ONE_PLACE):
    return None if value is None else Decimal(value).quantize(places)


def values_of(figures: Figures, per_service: bool = False) -> dict:
    """The printed figures of one row, rounded as shown; None where there is nothing to show."""
    ikm = figures.ikm
    values = {
        "received": figures.requests["received"],
        "completed": figures.requests["completed"],
        "on_time_rate": rounded(figures.on_time_rate),
        "mean_days": rounded(figures.mean_days),
        "p90_days": figures.p90_days,
        "backlog_open": figures.backlog["open"],
        "backlog_overdue": figures.backlog["overdue"],
        "complaints_received": figures.complaints["received"],
        "verified_in_time_rate": rounded(figures.verified_in_time_rate),
        "followed_up_in_time_rate": rounded(figures.followed_up_in_time_rate),
        "mean_verify_days": rounded(figures.mean_verify_days),
        "mean_follow_up_days": rounded(figures.mean_follow_up_days),
        "queue_tickets": figures.queue["tickets"],
        "mean_wait_minutes": rounded(figures.mean_wait_minutes),
        "respondents": figures.respondents,
        "ikm": ikm.ikm,
        "mutu": ikm.mutu,
    }
    if per_service:
        values.update(dict.fromkeys(OFFICE_WIDE))
    return values


@dataclass
class Row:
    label: str
    code: str  # a region code, an office id or a service code: what the row stands for
    figures: Figures
    link: str = ""  # the query (`?wilayah=…`) or path that opens the row
    per_service: bool = False

    @property
    def values(self) -> dict:
        return values_of(self.figures, self.per_service)

    @property
    def cells(self) -> list:
        return list(self.values.values())


def region_link(code: str) -> str:
    return f"{reverse('kinerja:dashboard')}?{urlencode({'wilayah': code})}"


def office_link(office_id: int) -> str:
    return reverse("kinerja:office", args=[office_id])


def start_region(offices) -> Region | None:
    """The narrowest kecamatan or village holding every office the reader sees.

    A village officer starts at their village and a kecamatan operator at their kecamatan,
    rather than at a kabupaten table of a single row.
    """
    codes = set(offices.values_list("region_id", flat=True).distinct())
    for length in (GROUPS["village"], GROUPS["kecamatan"]):
        prefixes = {code[:length] for code in codes}
        if len(prefixes) == 1 and all(len(code) >= length for code in codes):
            return Region.objects.filter(code=prefixes.pop()).first()
    return None


def region_rows(offices, region: Region | None, first, last) -> list[Row]:
    """Rows of the reader's offices within `region` (None: all of them), one per group."""
    level = GROUPING[region.level if region else None]
    prefix = region.code if region else ""
    inside = within(offices, prefix)
    if level == "office":
        return office_rows(inside, first, last)
    # Grouped in the database by a part of the region code (tens of groups back, not
    # thousands of per-office rows); the few offices above the level (the agencies, or the
    # kecamatan office among its villages) get rows of their own from a second, small read.
    figures = figures_by(scoped(offices=inside, region_prefix=prefix), first, last, level)
    length = GROUPS[level]
    codes = {code[:length] for code in inside.values_list("region_id", flat=True)}
    names = {r.code: str(r) for r in Region.objects.filter(code__in=codes)}
    rows = [
        Row(names.get(code, code), code, figures.get(code, Figures()), region_link(code))
        for code in sorted(code for code in codes if len(code) >= length)
    ]
    above = inside.filter(region_id__in=[code for code in codes if len(code) < length])
    return rows + office_rows(above, first, last)


def within(offices, prefix: str):
    """The offices in the region `prefix` or below it (all of them for "")."""
    if not prefix:
        return offices
    return offices.filter(Q(region_id=prefix) | Q(region__code__startswith=f"{prefix}."))


def office_rows(offices, first, last) -> list[Row]:
    offices = list(offices.order_by("region_id", "name", "pk"))
    if not offices:
        return []
    figures = figures_by(scoped(offices=offices), first, last, "office")
    return [
        Row(office.name, str(office.pk), figures.get(office.pk, Figures()), office_link(office.pk))
        for office in offices
    ]


def service_rows(office: Office, first, last) -> list[Row]:
    """One row per service the office had work or answers for in the period."""
    figures = figures_by_service(scoped(offices=[office.pk]), first, last)
    services = Service.objects.filter(pk__in=[key for key in figures if key != NO_SERVICE])
    rows = [
        Row(service.name, service.code, figures[service.pk], per_service=True)
        for service in services.order_by("name", "pk")
    ]
    if NO_SERVICE in figures:
        rows.append(
            Row(_("Tanpa layanan (survei kios)"), "", figures[NO_SERVICE], per_service=True)
        )
    return rows


# Downloads ------------------------------------------------------------------------------


def headers(first_label: str) -> list[str]:
    return [first_label, _("Kode"), *(str(label) for _key, label in COLUMNS)]


def as_csv(first_label: str, rows: list[Row]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers(first_label))
    for row in rows:
        writer.writerow(
            [row.label, row.code, *("" if value is None else value for value in row.cells)]
        )
    return buffer.getvalue()


def as_xlsx(title: str, first_label: str, rows: list[Row]) -> bytes:
    """Figures as numbers; every text as a plain string, so "=…" never becomes a formula."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Kinerja")
    _text(sheet.cell(row=1, column=1), title)
    sheet.cell(row=1, column=1).font = Font(bold=True)
    for column, header in enumerate(headers(first_label), 1):
        _text(sheet.cell(row=3, column=column), header)
        sheet.cell(row=3, column=column).font = Font(bold=True)
    for number, row in enumerate(rows, 4):
        _text(sheet.cell(row=number, column=1), row.label)
        _text(sheet.cell(row=number, column=2), row.code)
        for column, value in enumerate(row.cells, 3):
            cell = sheet.cell(row=number, column=column)
            if isinstance(value, str):
                _text(cell, value)
            elif value is not None:
                cell.value = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _text(cell, value) -> None:
    cell.value = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    cell.data_type = "s"
