"""Public performance pages and open data: only complete months, only active offices."""

import csv
import io
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from balai.cases.tests.factories import kk_service
from balai.complaints.tests.factories import drain_category
from balai.stats.constants import NO_SERVICE, Grain
from balai.stats.models import ComplaintStat, RequestStat, SurveyStat
from balai.stats.transparency_views import DATA_COLUMNS
from balai.surveys.constants import ELEMENTS

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
PAGE = "/kinerja-layanan/"


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(NOW, tick=False):
        yield


def month_rows(office, month, service, requests=None, complaints=None, survey=None):
    """The month rows of one office, as the rollups keep them (with day rows beside)."""
    common = {"grain": Grain.MONTH, "day": month, "office": office, "region": office.region_id}
    if requests:
        RequestStat.objects.create(service=service, **common, **requests)
    if complaints:
        ComplaintStat.objects.create(category=drain_category(), **common, **complaints)
    if survey:
        value, respondents = survey
        SurveyStat.objects.create(
            service_key=NO_SERVICE,
            respondents=respondents,
            **dict.fromkeys(ELEMENTS, value * respondents),
            **common,
        )


@pytest.fixture
def published(world):
    """September and October of Desa A, and the running November (never published)."""
    service = kk_service()
    desa_a = world.offices.desa_a
    month_rows(
        desa_a,
        date(2026, 9, 1),
        service,
        requests={"received": 10, "completed": 10, "on_time": 10, "duration_days": 20},
    )
    month_rows(
        desa_a,
        date(2026, 10, 1),
        service,
        requests={"received": 8, "completed": 5, "on_time": 4, "late": 1, "duration_days": 16},
        complaints={
            "received": 3,
            "verified": 2,
            "verified_in_time": 2,
            "verify_days": 3,
            "followed_up": 2,
            "followed_up_in_time": 1,
            "follow_up_days": 11,
        },
        survey=(3, 4),
    )
    month_rows(desa_a, date(2026, 11, 1), service, requests={"received": 999, "completed": 999})
    RequestStat.objects.create(
        grain=Grain.DAY,
        day=date(2026, 11, 2),
        office=desa_a,
        region=desa_a.region_id,
        service=service,
        received=999,
        completed=999,
    )
    return service


def test_the_kabupaten_page_shows_the_last_complete_month_and_the_year(client, published):
    response = client.get(PAGE)
    assert response.status_code == 200
    october, year = response.context["month"], response.context["year_to_date"]
    assert october.requests["completed"] == 5 and october.on_time_rate == 80
    assert year.requests["completed"] == 15  # September and October, not November
    html = response.content.decode()
    assert "Oktober 2026" in html and not re.search(r">\s*999\s*<", html)
    assert "80,0%" in html
    # Complaint response: 1.5 days to verification (100 %), 5.5 to follow-up (50 %).
    assert "rata-rata 1,5 hari kerja; 100,0% dalam 3 hari kerja" in html
    assert "rata-rata 5,5 hari kerja; 50,0% dalam 5 hari kerja" in html
    assert "75.00" in html or "75,00" in html  # IKM of October's answers
    assert response["Cache-Control"] == "public, max-age=900"


def test_asking_for_the_running_month_shows_the_last_complete_one(client, published):
    response = client.get(PAGE, {"bulan": "2026-11"})
    html = response.content.decode()
    assert "belum selesai sehingga belum diterbitkan" in html
    assert response.context["month_value"] == "2026-10"
    # November's figures (999) appear nowhere as a value (office ids in links may hold 999).
    assert not re.search(r">\s*999\s*<", html)
    bad = client.get(PAGE, {"bulan": "kemarin"})
    assert "Bulan tidak dikenali" in bad.content.decode()


def test_an_earlier_month_can_be_chosen(client, published):
    response = client.get(PAGE, {"bulan": "2026-09"})
    assert response.context["month"].requests["completed"] == 10
    assert response.context["year_to_date"].requests["completed"] == 10


def test_the_office_page_shows_its_months(client, world, published):
    url = reverse("kinerja_publik:office", args=[world.offices.desa_a.pk])
    response = client.get(url)
    assert response.status_code == 200
    months = dict(response.context["months"])
    assert list(months)[-1] == "Oktober" and len(months) == 10
    assert months["September"].requests["completed"] == 10
    assert months["Oktober"].ikm.mutu == "C"
    assert "November" not in months


def test_inactive_offices_have_no_public_page_and_no_open_data(client, world, published):
    office = world.offices.desa_a
    office.active = False
    office.save()
    assert client.get(reverse("kinerja_publik:office", args=[office.pk])).status_code == 404
    rows = client.get(PAGE + "data.json").json()["rows"]
    assert rows and office.pk not in {row["office_id"] for row in rows}


def test_open_data_json_has_one_row_per_office_per_published_month(client, world, published):
    response = client.get(PAGE + "data.json")
    assert response["Cache-Control"] == "public, max-age=3600"
    payload = response.json()
    assert payload["year"] == 2026
    assert list(payload["columns"]) == [key for key, _meaning in DATA_COLUMNS]
    months = {row["month"] for row in payload["rows"]}
    assert months == {f"2026-{month:02d}" for month in range(1, 11)}
    offices = {row["office_id"] for row in payload["rows"]}
    assert len(payload["rows"]) == 10 * len(offices)
    october = next(
        row
        for row in payload["rows"]
        if row["office_id"] == world.offices.desa_a.pk and row["month"] == "2026-10"
    )
    assert october == {
        "office_id": world.offices.desa_a.pk,
        "office_name": "Kantor Desa Tawangrejo",
        "region_code": "35.16.01.2001",
        "month": "2026-10",
        "requests_received": 8,
        "requests_completed": 5,
        "requests_on_time": 4,
        "on_time_rate": 80.0,
        "mean_days": 3.2,
        "complaints_received": 3,
        "complaints_verified": 2,
        "complaints_verified_in_time": 2,
        "mean_verify_days": 1.5,
        "complaints_followed_up": 2,
        "complaints_followed_up_in_time": 1,
        "mean_follow_up_days": 5.5,
        "respondents": 4,
        "ikm": 75.0,
        "mutu": "C",
    }


def test_open_data_csv_matches_the_documented_columns(client, world, published):
    response = client.get(PAGE + "data.csv", {"tahun": "2026"})
    assert "kinerja-layanan-2026.csv" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert list(rows[0]) == [key for key, _meaning in DATA_COLUMNS]
    september = next(
        row
        for row in rows
        if row["office_id"] == str(world.offices.desa_a.pk) and row["month"] == "2026-09"
    )
    assert (september["on_time_rate"], september["mean_days"], september["ikm"]) == (
        "100.0",
        "2.0",
        "",
    )
    assert not any(value == "999" for row in rows for value in row.values())  # November


def test_open_data_refuses_a_bad_year_and_has_nothing_yet_for_a_future_one(client, published):
    response = client.get(PAGE + "data.csv", {"tahun": "20x6"})
    assert response.status_code == 400
    assert "Tahun tidak dikenali" in response.content.decode()
    assert client.get(PAGE + "data.json", {"tahun": "abc"}).status_code == 400
    assert client.get(PAGE + "data.json", {"tahun": "2027"}).json()["rows"] == []


def test_the_page_documents_the_columns_and_links_the_data(client, published):
    html = client.get(PAGE).content.decode()
    for key, _meaning in DATA_COLUMNS:
        assert f"<code>{key}</code>" in html
    assert 'href="/kinerja-layanan/data.csv?tahun=2026"' in html


def test_portal_and_survey_results_link_to_the_performance_pages(client, world):
    office = world.offices.desa_a
    office_page = reverse("kinerja_publik:office", args=[office.pk])
    assert PAGE in client.get(reverse("portal:home")).content.decode()
    assert office_page in client.get(reverse("portal:office", args=[office.pk])).content.decode()
    assert PAGE in client.get(reverse("surveys_public:results")).content.decode()
    results = client.get(reverse("surveys_public:office_results", args=[office.pk]))
    assert office_page in results.content.decode()
