"""The SKM report: its figures against a hand computation, the PDF and the XLSX files, who
may download them, and office or follow-up texts that look like Typst markup.

Hand example (Desa A, last year), three respondents:
  R1 (March) 4 everywhere; R2 (March) 3 everywhere but waktu 1; R3 (July) 2 everywhere but
  biaya 4.
  NRR: waktu (4 + 1 + 2) / 3 = 2.3333, biaya (4 + 3 + 4) / 3 = 3.6667, the seven others
  (4 + 3 + 2) / 3 = 3.0000. Mean (7 × 3 + 7/3 + 11/3) / 9 = 27 / 9 = 3.0000 → IKM 75.00,
  mutu C (65.00–76.60), "Kurang Baik". Weighted (× 1/9): 0.3333, 0.2593 (7/27), 0.4074
  (11/27). Per element: waktu 58.33 → D, biaya 91.67 → A, the others 75.00 → C.
  Two requests completed that year: Krejcie–Morgan needs 2 (1.9948 rounded), 3 answered.
  Quarter I only (R1, R2): waktu 2.5, the others 3.5 → 3.3889, IKM 84.72, mutu B.
"""

import json
import re
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO

import pytest
import typst
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from balai.cases.models import ServiceRequest
from balai.cases.tests.factories import filed_request, kk_service
from balai.surveys.constants import Element, FollowUpStatus
from balai.surveys.models import FollowUpAction
from balai.surveys.report import Period, build_report
from balai.surveys.report_pdf import payload, render_pdf, template_source
from balai.surveys.report_xlsx import (
    ELEMENT_FIRST_ROW,
    SUMMARY_FIRST_ROW,
    SUMMARY_ROWS,
    render_xlsx,
)
from balai.surveys.results import current_year
from balai.surveys.services import plan_follow_up, update_follow_up

from .factories import answers, response

pytestmark = pytest.mark.django_db

YEAR = current_year() - 1
INJECTION = 'Kantor #sys.exit() ] * $x$ @ref <label> \\ "q" _u_ // `c` = [a]'


def at(month, day=10):
    return timezone.make_aware(datetime(YEAR, month, day, 9))


@pytest.fixture
def rated(world):
    desa_a = world.offices.desa_a
    first = {"age_band": "20-29", "sex": "p", "education": "sma", "occupation": "petani"}
    response(desa_a, submitted_at=at(3), comment="Antrean lama", **first, **answers(4))
    second = {"age_band": "20-29", "sex": "l", "comment": "Petugas ramah"}
    response(desa_a, submitted_at=at(3, 20), **second, **answers(3, waktu=1))
    response(desa_a, submitted_at=at(7), **answers(2, biaya=4))
    # Not counted: another year, another office.
    response(desa_a, submitted_at=timezone.make_aware(datetime(YEAR - 1, 12, 31, 9)), **answers(1))
    response(world.offices.desa_b, submitted_at=at(3), **answers(1))
    service = kk_service()
    for _ in range(2):
        request = filed_request(world, service=service)
        ServiceRequest.objects.filter(pk=request.pk).update(completed_at=at(5))
    return world


def follow_ups(world, done=1, planned=1):
    actions = []
    for number in range(done + planned):
        actions.append(
            plan_follow_up(
                world.kepala_desa_a,
                world.offices.desa_a,
                Element.WAKTU,
                f"Tambah petugas loket {number}",
                "Kasi Pelayanan",
                date(YEAR, 9, 30),
                year=YEAR,
            )
        )
    for action in actions[:done]:
        update_follow_up(world.kepala_desa_a, action, FollowUpStatus.DONE)
    return actions


def test_the_report_figures_equal_the_hand_computation(rated):
    follow_ups(rated)
    report = build_report(rated.offices.desa_a, Period(YEAR))

    assert report.respondents == 3
    nrr = {row.key: row.nrr for row in report.elements}
    assert nrr["waktu"] == Decimal("2.3333")
    assert nrr["biaya"] == Decimal("3.6667")
    assert nrr["persyaratan"] == nrr["sarana"] == Decimal("3.0000")
    weighted = {row.key: row.weighted for row in report.elements}
    assert (weighted["waktu"], weighted["biaya"], weighted["prosedur"]) == (
        Decimal("0.2593"),
        Decimal("0.4074"),
        Decimal("0.3333"),
    )
    mutu = {row.key: row.mutu for row in report.elements}
    assert (mutu["waktu"], mutu["biaya"], mutu["produk"]) == ("D", "A", "C")
    assert [row.code for row in report.elements] == [f"U{n}" for n in range(1, 10)]
    assert (report.value_1_4, report.ikm) == (Decimal("3.0000"), Decimal("75.00"))
    assert (report.mutu, report.kinerja) == ("C", "Kurang Baik")
    adequacy = report.adequacy
    assert (adequacy.served, adequacy.required, adequacy.responses) == (2, 2, 3)
    assert [row.key for row in report.weakest] == ["waktu", "persyaratan", "prosedur"]


def test_the_profile_counts_each_band_and_the_unanswered(rated):
    report = build_report(rated.offices.desa_a, Period(YEAR))

    age, sex, education, occupation = (dict(group.counts) for group in report.profile)
    assert age["20–29 tahun"] == 2 and age["Tidak diisi"] == 1
    assert sum(age.values()) == 3
    assert (sex["Laki-laki"], sex["Perempuan"], sex["Tidak diisi"]) == (1, 1, 1)
    assert (education["SMA/SMK"], education["Tidak diisi"]) == (1, 2)
    assert (occupation["Petani/nelayan"], occupation["Tidak diisi"]) == (1, 2)


def test_the_analysis_is_written_from_the_figures(rated):
    follow_ups(rated, done=1, planned=1)
    report = build_report(rated.offices.desa_a, Period(YEAR))

    summary, sample, weakest, follow_up = report.analysis
    assert "75,00" in summary and "mutu C" in summary and "3 responden" in summary
    assert "memenuhi sampel minimal 2" in sample
    assert weakest.startswith("Unsur dengan NRR terendah: U3 Waktu penyelesaian (2,3333)")
    assert "8 unsur bermutu C atau D" in weakest
    assert follow_up == f"1 dari 2 rencana tindak lanjut tahun {YEAR} sudah selesai."


def test_a_quarter_counts_only_its_months(rated):
    report = build_report(rated.offices.desa_a, Period(YEAR, quarter=1))

    assert report.respondents == 2
    assert (report.ikm, report.mutu) == (Decimal("84.72"), "B")
    assert report.period.label == f"Triwulan I {YEAR}"
    assert report.adequacy.served == 0  # both requests were completed in May


def test_a_period_without_responses_has_no_index(world):
    report = build_report(world.offices.desa_a, Period(YEAR))

    assert not report.has_data and report.ikm is None and report.elements == []
    assert report.analysis == [
        "Belum ada responden pada periode ini, sehingga IKM belum dapat dihitung."
    ]
    assert render_pdf(report).startswith(b"%PDF")
    assert load_workbook(BytesIO(render_xlsx(report))).worksheets[0]["A1"].value


def test_comments_only_when_asked(rated):
    assert build_report(rated.offices.desa_a, Period(YEAR)).comments == []
    staff = build_report(rated.offices.desa_a, Period(YEAR), with_comments=True)
    assert staff.comments == ["Antrean lama", "Petugas ramah"]


# The files -----------------------------------------------------------------------------


def page_count(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b", pdf))


def typst_texts(report) -> list[str]:
    """Every text Typst laid out in headings, tables and lists, as it will print them."""
    inputs = {"data": json.dumps(payload(report), ensure_ascii=False)}
    found = []
    for selector in ("heading", "table", "list"):
        tree = typst.query(template_source(), selector, ignore_system_fonts=True, sys_inputs=inputs)
        found += re.findall(r'"text": ("(?:[^"\\]|\\.)*")', tree)
    return [json.loads(text) for text in found]


def test_the_pdf_names_the_office_and_prints_the_figures(rated):
    follow_ups(rated)
    report = build_report(rated.offices.desa_a, Period(YEAR))

    pdf = render_pdf(report)

    assert pdf.startswith(b"%PDF")
    assert page_count(pdf) >= 1
    assert b"Kantor Desa Tawangrejo" in pdf  # document title and outline are plain strings
    texts = typst_texts(report)
    for figure in ("Kantor Desa Tawangrejo", "2,3333", "3,6667", "0,2593", "3,0000", "75,00"):
        assert figure in texts
    assert "Kurang Baik" in texts and "Tambah petugas loket 0" in texts


def test_the_xlsx_holds_the_nrr_and_the_index_in_their_cells(rated):
    follow_ups(rated)
    report = build_report(rated.offices.desa_a, Period(YEAR))

    workbook = load_workbook(BytesIO(render_xlsx(report)))
    summary, elements, profile, plan = workbook.worksheets[:4]

    assert summary["B2"].value == "Kantor Desa Tawangrejo"
    ikm_row = SUMMARY_FIRST_ROW + SUMMARY_ROWS.index("ikm")
    value_row = SUMMARY_FIRST_ROW + SUMMARY_ROWS.index("value_1_4")
    assert summary.cell(row=ikm_row, column=2).value == 75
    assert summary.cell(row=value_row, column=2).value == 3
    assert summary.cell(row=SUMMARY_FIRST_ROW, column=2).value == 3  # respondents
    waktu_row = ELEMENT_FIRST_ROW + 2  # U3
    assert elements.cell(row=waktu_row, column=1).value == "U3"
    assert elements.cell(row=waktu_row, column=3).value == pytest.approx(2.3333)
    assert elements.cell(row=waktu_row, column=4).value == pytest.approx(0.2593)
    assert elements.cell(row=ELEMENT_FIRST_ROW + 3, column=3).value == pytest.approx(3.6667)
    assert elements.cell(row=ELEMENT_FIRST_ROW + 9, column=4).value == 3  # Σ = value 1–4
    assert elements.cell(row=ELEMENT_FIRST_ROW + 10, column=4).value == 75  # IKM
    assert plan["B2"].value == "Tambah petugas loket 0"
    assert profile["A1"].value == "Umur"


def test_markup_in_database_texts_is_printed_literally(rated):
    office = rated.offices.desa_a
    office.name = INJECTION
    office.save(update_fields=["name"])
    (action,) = follow_ups(rated, done=0, planned=1)
    FollowUpAction.objects.filter(pk=action.pk).update(
        action='#panic("x") ]] $ * <l> @r', owner='=HYPERLINK("http://x")'
    )
    response(office, submitted_at=at(4), comment='#read("/etc/passwd") ]', **answers(3))
    report = build_report(office, Period(YEAR), with_comments=True)

    pdf = render_pdf(report)

    assert pdf.startswith(b"%PDF") and page_count(pdf) >= 1
    texts = typst_texts(report)
    assert INJECTION in texts
    assert '#panic("x") ]] $ * <l> @r' in texts
    assert '#read("/etc/passwd") ]' in texts
    workbook = load_workbook(BytesIO(render_xlsx(report)))
    plan = workbook.worksheets[3]
    assert plan["C2"].value == '=HYPERLINK("http://x")'
    assert plan["C2"].data_type == "s"  # a string, never a formula
    assert workbook.worksheets[0]["B2"].value == INJECTION


# Who may download ------------------------------------------------------------------------


def report_url(name, office, year=YEAR, **query):
    url = reverse(f"surveys:{name}", kwargs={"office_id": office.pk, "year": year})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.mark.parametrize(("name", "magic"), [("report_pdf", b"%PDF"), ("report_xlsx", b"PK")])
def test_the_office_s_staff_download_the_report(client, rated, name, magic):
    client.force_login(rated.officer_a)

    got = client.get(report_url(name, rated.offices.desa_a))

    assert got.status_code == 200
    assert got.content.startswith(magic)
    assert f"laporan-skm-{rated.offices.desa_a.pk}-{YEAR}" in got["Content-Disposition"]
    assert got["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("name", ["report_pdf", "report_xlsx"])
def test_an_outsider_gets_404(client, rated, name):
    client.force_login(rated.officer_b)

    assert client.get(report_url(name, rated.offices.desa_a)).status_code == 404
    assert client.get(report_url(name, rated.offices.desa_b)).status_code == 200


def test_anonymous_visitors_are_sent_to_sign_in(client, rated):
    got = client.get(report_url("report_pdf", rated.offices.desa_a))
    assert got.status_code == 302 and "masuk" in got["Location"]


def test_a_month_or_quarter_narrows_the_report_and_bad_input_is_explained(client, rated):
    client.force_login(rated.officer_a)
    office = rated.offices.desa_a

    month = client.get(report_url("report_xlsx", office, bulan=7))
    assert load_workbook(BytesIO(month.content)).worksheets[0]["B6"].value == 1
    assert client.get(report_url("report_pdf", office, bulan=13)).status_code == 400
    wrong = client.get(report_url("report_pdf", office, bulan="tujuh"))
    assert wrong.status_code == 400 and "angka" in wrong.content.decode()
    both = client.get(report_url("report_pdf", office, bulan=1, triwulan=1))
    assert both.status_code == 400
    assert client.get(report_url("report_pdf", office, year=current_year() + 1)).status_code == 404


def test_the_staff_survey_page_lists_visible_offices_with_report_links(client, rated):
    client.force_login(rated.officer_b)

    html = client.get(reverse("surveys:index"), {"tahun": YEAR}).content.decode()

    assert "Kantor Desa Rejosari" in html
    assert "Kantor Desa Tawangrejo" not in html
    assert report_url("report_pdf", rated.offices.desa_b) in html
    assert report_url("report_xlsx", rated.offices.desa_b) in html


def test_the_public_results_page_links_the_published_pdf(client, rated):
    office = rated.offices.desa_a
    pdf_url = reverse(
        "surveys_public:office_report_pdf", kwargs={"office_id": office.pk, "year": YEAR}
    )
    page = client.get(
        reverse("surveys_public:office_results", kwargs={"office_id": office.pk}),
        {"tahun": YEAR},
    )
    assert pdf_url in page.content.decode()

    got = client.get(pdf_url)

    assert got.status_code == 200 and got.content.startswith(b"%PDF")
    assert "Cache-Control" not in got or "private" not in got["Cache-Control"]


def test_the_public_pdf_lists_no_comments(rated):
    office = rated.offices.desa_a
    report = build_report(office, Period(YEAR))
    assert "Antrean lama" not in typst_texts(report)
