"""Pages: the officer console, the kiosk, the printed ticket, the citizen's ticket page,
the display board and booking; the outsider (officer of Desa B) gets 404."""

import re

import pytest
from django.urls import reverse

from balai.queues.constants import Action, Source, TicketStatus
from balai.queues.models import Booking, BookingSlot, Ticket
from balai.queues.services import call_next, issue_ticket, perform

from .conftest import DAY, wib


def take(q, group=None, **extra):
    return issue_ticket(q.office, group or q.a, source=Source.KIOSK, **extra)


def test_the_kiosk_gives_a_number_and_shows_the_printable_ticket(client, queue, at_nine):
    page = client.get(reverse("queues_public:kiosk", args=[queue.office.id]))
    assert page.status_code == 200
    assert "Administrasi kependudukan" in page.content.decode()
    response = client.post(
        reverse("queues_public:kiosk", args=[queue.office.id]),
        {"group": queue.a.id, "priority": "elderly", "phone": ""},
    )
    ticket = Ticket.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("queues_public:print", args=[ticket.code])
    assert (ticket.label, ticket.priority, ticket.source) == ("A001", "elderly", Source.KIOSK)
    printed = client.get(response.url).content.decode()
    assert "A001" in printed and "<svg" in printed and ticket.code in printed


def test_the_kiosk_says_so_when_the_office_is_closed(client, queue):
    import time_machine

    with time_machine.travel(wib(7), tick=False):
        response = client.post(
            reverse("queues_public:kiosk", args=[queue.office.id]), {"group": queue.a.id}
        )
    assert response.status_code == 200
    assert "tutup" in response.content.decode()
    assert not Ticket.objects.exists()


def test_the_ticket_page_shows_position_and_how_the_estimate_is_made(client, queue, at_nine):
    take(queue)
    mine = take(queue)
    page = client.get(reverse("queues_public:ticket", args=[mine.code])).content.decode()
    assert "A002" in page
    assert re.search(r"Di depan Anda</dt><dd>1 orang", page)
    assert "Perkiraan" in page and "loket" in page
    assert "Sebentar lagi giliran Anda" in page


def test_a_mistyped_ticket_code_is_404(client, queue):
    assert client.get(reverse("queues_public:ticket", args=["ABCDEFGH2"])).status_code == 404


def test_the_board_shows_numbers_at_desks_and_the_next_ones(client, queue, at_nine):
    take(queue)
    take(queue)
    call_next(queue.desk_1)
    page = client.get(reverse("queues_public:board", args=[queue.office.id])).content.decode()
    assert "Loket 1" in page and "A001" in page and "A002" in page
    assert 'http-equiv="refresh"' in page and "setTimeout" in page
    data = client.get(reverse("queues_public:board_data", args=[queue.office.id])).json()
    assert data["desks"][0] == {
        "id": queue.desk_1.id,
        "name": "Loket 1",
        "ticket": "A001",
        "status": "called",
    }
    assert data["next"] == ["A002"]


def test_the_board_data_takes_a_fixed_number_of_queries(
    client, queue, at_nine, django_assert_max_num_queries
):
    for _ in range(30):
        take(queue)
    with django_assert_max_num_queries(7):
        client.get(reverse("queues_public:board_data", args=[queue.office.id]))


def test_the_officer_calls_starts_and_finishes_from_the_console(client, world, queue, at_nine):
    take(queue)
    client.force_login(world.officer_a)
    console = reverse("queues:desk", args=[queue.desk_1.id])
    assert "Panggil berikutnya" in client.get(console).content.decode()
    client.post(reverse("queues:call_next", args=[queue.desk_1.id]))
    ticket = Ticket.objects.get()
    page = client.get(console).content.decode()
    assert "A001" in page and "Mulai layani" in page
    client.post(reverse("queues:act", args=[queue.desk_1.id, ticket.id, "start"]))
    page = client.get(console).content.decode()
    assert "/kerja/permohonan/baru/ktp-el-uji/" in page
    client.post(reverse("queues:act", args=[queue.desk_1.id, ticket.id, "finish"]))
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.DONE
    assert list(ticket.events.values_list("actor", flat=True)) == [None, *[world.officer_a.id] * 3]


def test_a_refused_action_is_explained_not_applied(client, world, queue, at_nine):
    ticket = take(queue)
    call_next(queue.desk_1)
    client.force_login(world.officer_a)
    response = client.post(
        reverse("queues:act", args=[queue.desk_1.id, ticket.id, "finish"]), follow=True
    )
    assert "tindakan ini tidak bisa dilakukan" in response.content.decode()
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.CALLED


def test_the_officer_transfers_a_ticket_from_the_console(client, world, queue, at_nine):
    ticket = take(queue)
    call_next(queue.desk_1)
    client.force_login(world.officer_a)
    client.post(
        reverse("queues:transfer", args=[queue.desk_1.id, ticket.id]), {"to_desk": queue.desk_2.id}
    )
    ticket.refresh_from_db()
    assert (ticket.status, ticket.for_desk) == (TicketStatus.WAITING, queue.desk_2)


def test_the_office_page_lists_the_line_and_issues_numbers(
    client, world, queue, at_nine, django_assert_max_num_queries
):
    for _ in range(5):
        take(queue)
    client.force_login(world.officer_a)
    url = reverse("queues:office", args=[queue.office.id])
    client.get(url)
    with django_assert_max_num_queries(14):
        page = client.get(url).content.decode()
    assert "A005" in page
    response = client.post(reverse("queues:issue", args=[queue.office.id]), {"group": queue.b.id})
    assert response.status_code == 302
    assert Ticket.objects.filter(prefix="B", source=Source.OFFICER).count() == 1


@pytest.mark.parametrize(
    "name, kwargs_of, method",
    [
        ("queues:office", lambda q, t: {"office_id": q.office.id}, "get"),
        ("queues:statistics", lambda q, t: {"office_id": q.office.id}, "get"),
        ("queues:issue", lambda q, t: {"office_id": q.office.id}, "post"),
        ("queues:check_in", lambda q, t: {"office_id": q.office.id}, "post"),
        ("queues:desk", lambda q, t: {"desk_id": q.desk_1.id}, "get"),
        ("queues:call_next", lambda q, t: {"desk_id": q.desk_1.id}, "post"),
        (
            "queues:act",
            lambda q, t: {"desk_id": q.desk_1.id, "ticket_id": t.id, "action": "start"},
            "post",
        ),
        ("queues:transfer", lambda q, t: {"desk_id": q.desk_1.id, "ticket_id": t.id}, "post"),
    ],
)
def test_the_outsider_gets_404_on_every_desa_a_staff_page(
    client, world, queue, at_nine, name, kwargs_of, method
):
    ticket = take(queue)
    client.force_login(world.officer_b)
    url = reverse(name, kwargs=kwargs_of(queue, ticket))
    assert getattr(client, method)(url).status_code == 404
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.WAITING


def test_the_queue_list_shows_the_outsider_nothing_of_desa_a(client, world, queue):
    client.force_login(world.officer_b)
    assert "Tawangrejo" not in client.get(reverse("queues:home")).content.decode()
    client.force_login(world.officer_a)
    assert "Tawangrejo" in client.get(reverse("queues:home")).content.decode()


def test_the_kecamatan_sees_the_queue_but_does_not_call(client, world, queue, at_nine):
    take(queue)
    client.force_login(world.kecamatan_operator)
    assert client.get(reverse("queues:desk", args=[queue.desk_1.id])).status_code == 200
    assert client.post(reverse("queues:call_next", args=[queue.desk_1.id])).status_code == 403


def test_a_citizen_books_a_slot_and_gets_a_check_in_code(client, queue, at_nine):
    slot = BookingSlot.objects.create(
        office=queue.office,
        group=queue.a,
        day=DAY,
        starts=wib(10).time(),
        ends=wib(10, 30).time(),
        capacity=3,
    )
    url = reverse("queues_public:book", args=[queue.office.id])
    page = client.get(url, {"layanan": queue.a.id, "tanggal": DAY.isoformat()}).content.decode()
    assert "10.00–10.30 (3)" in page
    response = client.post(
        url,
        {
            "layanan": queue.a.id,
            "tanggal": DAY.isoformat(),
            "slot": slot.id,
            "service": queue.ktp.id,
            "phone": "081234567890",
        },
    )
    booking = Booking.objects.get()
    assert response.url == reverse("queues_public:booking", args=[booking.code])
    assert booking.service == queue.ktp
    page = client.get(response.url).content.decode()
    assert booking.code[:4] in page and "09.30" in page
    assert "081234567890" not in page and "+6281234567890" not in page


def test_checking_in_at_the_kiosk_prints_a_ticket(client, queue, at_nine):
    from balai.queues.services import book_slot

    slot = BookingSlot.objects.create(
        office=queue.office,
        group=queue.a,
        day=DAY,
        starts=wib(9).time(),
        ends=wib(9, 30).time(),
        capacity=3,
    )
    with __import__("time_machine").travel(wib(8), tick=False):
        booking = book_slot(slot)
    response = client.post(
        reverse("queues_public:kiosk_check_in", args=[queue.office.id]),
        {"code": booking.display if False else str(booking)},
    )
    ticket = Ticket.objects.get()
    assert response.url == reverse("queues_public:print", args=[ticket.code])
    assert ticket.booking == booking


def test_statistics_page_shows_the_day(client, world, queue, at_nine):
    ticket = take(queue)
    call_next(queue.desk_1)
    perform(ticket.id, Action.START, desk=queue.desk_1)
    perform(ticket.id, Action.FINISH, desk=queue.desk_1)
    client.force_login(world.officer_a)
    page = client.get(reverse("queues:statistics", args=[queue.office.id])).content.decode()
    assert "Seluruh kantor" in page and "Loket 1" in page
