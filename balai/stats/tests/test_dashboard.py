"""The staff dashboard: figures from rollup rows, drill-down, periods, scoping, downloads,
and the SVG charts it draws."""

import csv
import io
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from balai.cases.tests.factories import kk_service
from balai.complaints.tests.factories import drain_category
from balai.stats import charts
from balai.stats.constants import NO_SERVICE, Grain
from balai.stats.figures import figures_by_service, monthly_by_office, scoped
from balai.stats.models import (
    BacklogStat,
    ComplaintStat,
    RequestDuration,
    RequestStat,
    SurveyStat,
)
from balai.stats.periods import last_published_month, published_month, staff_period
from balai.surveys.constants import ELEMENTS

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
DASHBOARD = "/kerja/kinerja/"


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(NOW, tick=False):
        yield


def request_stat(office, day, service, grain=Grain.DAY, **counts):
    return RequestStat.objects.create(
        grain=grain, day=day, office=office, region=office.region_id, service=service, **counts
    )


def complaint_stat(office, day, grain=Grain.DAY, **counts):
    return ComplaintStat.objects.create(
        grain=grain,
        day=day,
        office=office,
        region=office.region_id,
        category=drain_category(),
        **counts,
    )


def survey_stat(office, day, value, respondents, grain=Grain.DAY, service_key=NO_SERVICE):
    return SurveyStat.objects.create(
        grain=grain,
        day=day,
        office=office,
        region=office.region_id,
        service_key=service_key,
        respondents=respondents,
        **dict.fromkeys(ELEMENTS, value * respondents),
    )


@pytest.fixture
def november(world):
    """Desa A: 4 in, 4 done, 3 on time, 10 working days; Desa B: 2 in, 1 done late."""
    service = kk_service()
    offices = world.offices
    request_stat(
        offices.desa_a,
        date(2026, 11, 3),
        service,
        received=4,
        completed=4,
        on_time=3,
        late=1,
        duration_days=10,
    )
    for days, count in ((2, 3), (4, 1)):
        RequestDuration.objects.create(
            grain=Grain.DAY,
            day=date(2026, 11, 3),
            office=offices.desa_a,
            region=offices.desa_a.region_id,
            service=service,
            days=days,
            requests=count,
        )
    request_stat(
        offices.desa_b, date(2026, 11, 5), service, received=2, completed=1, late=1, duration_days=7
    )
    request_stat(offices.kelurahan, date(2026, 11, 5), service, received=5)
    # October's month row: outside the default period.
    request_stat(offices.desa_a, date(2026, 10, 1), service, Grain.MONTH, received=100)
    complaint_stat(
        offices.desa_a,
        date(2026, 11, 4),
        received=2,
        verified=2,
        verified_in_time=1,
        verify_days=5,
        followed_up=1,
        followed_up_in_time=1,
        follow_up_days=3,
    )
    BacklogStat.objects.create(
        day=date(2026, 11, 23),
        office=offices.desa_a,
        region=offices.desa_a.region_id,
        service=service,
        open=6,
        overdue=2,
    )
    survey_stat(offices.desa_a, date(2026, 11, 10), 4, 2, service_key=service.pk)
    return service


def rows_by_label(response):
    return {row.label: row for row in response.context["rows"]}


# Periods -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "first", "last", "refused"),
    [
        ({}, date(2026, 11, 1), TODAY, False),
        ({"bulan": "2026-09"}, date(2026, 9, 1), date(2026, 9, 30), False),
        ({"bulan": "2026-02"}, date(2026, 2, 1), date(2026, 2, 28), False),
        ({"tahun": "2025"}, date(2025, 1, 1), date(2025, 12, 31), False),
        ({"tahun": "2026"}, date(2026, 1, 1), TODAY, False),
        ({"bulan": "2026-13"}, date(2026, 11, 1), TODAY, True),
        ({"bulan": "11-2026"}, date(2026, 11, 1), TODAY, True),
        ({"bulan": "2026-12"}, date(2026, 11, 1), TODAY, True),
        ({"bulan": "2010-01"}, date(2026, 11, 1), TODAY, True),
        ({"tahun": "dua ribu"}, date(2026, 11, 1), TODAY, True),
        ({"tahun": "2027"}, date(2026, 11, 1), TODAY, True),
        ({"tahun": "２０２６"}, date(2026, 11, 1), TODAY, True),
    ],
)
def test_staff_period_parses_month_or_year_and_falls_back(params, first, last, refused):
    period, error = staff_period(params, TODAY)
    assert (period.first, period.last) == (first, last)
    assert bool(error) is refused


def test_the_public_never_gets_the_running_month():
    assert last_published_month(TODAY) == date(2026, 10, 1)
    assert last_published_month(date(2027, 1, 5)) == date(2026, 12, 1)
    month, error = published_month({"bulan": "2026-11"}, TODAY)
    assert month == date(2026, 10, 1) and "belum selesai" in error
    assert published_month({"bulan": "2026-03"}, TODAY) == (date(2026, 3, 1), "")


def test_bad_period_shows_an_indonesian_message_and_the_running_month(client, world, november):
    client.force_login(world.admin)
    response = client.get(DASHBOARD, {"bulan": "2026-13"})
    assert response.status_code == 200
    assert "Bulan tidak dikenali" in response.content.decode()
    assert response.context["period"].first == date(2026, 11, 1)


# Drill-down ------------------------------------------------------------------------------


def test_the_kabupaten_view_groups_by_kecamatan(client, world, november):
    client.force_login(world.admin)
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    rows = rows_by_label(response)
    jatirejo = rows["Kecamatan Jatirejo"].values
    # Desa A and B: 6 in, 5 done, 3 on time = 60 %; 17 days / 5 = 3.4.
    assert (jatirejo["received"], jatirejo["completed"]) == (6, 5)
    assert jatirejo["on_time_rate"] == Decimal("60.0")
    assert jatirejo["mean_days"] == Decimal("3.4")
    assert rows["Kecamatan Mojosari"].values["received"] == 5
    # Offices serving the whole kabupaten have rows of their own.
    assert "Kantor Bupati Mojokerto" in rows
    total = response.context["area_total"].values
    assert total["received"] == 11  # October's 100 lie outside November
    html = response.content.decode()
    assert "60,0" in html and "?wilayah=35.16.01" in html


def test_a_kecamatan_groups_by_village_and_keeps_its_own_office(client, world, november):
    client.force_login(world.admin)
    response = client.get(DASHBOARD, {"wilayah": "35.16.01"})
    rows = rows_by_label(response)
    assert set(rows) == {"Desa Tawangrejo", "Desa Rejosari", "Kantor Kecamatan Jatirejo"}
    tawangrejo = rows["Desa Tawangrejo"].values
    assert tawangrejo["on_time_rate"] == Decimal("75.0")
    assert (tawangrejo["p90_days"], tawangrejo["backlog_open"], tawangrejo["backlog_overdue"]) == (
        4,
        6,
        2,
    )
    assert tawangrejo["complaints_received"] == 2
    assert tawangrejo["verified_in_time_rate"] == Decimal("50.0")
    assert tawangrejo["followed_up_in_time_rate"] == Decimal("100.0")
    assert (tawangrejo["mean_verify_days"], tawangrejo["mean_follow_up_days"]) == (
        Decimal("2.5"),
        Decimal("3.0"),
    )
    assert (tawangrejo["ikm"], tawangrejo["mutu"]) == (Decimal("100.00"), "A")


def test_a_village_groups_by_office_and_a_year_is_a_period(client, world, november):
    client.force_login(world.admin)
    response = client.get(DASHBOARD, {"wilayah": "35.16.01.2001", "tahun": "2026"})
    rows = rows_by_label(response)
    assert list(rows) == ["Kantor Desa Tawangrejo"]
    assert rows["Kantor Desa Tawangrejo"].values["received"] == 104  # October counts too
    assert rows["Kantor Desa Tawangrejo"].link == reverse(
        "kinerja:office", args=[world.offices.desa_a.pk]
    )


def test_an_unknown_or_province_region_is_404(client, world):
    client.force_login(world.admin)
    assert client.get(DASHBOARD, {"wilayah": "99.99.99"}).status_code == 404
    assert client.get(DASHBOARD, {"wilayah": "35"}).status_code == 404


def test_the_pekppp_pages_still_live_under_the_same_prefix(client, world):
    client.force_login(world.admin)
    assert reverse("performance:pekppp_list").startswith(DASHBOARD)
    assert client.get(reverse("performance:pekppp_list")).status_code == 200


# Scoping ----------------------------------------------------------------------------------


def test_a_village_officer_sees_only_their_office(client, world, november):
    client.force_login(world.officer_a)
    response = client.get(DASHBOARD)
    assert list(rows_by_label(response)) == ["Kantor Desa Tawangrejo"]
    html = response.content.decode()
    assert "Rejosari" not in html and "Kauman" not in html
    assert response.context["area_total"].values["received"] == 4


def test_the_outsider_gets_404_for_another_village_and_its_office(client, world, november):
    client.force_login(world.officer_b)
    assert client.get(DASHBOARD, {"wilayah": "35.16.01.2001"}).status_code == 404
    assert client.get(DASHBOARD, {"wilayah": "35.16.08"}).status_code == 404
    office_url = reverse("kinerja:office", args=[world.offices.desa_a.pk])
    assert client.get(office_url).status_code == 404
    assert client.get(office_url + "unduh.csv").status_code == 404
    assert client.get(office_url + "unduh.xlsx").status_code == 404
    # Their own kecamatan shows only their own village.
    response = client.get(DASHBOARD, {"wilayah": "35.16.01"})
    assert list(rows_by_label(response)) == ["Desa Rejosari"]
    assert response.context["area_total"].values["received"] == 2


def test_a_kecamatan_operator_starts_at_their_kecamatan(client, world, november):
    client.force_login(world.kecamatan_operator)
    rows = rows_by_label(client.get(DASHBOARD))
    assert set(rows) == {"Desa Tawangrejo", "Desa Rejosari", "Kantor Kecamatan Jatirejo"}


def test_anonymous_readers_are_sent_to_sign_in(client, world):
    response = client.get(DASHBOARD)
    assert response.status_code == 302 and "masuk" in response.url


def test_queue_tickets_and_mean_wait_come_from_the_queue_apps_day_figures(client, world, november):
    from django.utils import timezone

    from balai.queues.constants import StatScope
    from balai.queues.models import DailyQueueStat
    from balai.stats.rollups import reconcile

    for day, served, wait in ((date(2026, 11, 2), 2, 120), (date(2026, 11, 3), 2, 480)):
        DailyQueueStat.objects.create(
            office=world.offices.desa_a,
            day=day,
            scope=StatScope.OFFICE,
            key="office",
            tickets=served + 1,
            served=served,
            wait_mean_seconds=wait,
            computed_at=timezone.now(),
        )
    # The queue app's day figures reach the dashboard through the rollups.
    reconcile(date(2026, 11, 2), date(2026, 11, 3))
    client.force_login(world.officer_a)
    row = client.get(DASHBOARD).context["rows"][0].values
    assert (row["queue_tickets"], row["mean_wait_minutes"]) == (6, Decimal("5.0"))


# One office -------------------------------------------------------------------------------


def test_the_office_page_breaks_figures_down_by_service(client, world, november):
    other = kk_service(code="domisili")
    request_stat(world.offices.desa_a, date(2026, 11, 6), other, received=1, completed=1)
    survey_stat(world.offices.desa_a, date(2026, 11, 6), 3, 1)  # a kiosk answer
    client.force_login(world.officer_a)
    response = client.get(reverse("kinerja:office", args=[world.offices.desa_a.pk]))
    assert response.status_code == 200
    rows = {row.code: row.values for row in response.context["rows"]}
    assert rows[november.code]["received"] == 4
    assert rows[november.code]["on_time_rate"] == Decimal("75.0")
    assert rows["domisili"]["on_time_rate"] == Decimal("0.0")
    assert rows[""]["respondents"] == 1  # the kiosk row
    # Complaints and queue belong to the whole office, not to a service.
    assert rows[november.code]["complaints_received"] is None
    office_total = response.context["office_row"].values
    assert (office_total["received"], office_total["complaints_received"]) == (5, 2)


def test_figures_by_service_and_monthly_by_office(world, november):
    figures = figures_by_service(scoped(), date(2026, 11, 1), TODAY)
    assert figures[november.pk].requests["received"] == 11
    assert figures[november.pk].p90_days == 4
    assert figures[november.pk].backlog["open"] == 6
    assert figures[november.pk].respondents == 2
    office = world.offices.desa_a
    request_stat(office, date(2026, 9, 1), november, Grain.MONTH, received=7, completed=2)
    complaint_stat(office, date(2026, 9, 1), Grain.MONTH, received=3)
    survey_stat(office, date(2026, 9, 1), 3, 4, Grain.MONTH)
    monthly = monthly_by_office(scoped(), date(2026, 1, 1), date(2026, 10, 1))
    september = monthly[office.pk, date(2026, 9, 1)]
    assert september.requests["received"] == 7
    assert september.complaints["received"] == 3
    assert (september.respondents, str(september.ikm.ikm)) == (4, "75.00")
    # Day rows are not months: November's days are left out.
    assert set(monthly) == {(office.pk, date(2026, 9, 1)), (office.pk, date(2026, 10, 1))}


# Downloads --------------------------------------------------------------------------------


def test_the_csv_is_the_same_table_with_the_same_scope(client, world, november):
    client.force_login(world.officer_b)
    response = client.get(DASHBOARD + "unduh.csv", {"wilayah": "35.16.01"})
    assert response["Content-Type"].startswith("text/csv")
    assert "kinerja-35.16.01-2026-11.csv" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:4] == ["Desa/Kelurahan", "Kode", "Permohonan masuk", "Selesai"]
    assert rows[1][:5] == ["Desa Rejosari", "35.16.01.2002", "2", "1", "0.0"]
    assert len(rows) == 2


def test_the_xlsx_holds_numbers_and_plain_text(client, world, november):
    world.offices.desa_a.name = "=HYPERLINK(1)"
    world.offices.desa_a.save()
    client.force_login(world.officer_a)
    response = client.get(DASHBOARD + "unduh.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(row=3, column=3).value == "Permohonan masuk"
    assert sheet.cell(row=4, column=1).value == "=HYPERLINK(1)"
    assert sheet.cell(row=4, column=1).data_type == "s"
    assert sheet.cell(row=4, column=3).value == 4
    assert sheet.cell(row=4, column=5).value == 75
    assert sheet.max_row == 4


def test_the_office_downloads_list_the_services(client, world, november):
    client.force_login(world.officer_a)
    url = reverse("kinerja:office_csv", args=[world.offices.desa_a.pk])
    rows = list(csv.reader(io.StringIO(client.get(url, {"bulan": "2026-11"}).content.decode())))
    assert [row[0] for row in rows] == ["Layanan", "Seluruh layanan", november.name]


# Charts -----------------------------------------------------------------------------------


def test_the_dashboard_draws_both_charts(client, world, november):
    client.force_login(world.admin)
    html = client.get(DASHBOARD).content.decode()
    assert html.count("<svg") == 2
    assert "Permohonan masuk dan selesai per hari" in html
    assert "Persentase permohonan selesai tepat waktu" in html


def test_chart_labels_are_escaped_and_named_for_screen_readers():
    svg = str(
        charts.bar_chart(
            "uji",
            "Judul <b>",
            "Keterangan & lain",
            [("<script>alert(1)</script>", Decimal("50")), ("Kosong", None)],
        )
    )
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert '<title id="uji-title">Judul &lt;b&gt;</title>' in svg
    assert '<desc id="uji-desc">Keterangan &amp; lain</desc>' in svg
    assert 'aria-labelledby="uji-title uji-desc"' in svg
    assert "tidak ada data" in svg
    assert 'width="165.0"' in svg  # half of the bar area


def test_series_chart_draws_bars_for_a_month_and_lines_for_a_year():
    month = [date(2026, 11, day) for day in range(1, 31)]
    bars = str(charts.series_chart("a", "t", "d", month, [("Masuk", [1] * 30), ("<x>", [2] * 30)]))
    assert bars.count("<rect") == 2 + 60  # the legend, then two bars a day
    assert "&lt;x&gt;" in bars and "<x>" not in bars
    year = [date(2026, 1, 1).fromordinal(date(2026, 1, 1).toordinal() + n) for n in range(365)]
    lines = str(charts.series_chart("b", "t", "d", year, [("Masuk", [1] * 365)]))
    assert lines.count("<polyline") == 1 and "<rect" in lines


RAW_TABLES = (
    "cases_servicerequest",
    "cases_requeststep",
    "complaints_complaint",
    "complaints_complaintevent",
    "surveys_surveyresponse",
)


def test_the_pages_read_rollups_never_the_raw_tables(client, world, november):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.admin)
    urls = [
        DASHBOARD,
        DASHBOARD + "?tahun=2026",
        DASHBOARD + "unduh.xlsx",
        reverse("kinerja:office", args=[world.offices.desa_a.pk]),
        "/kinerja-layanan/",
        reverse("kinerja_publik:office", args=[world.offices.desa_a.pk]),
        "/kinerja-layanan/data.json",
    ]
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        sql = " ".join(query["sql"] for query in queries.captured_queries)
        assert not [table for table in RAW_TABLES if f'"{table}"' in sql], url
