"""The SKM report as an XLSX workbook: the same figures as the PDF, as numbers to reuse.

Sheets: summary (with the analysis), the nine elements, the respondent profile, the
follow-up plan and, for staff, the comments. Figures are numeric cells; every text from the
database is written as a plain string, so a text starting with "=" never becomes a formula.
"""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from .report import SkmReport, labels

NRR_FORMAT = "0.0000"
IKM_FORMAT = "0.00"
DATE_FORMAT = "yyyy-mm-dd"
BOLD = Font(bold=True)
# Where the summary sheet puts its figures (column B), so readers and tests find them.
SUMMARY_ROWS = (
    "respondents",
    "served",
    "required",
    "sample",
    "value_1_4",
    "ikm",
    "mutu",
    "kinerja",
)
SUMMARY_FIRST_ROW = 6
ELEMENT_FIRST_ROW = 2


def render_xlsx(report: SkmReport) -> bytes:
    names = labels()
    workbook = Workbook()
    summary_sheet(workbook.active, report, names)
    elements_sheet(workbook.create_sheet(), report, names)
    profile_sheet(workbook.create_sheet(), report, names)
    follow_up_sheet(workbook.create_sheet(), report, names)
    if report.comments:
        sheet = workbook.create_sheet(sheet_title(names["comments"]))
        for row, comment in enumerate(report.comments, 1):
            put_text(sheet.cell(row=row, column=1), comment)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def sheet_title(text: str) -> str:
    """Excel refuses sheet names over 31 characters."""
    return str(text)[:31]


def put_text(cell, value) -> None:
    """A string stays a string: no formula, no characters XLSX cannot hold."""
    cell.value = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    cell.data_type = "s"


def put_number(cell, value, number_format: str | None) -> None:
    cell.value = value
    if number_format:
        cell.number_format = number_format


def summary_sheet(sheet, report: SkmReport, names: dict) -> None:
    sheet.title = sheet_title(names["summary"])
    sheet["A1"] = names["title"]
    sheet["A1"].font = BOLD
    for row, (key, value) in enumerate(
        (("office", report.office_name), ("period", report.period.label)), 2
    ):
        sheet.cell(row=row, column=1, value=names[key])
        put_text(sheet.cell(row=row, column=2), value)
    sheet.cell(row=4, column=1, value=names["generated_on"])
    put_number(sheet.cell(row=4, column=2), report.generated_on, DATE_FORMAT)
    for row, (key, value, number_format) in enumerate(
        summary_values(report, names), SUMMARY_FIRST_ROW
    ):
        sheet.cell(row=row, column=1, value=names[key])
        if isinstance(value, str):
            put_text(sheet.cell(row=row, column=2), value)
        else:
            put_number(sheet.cell(row=row, column=2), value, number_format)
    analysis_row = SUMMARY_FIRST_ROW + len(SUMMARY_ROWS) + 1
    sheet.cell(row=analysis_row, column=1, value=names["analysis"]).font = BOLD
    for offset, sentence in enumerate(report.analysis, 1):
        put_text(sheet.cell(row=analysis_row + offset, column=1), sentence)
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 40


def summary_values(report: SkmReport, names: dict) -> list[tuple]:
    adequacy = report.adequacy
    values = {
        "respondents": (report.respondents, "0"),
        "served": (adequacy.served, "0"),
        "required": (adequacy.required, "0"),
        "sample": (names["adequate"] if adequacy.adequate else names["not_adequate"], None),
        "value_1_4": (report.value_1_4, NRR_FORMAT),
        "ikm": (report.ikm, IKM_FORMAT),
        "mutu": (report.mutu, None),
        "kinerja": (report.kinerja, None),
    }
    return [(key, *values[key]) for key in SUMMARY_ROWS]


def elements_sheet(sheet, report: SkmReport, names: dict) -> None:
    sheet.title = sheet_title(names["elements"])
    header(sheet, [names[key] for key in ("code", "element", "nrr", "weighted", "element_mutu")])
    for row, element in enumerate(report.elements, ELEMENT_FIRST_ROW):
        sheet.cell(row=row, column=1, value=element.code)
        sheet.cell(row=row, column=2, value=element.label)
        put_number(sheet.cell(row=row, column=3), element.nrr, NRR_FORMAT)
        put_number(sheet.cell(row=row, column=4), element.weighted, NRR_FORMAT)
        sheet.cell(row=row, column=5, value=element.mutu)
    total_row = ELEMENT_FIRST_ROW + len(report.elements)
    sheet.cell(row=total_row, column=2, value=names["total"]).font = BOLD
    put_number(sheet.cell(row=total_row, column=4), report.value_1_4, NRR_FORMAT)
    sheet.cell(row=total_row + 1, column=2, value=names["ikm"]).font = BOLD
    put_number(sheet.cell(row=total_row + 1, column=4), report.ikm, IKM_FORMAT)
    sheet.column_dimensions["B"].width = 44
    sheet.column_dimensions["D"].width = 18


def profile_sheet(sheet, report: SkmReport, names: dict) -> None:
    sheet.title = sheet_title(names["profile"])
    row = 1
    for group in report.profile:
        sheet.cell(row=row, column=1, value=group.title).font = BOLD
        sheet.cell(row=row, column=2, value=names["respondents"]).font = BOLD
        for band, count in group.counts:
            row += 1
            sheet.cell(row=row, column=1, value=band)
            sheet.cell(row=row, column=2, value=count)
        row += 2
    sheet.column_dimensions["A"].width = 30


def follow_up_sheet(sheet, report: SkmReport, names: dict) -> None:
    sheet.title = sheet_title(names["follow_ups"])
    header(sheet, [names[key] for key in ("element", "action", "owner", "due_date", "status")])
    for row, action in enumerate(report.follow_ups, 2):
        sheet.cell(row=row, column=1, value=action.element)
        put_text(sheet.cell(row=row, column=2), action.action)
        put_text(sheet.cell(row=row, column=3), action.owner)
        put_number(sheet.cell(row=row, column=4), action.due_date, DATE_FORMAT)
        sheet.cell(row=row, column=5, value=action.status)
    sheet.column_dimensions["B"].width = 60


def header(sheet, titles: list[str]) -> None:
    for column, title in enumerate(titles, 1):
        sheet.cell(row=1, column=column, value=title).font = BOLD
