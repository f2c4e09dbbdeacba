"""The queue's "done" criterion, in the browser, at the demo's Kantor Desa Tawangrejo.

A citizen books a slot online, another takes a walk-in number at the kiosk; the booked one
checks in at the kiosk when the booked half hour has come; the officer calls next at
Loket 1 and gets the booked citizen first, then the walk-in; the display board shows the
called number; the day's statistics count two tickets.

The live server runs on the wall clock, which a test cannot freeze. So the office is made
open all day today (whatever the weekday or hour), and the booked slot is moved to the
present once it is booked, as if its time had come.
"""

import re
from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from balai.offices.constants import OfficeKind
from balai.offices.models import Office, OpeningHours
from balai.queues.demo import DEMO_OFFICE_REGION
from balai.queues.models import Booking, BookingSlot, Desk
from balai.queues.queries import local_now
from balai.workdays.calendar import is_working_day, local_date
from balai.workdays.constants import DayChange
from balai.workdays.models import CalendarDay

DEMO_OFFICER = "petugas.tawangrejo"
DEMO_PASSWORD = "balai-demo-2026"
GROUP_A = "A · Administrasi kependudukan"
TIMEOUT = 10_000


@pytest.fixture
def office(demo_data):
    """The demo village office, open from 00.00 to 23.59.59 every day, today included."""
    office = Office.objects.get(region_id=DEMO_OFFICE_REGION, kind=OfficeKind.VILLAGE)
    office.hours.all().delete()
    OpeningHours.objects.bulk_create(
        OpeningHours(office=office, weekday=weekday, opens=time(0), closes=time(23, 59, 59))
        for weekday in range(7)
    )
    today = local_date(timezone.now(), office)
    if not is_working_day(today, office):
        CalendarDay.objects.create(
            date=today, change=DayChange.OPEN, office=office, reason="Uji antrean"
        )
    return office


@pytest.fixture
def officer_page(browser):
    context = browser.new_context(locale="id-ID")
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    yield page
    context.close()


def move_slot_to_now(booking_code: str, office) -> None:
    """The booked half hour has come: the slot now runs from a few minutes ago."""
    local = local_now(office)
    midnight = datetime.combine(local.date(), time(0), tzinfo=local.tzinfo)
    starts = max(local - timedelta(minutes=5), midnight)
    ends = min(
        local + timedelta(minutes=25), midnight + timedelta(hours=23, minutes=59, seconds=59)
    )
    slot_id = Booking.objects.get(code=booking_code).slot_id
    BookingSlot.objects.filter(pk=slot_id).update(
        day=local.date(), starts=starts.time(), ends=ends.time()
    )


def book_online(page, base_url: str, office) -> str:
    """Book the first free slot of the next working day; returns the booking code."""
    page.goto(f"{base_url}/antrean/kantor/{office.pk}/pesan/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Pesan jadwal")
    page.get_by_label("Layanan").select_option(label=GROUP_A)
    # The second day offered: the first working day after today, which the demo filled.
    page.get_by_label("Tanggal").select_option(index=1)
    page.get_by_role("button", name="Lihat jadwal kosong").click()
    page.get_by_role("radio").first.check()
    page.get_by_role("button", name="Pesan", exact=True).click()
    expect(page).to_have_url(re.compile(r"/antrean/pesan/[0-9A-Z]+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Pemesanan jadwal")
    expect(page.get_by_text("Terpesan")).to_be_visible()
    return page.url.rstrip("/").rsplit("/", 1)[-1]


def take_walk_in_number(page, base_url: str, office) -> str:
    page.goto(f"{base_url}/antrean/kantor/{office.pk}/kios/")
    expect(page.get_by_role("heading", level=1)).to_have_text(office.name)
    page.get_by_role("button", name=re.compile("^" + re.escape(GROUP_A))).click()
    expect(page.get_by_text("Nomor antrean Anda")).to_be_visible()
    return page.locator(".number").inner_text().strip()


def check_in_at_kiosk(page, base_url: str, office, booking_code: str) -> str:
    page.goto(f"{base_url}/antrean/kantor/{office.pk}/kios/")
    page.get_by_label("Kode pemesanan").fill(booking_code)
    page.get_by_role("button", name="Lapor hadir").click()
    expect(page.get_by_text("Nomor antrean Anda")).to_be_visible()
    return page.locator(".number").inner_text().strip()


def people_ahead(page):
    """The "Di depan Anda" figure of a ticket page."""
    return page.locator("dt", has_text="Di depan Anda").locator("xpath=following-sibling::dd[1]")


def open_ticket_page(page) -> None:
    page.get_by_role("link", name="Lihat posisi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kantor Desa Tawangrejo")


def sign_in(page, base_url: str) -> None:
    page.goto(f"{base_url}/kerja/masuk/")
    page.get_by_label("Nama pengguna").fill(DEMO_OFFICER)
    page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page).to_have_url(f"{base_url}/kerja/")


def call_next(page) -> None:
    page.get_by_role("button", name="Panggil berikutnya").click()


def test_a_checked_in_booking_is_called_before_an_earlier_walk_in(
    live_server, page, phone_page, officer_page, office
):
    base = live_server.url
    booking_code = book_online(phone_page, base, office)

    walk_in = take_walk_in_number(page, base, office)
    open_ticket_page(page)
    expect(people_ahead(page)).to_have_text("0 orang")

    move_slot_to_now(booking_code, office)
    booked = check_in_at_kiosk(phone_page, base, office, booking_code)
    assert booked != walk_in
    # Inside its window the booking goes ahead of the walk-in who came earlier.
    open_ticket_page(phone_page)
    expect(people_ahead(phone_page)).to_have_text("0 orang")
    page.reload()
    expect(people_ahead(page)).to_have_text("1 orang")
    phone_page.goto(f"{base}/antrean/pesan/{booking_code}/")
    expect(phone_page.get_by_role("link", name=f"Lihat antrean nomor {booked}")).to_be_visible()

    desk = Desk.objects.get(office=office, name="Loket 1")
    sign_in(officer_page, base)
    officer_page.goto(f"{base}/kerja/antrean/loket/{desk.pk}/")
    expect(officer_page.get_by_role("heading", level=1)).to_have_text("Loket 1")
    expect(officer_page.get_by_text("2 nomor menunggu untuk loket ini")).to_be_visible()
    call_next(officer_page)
    expect(officer_page.get_by_text(f"Memanggil nomor {booked}.")).to_be_visible()
    expect(officer_page.locator(".console-number")).to_have_text(booked)
    expect(officer_page.get_by_text("Pesan online")).to_be_visible()

    board = page
    board.goto(f"{base}/antrean/kantor/{office.pk}/layar/")
    at_desk_1 = board.locator(".desk").filter(has=board.get_by_role("heading", name="Loket 1"))
    expect(at_desk_1).to_contain_text(booked)
    expect(board.get_by_role("region", name="Berikutnya").get_by_role("listitem")).to_have_text(
        [walk_in]
    )

    officer_page.get_by_role("button", name="Mulai layani").click()
    officer_page.get_by_role("button", name="Selesai", exact=True).click()
    call_next(officer_page)
    expect(officer_page.get_by_text(f"Memanggil nomor {walk_in}.")).to_be_visible()
    expect(officer_page.locator(".console-number")).to_have_text(walk_in)

    board.reload()
    expect(at_desk_1).to_contain_text(walk_in)
    expect(board.get_by_role("region", name="Berikutnya").get_by_role("listitem")).to_have_count(0)

    officer_page.goto(f"{base}/kerja/antrean/kantor/{office.pk}/statistik/")
    whole_office = officer_page.get_by_role("row", name=re.compile("^Seluruh kantor"))
    expect(whole_office.get_by_role("cell").nth(0)).to_have_text("2")
    expect(whole_office.get_by_role("cell").nth(1)).to_have_text("1")
