"""Online booking: slots per service group and day with a capacity; the check-in code
turns a booking into a ticket ahead of walk-ins inside its window; late arrivals join the
walk-in line."""

from datetime import time

import pytest

from balai.queues.constants import BookingStatus, Source, TicketStatus
from balai.queues.models import BookingSlot
from balai.queues.services import (
    ActionRefused,
    QueueError,
    SlotFull,
    book_slot,
    call_next,
    cancel_booking,
    check_in,
    create_slots,
    expire_stale,
    issue_ticket,
)

from .conftest import DAY, wib

MONDAY = DAY.replace(day=2)
SUNDAY = DAY.replace(day=1)


def slot_at(q, hour, capacity=2):
    return BookingSlot.objects.create(
        office=q.office,
        group=q.a,
        day=DAY,
        starts=time(hour),
        ends=time(hour, 30),
        capacity=capacity,
    )


def test_slots_follow_the_opening_hours_and_skip_days_off(queue):
    slots = create_slots(queue.a, DAY, minutes=60, capacity=3)
    assert [(s.starts.hour, s.ends.hour) for s in slots] == [
        (8, 9),
        (9, 10),
        (10, 11),
        (11, 12),
        (13, 14),
        (14, 15),
    ]
    assert create_slots(queue.a, SUNDAY) == []
    assert len(create_slots(queue.a, DAY, minutes=60)) == 6
    assert BookingSlot.objects.filter(day=DAY).count() == 6


def test_a_slot_never_takes_more_than_its_capacity(queue):
    slot = slot_at(queue, 10, capacity=2)
    first = book_slot(slot, now=wib(8))
    book_slot(slot, now=wib(8))
    with pytest.raises(SlotFull):
        book_slot(slot, now=wib(8))
    slot.refresh_from_db()
    assert slot.booked == 2
    assert len(first.code) == 9


def test_a_cancelled_booking_frees_its_place(queue):
    slot = slot_at(queue, 10, capacity=1)
    booking = book_slot(slot, now=wib(8))
    cancel_booking(booking)
    slot.refresh_from_db()
    assert slot.booked == 0
    book_slot(slot, now=wib(8))
    with pytest.raises(ActionRefused):
        cancel_booking(booking)


def test_a_past_slot_cannot_be_booked(queue):
    with pytest.raises(QueueError, match="lewat"):
        book_slot(slot_at(queue, 9), now=wib(9, 5))


def test_checking_in_on_time_goes_ahead_of_walk_ins(queue):
    booking = book_slot(slot_at(queue, 9), phone="081234567890", service=queue.ktp, now=wib(7))
    walk_in = issue_ticket(queue.office, queue.a, source=Source.KIOSK, now=wib(8, 50))
    ticket = check_in(queue.office, booking.code.lower(), now=wib(8, 55))
    assert ticket.ahead_from == wib(9)
    assert ticket.service == queue.ktp
    assert ticket.phone == "+6281234567890"
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CHECKED_IN
    assert call_next(queue.desk_1, now=wib(9, 1)) == ticket
    assert call_next(queue.desk_2, now=wib(9, 2)) == walk_in


def test_a_late_arrival_falls_back_to_the_walk_in_line(queue):
    booking = book_slot(slot_at(queue, 9), now=wib(7))
    walk_in = issue_ticket(queue.office, queue.a, source=Source.KIOSK, now=wib(9, 40))
    late = check_in(queue.office, booking.code, now=wib(9, 50))  # window 9.00–9.30, grace 15 min
    assert late.ahead_from is None
    assert "Terlambat" in late.events.get().note
    assert call_next(queue.desk_1, now=wib(9, 55)) == walk_in


def test_check_in_refuses_too_early_another_day_and_a_second_time(queue):
    booking = book_slot(slot_at(queue, 11), now=wib(7))
    with pytest.raises(QueueError, match="Terlalu awal"):
        check_in(queue.office, booking.code, now=wib(10))
    with pytest.raises(QueueError, match="tanggal"):
        check_in(queue.office, booking.code, now=wib(11, day=DAY.replace(day=4)))
    check_in(queue.office, booking.code, now=wib(10, 45))
    with pytest.raises(ActionRefused):
        check_in(queue.office, booking.code, now=wib(10, 46))


def test_a_mistyped_or_foreign_code_is_refused(queue, world):
    booking = book_slot(slot_at(queue, 9), now=wib(7))
    with pytest.raises(QueueError, match="tidak sah"):
        check_in(queue.office, booking.code[:-1] + ("A" if booking.code[-1] != "A" else "B"))
    with pytest.raises(QueueError, match="tidak ada"):
        check_in(world.offices.desa_b, booking.code, now=wib(9))


def test_at_closing_waiting_tickets_become_no_shows_and_unused_bookings_missed(queue):
    ticket = issue_ticket(queue.office, queue.a, source=Source.KIOSK, now=wib(9))
    booking = book_slot(slot_at(queue, 10), now=wib(7))
    assert expire_stale(now=wib(14, 59)) == 0
    assert expire_stale(now=wib(15, 1)) == 1
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.NO_SHOW
    expire_stale(now=wib(9, day=DAY.replace(day=4)))
    booking.refresh_from_db()
    assert booking.status == BookingStatus.MISSED
