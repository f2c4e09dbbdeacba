"""The published results: the kabupaten ranking, one office's page, and the open data.
Every figure below is worked out by hand from the responses the test makes."""

import csv
import io
from datetime import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from balai.cases.models import ServiceRequest
from balai.cases.tests.factories import filed_request, kk_service
from balai.offices.tests.factories import OfficeFactory
from balai.regions.tests.factories import official_region
from balai.surveys.constants import ELEMENTS, Element, FollowUpStatus
from balai.surveys.results import current_year
from balai.surveys.services import plan_follow_up, update_follow_up

from .factories import answers, response

pytestmark = pytest.mark.django_db

RESULTS = reverse("surveys_public:results")


def office_url(office):
    return reverse("surveys_public:office_results", kwargs={"office_id": office.pk})


@pytest.fixture
def rated(world):
    """Desa A: one respondent gives 4 everywhere, the other 3 and a 1 for time.

    NRR: waktu (4 + 1) / 2 = 2.5, persyaratan (4 + 3) / 2 = 3.5, the rest 3.5 too.
    Mean (8 × 3.5 + 2.5) / 9 = 3.38888… → value 3.3889, IKM 84.72 → mutu B (Baik).
    Kecamatan Jatirejo: one respondent with 4 everywhere → IKM 100.00, mutu A.
    """
    desa_a, kecamatan = world.offices.desa_a, world.offices.kecamatan
    response(desa_a, **answers(4))
    response(desa_a, **answers(3, waktu=1, persyaratan=3))
    response(kecamatan, **answers(4))
    return world


def test_the_ranking_shows_each_office_s_index_best_first(client, rated):
    page = client.get(RESULTS)

    assert page.status_code == 200
    html = page.content.decode()
    assert "100,00" in html and "84,72" in html
    assert html.index("Kantor Kecamatan Jatirejo") < html.index("Kantor Desa Tawangrejo")
    assert html.index("Kantor Desa Tawangrejo") < html.index("Kantor Desa Rejosari")


def test_offices_without_responses_are_marked_as_having_no_data(client, rated):
    html = client.get(RESULTS).content.decode()

    rows = html.split("<tr>")
    rejosari_row = next(row for row in rows if "Kantor Desa Rejosari" in row)
    assert "Belum ada data" in rejosari_row
    assert "<td>–</td>" in rejosari_row  # listed, but given no rank
    # Agencies and the regent's office are not ranked with villages and kecamatan.
    assert "Kantor Bupati Mojokerto" not in html


def test_the_ranking_reads_the_year_asked_for(client, rated):
    last_year = current_year() - 1
    early = timezone.make_aware(datetime(last_year, 3, 1, 9))
    response(rated.offices.desa_b, submitted_at=early, **answers(2))

    html = client.get(RESULTS, {"tahun": last_year}).content.decode()

    assert "50,00" in html  # 2 everywhere × 25
    assert "84,72" not in html


def test_the_ranking_is_paginated_by_twenty_five(client, world):
    for number in range(30):
        village = official_region(f"35.16.01.{2100 + number}", f"Desa Uji {number}")
        OfficeFactory(region=village, name=f"Kantor Desa Uji {number:02d}")

    first = client.get(RESULTS)
    second = client.get(RESULTS, {"page": 2})

    assert len(first.context["page"].object_list) == 25
    assert len(second.context["page"].object_list) == 35 - 25  # 30 + the 5 of the world


def test_the_ranking_costs_the_same_queries_however_many_offices(client, world):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(RESULTS).status_code == 200
        return len(captured)

    response(world.offices.desa_a, **answers(3))
    before = queries()
    for number in range(8):
        village = official_region(f"35.16.01.{2200 + number}", f"Desa Q {number}")
        response(OfficeFactory(region=village, name=f"Kantor Desa Q {number}"), **answers(2))

    assert queries() == before


def test_an_office_page_shows_index_value_category_and_sample(client, rated):
    request = filed_request(rated)
    ServiceRequest.objects.filter(pk=request.pk).update(completed_at=timezone.now())

    page = client.get(office_url(rated.offices.desa_a))

    assert page.status_code == 200
    html = page.content.decode()
    for figure in ("84,72", "3,3889", "Baik", "2,5000", "3,5000"):
        assert figure in html
    adequacy = page.context["adequacy"]
    assert (adequacy.served, adequacy.required, adequacy.responses) == (1, 1, 2)
    assert adequacy.adequate and "Tercukupi" in html
    assert request.applicant_name not in html


def test_an_office_page_draws_one_bar_per_element_scaled_to_four(client, rated):
    page = client.get(office_url(rated.offices.desa_a))

    bars = page.context["bars"]
    assert [bar["code"] for bar in bars] == [f"U{n}" for n in range(1, 10)]
    waktu = bars[list(ELEMENTS).index(Element.WAKTU)]
    assert waktu["width"] == 137.5  # 220 × 2.5 / 4
    html = page.content.decode()
    assert html.count("<rect ") == 9
    assert 'width="137.5"' in html  # never a decimal comma inside SVG


def test_an_office_page_says_when_the_sample_is_not_reached(client, rated):
    service = kk_service()
    for _ in range(3):
        request = filed_request(rated, service=service)
        ServiceRequest.objects.filter(pk=request.pk).update(completed_at=timezone.now())

    page = client.get(office_url(rated.offices.kecamatan))

    # The kecamatan's own requests: none completed, so none needed.
    assert page.context["adequacy"].required == 0
    page = client.get(office_url(rated.offices.desa_a))
    adequacy = page.context["adequacy"]
    assert (adequacy.served, adequacy.required, adequacy.missing) == (3, 3, 1)
    assert "Kurang 1 responden" in page.content.decode()


def test_an_office_page_lists_the_weakest_elements_with_their_follow_ups(client, rated):
    action = plan_follow_up(
        rated.kepala_desa_a,
        rated.offices.desa_a,
        Element.WAKTU,
        "Loket tambahan hari Senin.",
        "Kasi Pelayanan",
        timezone.localdate(),
        year=current_year(),
        note="Catatan internal petugas",
    )
    update_follow_up(rated.kepala_desa_a, action, FollowUpStatus.IN_PROGRESS)

    page = client.get(office_url(rated.offices.desa_a))

    weakest = page.context["weakest"]
    assert weakest[0]["label"] == Element.WAKTU.label
    assert [a.pk for a in weakest[0]["actions"]] == [action.pk]
    html = page.content.decode()
    assert "Loket tambahan hari Senin." in html and "Sedang dikerjakan" in html
    assert "Catatan internal petugas" not in html


def test_an_office_without_responses_shows_no_figures(client, world):
    page = client.get(office_url(world.offices.desa_b))

    assert page.status_code == 200
    assert "Belum ada data survei" in page.content.decode()
    assert page.context["bars"] == []


def test_an_unknown_or_inactive_office_has_no_results_page(client, world):
    world.offices.desa_b.active = False
    world.offices.desa_b.save()
    assert client.get(office_url(world.offices.desa_b)).status_code == 404
    assert client.get(reverse("surveys_public:office_results", args=[999999])).status_code == 404


def test_the_csv_lists_every_office_with_its_figures(client, rated):
    download = client.get(reverse("surveys_public:results_csv"))

    assert download.status_code == 200
    assert download["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(download.content.decode())))
    assert list(rows[0]) == (
        ["office_id", "office_name", "region_code", "year", "respondents"]
        + [f"nrr_{key}" for key in ELEMENTS]
        + ["value_1_4", "ikm", "mutu", "kinerja"]
    )
    by_name = {row["office_name"]: row for row in rows}
    desa_a = by_name["Kantor Desa Tawangrejo"]
    assert desa_a["office_id"] == str(rated.offices.desa_a.pk)
    assert desa_a["region_code"] == "35.16.01.2001"
    assert desa_a["year"] == str(current_year())
    assert (desa_a["respondents"], desa_a["nrr_waktu"], desa_a["nrr_biaya"]) == (
        "2",
        "2.5000",
        "3.5000",
    )
    assert (desa_a["value_1_4"], desa_a["ikm"], desa_a["mutu"], desa_a["kinerja"]) == (
        "3.3889",
        "84.72",
        "B",
        "Baik",
    )
    empty = by_name["Kantor Desa Rejosari"]
    assert (empty["respondents"], empty["ikm"], empty["mutu"]) == ("0", "", "")


def test_the_json_gives_the_same_figures_as_numbers(client, rated):
    data = client.get(reverse("surveys_public:results_json")).json()

    assert data["year"] == current_year()
    by_id = {office["office_id"]: office for office in data["offices"]}
    desa_a = by_id[rated.offices.desa_a.pk]
    assert desa_a["ikm"] == 84.72
    assert desa_a["value_1_4"] == 3.3889
    assert desa_a["nrr_waktu"] == 2.5
    assert (desa_a["respondents"], desa_a["mutu"], desa_a["kinerja"]) == (2, "B", "Baik")
    assert by_id[rated.offices.kecamatan.pk]["ikm"] == 100.0
    empty = by_id[rated.offices.desa_b.pk]
    assert (empty["respondents"], empty["ikm"], empty["nrr_waktu"]) == (0, None, None)


def test_open_data_holds_no_personal_data(client, rated):
    response(rated.offices.desa_a, comment="Nama saya Siti, antre lama", **answers(3))

    for name in ("surveys_public:results_csv", "surveys_public:results_json"):
        body = client.get(reverse(name)).content.decode()
        assert "Siti" not in body and "comment" not in body
