"""The daily report: figures from the rollups, the PDF, the half-hourly job, the archive."""

import hashlib
import json
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
import typst
from django.urls import reverse

from balai.cases.tests.factories import kk_service
from balai.catalog.models import Service
from balai.complaints.tests.factories import drain_category
from balai.notifications.models import Message
from balai.offices.models import Office
from balai.stats.constants import Grain
from balai.stats.daily_report import gather, payload, template_source
from balai.stats.models import (
    BacklogStat,
    ComplaintStat,
    DailyReport,
    QueueStat,
    RequestDuration,
    RequestStat,
    SurveyStat,
)
from balai.stats.services import generate_daily_report, send_daily_report
from balai.stats.tasks import send_daily_reports
from balai.surveys.constants import ELEMENTS

MONDAY = date(2026, 11, 23)
WIB = ZoneInfo("Asia/Jakarta")
INJECTION = 'Kantor #sys.exit() ] * $x$ @ref <label> \\ "q" _u_ // `c` = [a]'


def wib(day, hour, minute=0):
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=WIB)


@pytest.fixture(autouse=True)
def private_files_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.DAILY_REPORT_HOUR = 16


@pytest.fixture
def heads_with_email(world):
    for user in (world.kepala_desa_a, world.lurah):
        user.email = f"{user.username}@desa.example"
        user.save(update_fields=["email"])
    return world


def rollup(model, office, day, grain=Grain.DAY, **fields):
    return model.objects.create(
        grain=grain, day=day, office=office, region=office.region_id, **fields
    )


def answers(value):
    return dict.fromkeys(ELEMENTS, value)


@pytest.fixture
def figures_of_desa_a(world):
    """Rollup rows of Desa A around Monday 23 November 2026, and noise that must not count."""
    office, other = world.offices.desa_a, world.offices.desa_b
    kk, letter = kk_service(), kk_service(code="sk-uji")
    rollup(
        RequestStat,
        office,
        MONDAY,
        service=kk,
        received=3,
        completed=2,
        on_time=1,
        late=1,
        duration_days=5,
        steps_done=4,
        steps_late=1,
    )
    rollup(RequestStat, office, MONDAY, service=letter, received=1)
    rollup(RequestStat, office, date(2026, 11, 20), service=kk, received=9, completed=9)
    rollup(RequestStat, other, MONDAY, service=kk, received=50)
    rollup(RequestDuration, office, MONDAY, service=kk, days=2, requests=1)
    rollup(RequestDuration, office, MONDAY, service=kk, days=3, requests=1)
    category = drain_category()
    rollup(
        ComplaintStat,
        office,
        MONDAY,
        category=category,
        received=2,
        verified=2,
        verified_in_time=1,
        followed_up=1,
        followed_up_in_time=1,
        resolved=1,
    )
    # The year to date: January to October as month rows, November as day rows.
    rollup(
        SurveyStat,
        office,
        date(2026, 3, 1),
        Grain.MONTH,
        service_key=kk.pk,
        respondents=2,
        **dict.fromkeys(ELEMENTS, 8),
    )
    rollup(
        SurveyStat,
        office,
        date(2026, 11, 2),
        service_key=kk.pk,
        respondents=2,
        **dict.fromkeys(ELEMENTS, 6),
    )
    rollup(
        SurveyStat,
        office,
        date(2025, 12, 1),
        Grain.MONTH,
        service_key=kk.pk,
        respondents=40,
        **dict.fromkeys(ELEMENTS, 40),
    )
    for day, open_ in ((date(2026, 11, 20), 99), (MONDAY, 7)):
        BacklogStat.objects.create(
            day=day,
            office=office,
            region=office.region_id,
            service=kk,
            open=open_,
            overdue=2,
            age_0_5=4,
            age_6_10=1,
            age_11_20=1,
            age_over_20=1,
        )
    QueueStat.objects.create(
        grain=Grain.DAY,
        day=MONDAY,
        office=office,
        region=office.region_id,
        tickets=12,
        served=10,
        wait_seconds=3000,  # ten served, five minutes each on average
    )
    return world


def test_the_figures_come_from_the_rollups_of_the_day_and_the_year(figures_of_desa_a):
    data = gather(figures_of_desa_a.offices.desa_a, MONDAY, wib(MONDAY, 16, 5))

    day = data.day_figures
    assert day.requests["received"] == 4 and day.requests["completed"] == 2
    assert (day.requests["on_time"], day.requests["late"], day.requests["steps_done"]) == (1, 1, 4)
    assert day.complaints["received"] == 2 and day.complaints["verified_in_time"] == 1
    assert day.backlog["open"] == 7 and data.backlog_day == MONDAY
    assert day.queue["tickets"] == 12 and day.mean_wait_minutes == 5
    assert [row["service__name"] for row in data.services] == sorted(
        Service.objects.values_list("name", flat=True)
    )
    ikm = data.year_figures.ikm
    assert ikm.respondents == 4  # 2026 only: December 2025 is another year
    assert ikm.ikm == 87.5  # answers 4, 4, 3, 3 → NRR 3.5 → 87.5


def test_the_payload_speaks_indonesian(figures_of_desa_a):
    data = gather(figures_of_desa_a.offices.desa_a, MONDAY, wib(MONDAY, 16, 5))

    printed = payload(data)

    assert printed["day"] == "Senin, 23 November 2026"
    assert "23 November 2026, 16.05 WIB" in printed["generated"]
    pairs = {label: value for section in printed["sections"] for label, value in section["pairs"]}
    assert pairs["Permohonan diterima"] == "4"
    assert pairs["Persentase tepat waktu"] == "50,0%"
    assert pairs["Lewat batas waktu"] == "2"
    assert pairs["IKM"] == "87,50" and pairs["Mutu pelayanan"] == "B"
    assert pairs["Rata-rata waktu tunggu (menit)"] == "5,0"


def typst_texts(data) -> list[str]:
    """Every text Typst laid out in headings and tables, as it will print them."""
    inputs = {"data": json.dumps(payload(data), ensure_ascii=False)}
    found = []
    for selector in ("heading", "table"):
        tree = typst.query(template_source(), selector, ignore_system_fonts=True, sys_inputs=inputs)
        found += re.findall(r'"text": ("(?:[^"\\]|\\.)*")', tree)
    return [json.loads(text) for text in found]


def test_the_pdf_is_archived_and_rewritten_on_a_second_run(
    figures_of_desa_a, django_capture_on_commit_callbacks
):
    office = figures_of_desa_a.offices.desa_a

    with django_capture_on_commit_callbacks(execute=True):
        first = generate_daily_report(office, MONDAY)
    first_name = first.pdf.name
    body = first.pdf.read()
    with django_capture_on_commit_callbacks(execute=True):
        second = generate_daily_report(office, MONDAY)

    assert body.startswith(b"%PDF")
    assert first.sha256 == hashlib.sha256(body).hexdigest()
    assert second.pk == first.pk and DailyReport.objects.count() == 1
    assert second.pdf.name != first_name
    assert not second.pdf.storage.exists(first_name)
    assert second.pdf.storage.exists(second.pdf.name)
    assert "media" not in second.pdf.path  # never under the publicly served folder


def test_markup_in_names_is_printed_literally(world):
    office = world.offices.desa_a
    office.name = INJECTION
    office.save(update_fields=["name"])
    service = kk_service()
    Service.objects.filter(pk=service.pk).update(name=f"Surat {INJECTION}")
    rollup(RequestStat, office, MONDAY, service=service, received=1)

    data = gather(Office.objects.get(pk=office.pk), MONDAY, wib(MONDAY, 16))
    texts = typst_texts(data)

    assert INJECTION in texts
    assert f"Surat {INJECTION}" in texts
    assert generate_daily_report(office, MONDAY).pdf.read().startswith(b"%PDF")


# The half-hourly job -------------------------------------------------------------------------


def daily_messages():
    return Message.objects.filter(template="daily_report")


def test_before_the_hour_nothing_is_made(heads_with_email):
    with time_machine.travel(wib(MONDAY, 15, 59), tick=False):
        assert send_daily_reports.call() == 0
    assert not DailyReport.objects.exists()


def test_after_the_hour_each_office_gets_one_report_and_its_head_one_message(
    heads_with_email,
):
    world = heads_with_email
    offices = Office.objects.active().count()

    with time_machine.travel(wib(MONDAY, 16, 30), tick=False):
        assert send_daily_reports.call() == offices
        assert send_daily_reports.call() == 0  # the worker runs again: nothing more

    assert DailyReport.objects.filter(day=MONDAY, sent_at__isnull=False).count() == offices
    messages = daily_messages()
    assert sorted(messages.values_list("recipient", flat=True)) == sorted(
        [world.kepala_desa_a.email, world.lurah.email]
    )
    message = messages.get(recipient=world.lurah.email)
    assert "Senin, 23 November 2026" in message.subject
    assert "/kerja/laporan-harian/?kantor=" in message.body


def test_a_report_made_by_hand_is_still_sent_once_at_the_hour(heads_with_email):
    office = heads_with_email.offices.desa_a
    generate_daily_report(office, MONDAY, now=wib(MONDAY, 10))

    assert send_daily_report(office, MONDAY, now=wib(MONDAY, 16, 30))
    assert not send_daily_report(office, MONDAY, now=wib(MONDAY, 17))
    assert daily_messages().count() == 1
    assert DailyReport.objects.get().generated_at == wib(MONDAY, 16, 30)


@pytest.mark.parametrize(
    "moment",
    [wib(date(2026, 11, 28), 17), wib(date(2026, 12, 25), 17)],  # a Saturday, Christmas
    ids=["weekend", "holiday"],
)
def test_no_report_on_a_day_off(heads_with_email, moment):
    with time_machine.travel(moment, tick=False):
        assert send_daily_reports.call() == 0
    assert not DailyReport.objects.exists() and not daily_messages().exists()


# The archive ---------------------------------------------------------------------------------


@pytest.fixture
def reports(world):
    return {
        "a": generate_daily_report(world.offices.desa_a, MONDAY),
        "a_october": generate_daily_report(world.offices.desa_a, date(2026, 10, 30)),
        "b": generate_daily_report(world.offices.desa_b, MONDAY),
    }


def pdf_url(report):
    return reverse("stats:daily_report_pdf", kwargs={"pk": report.pk})


def test_the_outsider_cannot_download_and_the_office_can(client, world, reports):
    client.force_login(world.officer_b)
    assert client.get(pdf_url(reports["a"])).status_code == 404

    client.force_login(world.officer_a)
    response = client.get(pdf_url(reports["a"]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["Cache-Control"] == "private, no-store"


def listed(client, **query):
    response = client.get(reverse("stats:daily_reports"), query)
    assert response.status_code == 200
    return [report.pk for report in response.context["page"].object_list], response


def test_the_archive_lists_only_visible_offices_and_filters(client, world, reports):
    client.force_login(world.officer_a)
    assert set(listed(client)[0]) == {reports["a"].pk, reports["a_october"].pk}
    assert listed(client, bulan="2026-10")[0] == [reports["a_october"].pk]
    assert listed(client, kantor=world.offices.desa_b.pk)[0] == []

    client.force_login(world.kecamatan_operator)  # Jatirejo sees both of its villages
    assert set(listed(client, bulan="2026-11")[0]) == {reports["a"].pk, reports["b"].pk}

    _pks, response = listed(client, bulan="November")
    assert "Bulan ditulis sebagai tahun-bulan" in response.content.decode()


def test_only_the_head_makes_todays_report_by_hand(client, world):
    url = reverse("stats:daily_report_generate", kwargs={"office_id": world.offices.desa_a.pk})

    client.force_login(world.officer_b)
    assert client.post(url).status_code == 404
    client.force_login(world.officer_a)
    assert client.post(url).status_code == 403
    assert client.get(reverse("stats:daily_reports")).context["headed"].count() == 0
    client.force_login(world.kepala_desa_a)
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302

    report = DailyReport.objects.get()
    assert report.office == world.offices.desa_a and report.sent_at is None
