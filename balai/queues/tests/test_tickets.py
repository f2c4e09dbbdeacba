"""Tickets: numbers per office, prefix and day that restart daily and never repeat; taken
only while the office is open (working day, opening hours)."""

import threading

import pytest
from django.db import connection, connections

from balai.queues.constants import Action, Source, TicketStatus
from balai.queues.models import Ticket
from balai.queues.services import QueueError, issue_ticket
from balai.workdays.constants import DayChange
from balai.workdays.models import CalendarDay

from .conftest import DAY, build_queue, wib


def take(q, group=None, hour=9, minute=0, **extra):
    return issue_ticket(q.office, group or q.a, source=Source.KIOSK, now=wib(hour, minute), **extra)


def test_numbers_are_consecutive_per_prefix(queue):
    labels = [take(queue).label, take(queue).label, take(queue, queue.b).label, take(queue).label]
    assert labels == ["A001", "A002", "B001", "A003"]


def test_numbers_restart_the_next_day(queue):
    take(queue)
    take(queue)
    tomorrow = issue_ticket(
        queue.office, queue.a, source=Source.KIOSK, now=wib(9, day=DAY.replace(day=4))
    )
    assert tomorrow.label == "A001"
    assert tomorrow.day == DAY.replace(day=4)


def test_each_office_counts_its_own_numbers(queue, world):
    other = build_queue_for_desa_b(world)
    take(queue)
    assert issue_ticket(other.office, other.a, source=Source.KIOSK, now=wib(9)).label == "A001"


def build_queue_for_desa_b(world):
    from balai.queues.models import ServiceGroup

    group = ServiceGroup.objects.create(office=world.offices.desa_b, name="Umum", prefix="A")
    return type("Q", (), {"office": world.offices.desa_b, "a": group})


def test_a_ticket_gets_a_follow_code_and_an_issue_event(queue):
    ticket = take(queue, phone="0812-3456-7890")
    assert len(ticket.code) == 9
    assert ticket.phone == "+6281234567890"
    assert ticket.status == TicketStatus.WAITING
    assert list(ticket.events.values_list("action", flat=True)) == [Action.ISSUE]


def test_a_bad_phone_number_is_refused_with_a_clear_message(queue):
    with pytest.raises(QueueError, match="Nomor HP"):
        take(queue, phone="12345")
    assert not Ticket.objects.exists()


def test_no_tickets_before_opening_or_after_closing(queue):
    with pytest.raises(QueueError, match="tutup"):
        take(queue, hour=7, minute=59)
    with pytest.raises(QueueError, match="tutup"):
        take(queue, hour=15)


def test_tickets_are_taken_during_the_break(queue):
    assert take(queue, hour=12, minute=30).label == "A001"


def test_no_tickets_on_a_sunday_or_a_closed_day(queue):
    sunday = DAY.replace(day=1)
    with pytest.raises(QueueError):
        issue_ticket(queue.office, queue.a, source=Source.KIOSK, now=wib(9, day=sunday))
    CalendarDay.objects.create(
        date=DAY, change=DayChange.CLOSED, office=queue.office, reason="Banjir"
    )
    with pytest.raises(QueueError):
        take(queue)


def test_a_group_of_another_office_is_refused(queue, world):
    other = build_queue_for_desa_b(world)
    with pytest.raises(QueueError):
        issue_ticket(queue.office, other.a, source=Source.KIOSK, now=wib(9))


def test_a_service_outside_the_group_is_refused(queue):
    with pytest.raises(QueueError):
        take(queue, service=queue.domisili)


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_tickets_get_fifty_distinct_consecutive_numbers(world):
    if connection.vendor != "postgresql":
        pytest.skip("real concurrency needs PostgreSQL; SQLite serializes writers anyway")
    q = build_queue(world.offices.desa_a)
    barrier = threading.Barrier(50)
    numbers, errors = [], []

    def request_ticket():
        try:
            barrier.wait()
            numbers.append(take(q).number)
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=request_ticket) for _ in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(numbers) == list(range(1, 51))
    assert Ticket.objects.filter(office=q.office).count() == 50
