"""The SKM report as PDF, typeset by Typst from `templates/surveys/skm_report.typ`.

The figures travel to the template as one JSON input, never pasted into its source: Typst
places each string as text, so whatever an office name or a follow-up action contains
(`#`, `]`, `*`, `$`, `@`, `<`) is printed literally and cannot run as markup or code.
"""

import json
from functools import lru_cache
from pathlib import Path

import typst
from django.utils.formats import date_format

from .report import SkmReport, labels, number

TEMPLATE = Path(__file__).parent / "templates" / "surveys" / "skm_report.typ"


@lru_cache(maxsize=1)
def template_source() -> bytes:
    return TEMPLATE.read_bytes()


def render_pdf(report: SkmReport) -> bytes:
    return typst.compile(
        template_source(),
        format="pdf",
        # The fonts built into Typst only: the same file on every server, and no font scan.
        ignore_system_fonts=True,
        sys_inputs={"data": json.dumps(payload(report), ensure_ascii=False)},
    )


def payload(report: SkmReport) -> dict:
    """Everything the template prints, as strings already formatted for Indonesian readers."""
    names = labels()
    return {
        "labels": names,
        "document_title": f"{names['title']} · {report.office_name} · {report.period.label}",
        "office": report.office_name,
        "footer": f"{report.office_name} · {report.period.label}",
        "has_data": report.has_data,
        "no_data": names["no_data"],
        "identity": [
            [names["office"], report.office_name],
            [names["period"], report.period.label],
            [names["generated_on"], date_format(report.generated_on, "j F Y")],
        ],
        "summary": summary_rows(report, names),
        "elements": [
            [row.code, row.label, number(row.nrr, 4), number(row.weighted, 4), row.mutu]
            for row in report.elements
        ],
        "value_1_4": number(report.value_1_4, 4),
        "profile": [
            {"title": group.title, "counts": [[band, str(count)] for band, count in group.counts]}
            for group in report.profile
        ],
        "analysis": report.analysis,
        "follow_ups": [
            [row.element, row.action, row.owner, date_format(row.due_date, "j M Y"), row.status]
            for row in report.follow_ups
        ],
        "comments": report.comments,
    }


def summary_rows(report: SkmReport, names: dict) -> list[list[str]]:
    adequacy = report.adequacy
    sample = names["adequate"] if adequacy.adequate else names["not_adequate"]
    return [
        [names["respondents"], str(report.respondents)],
        [names["served"], str(adequacy.served)],
        [names["required"], str(adequacy.required)],
        [names["sample"], sample],
        [names["value_1_4"], number(report.value_1_4, 4)],
        [names["ikm"], number(report.ikm, 2)],
        [names["mutu"], report.mutu or "–"],
        [names["kinerja"], report.kinerja or "–"],
    ]
