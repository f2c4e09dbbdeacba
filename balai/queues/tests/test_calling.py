"""Serving: call-next follows the rules (booked tickets inside their window, then priority,
then walk-ins by number); the transition table refuses the rest; two desks calling at
the same moment never get the same ticket."""

import threading

import pytest
from django.db import connection, connections

from balai.queues.constants import Action, Priority, Source, TicketStatus
from balai.queues.models import QueueSettings, Ticket
from balai.queues.services import (
    ActionRefused,
    QueueError,
    call_next,
    issue_ticket,
    perform,
    skip,
    transfer,
)

from .conftest import build_queue, wib


def take(q, group=None, hour=9, minute=0, **extra):
    return issue_ticket(q.office, group or q.a, source=Source.KIOSK, now=wib(hour, minute), **extra)


def call(q, desk=None, hour=9, minute=30):
    return call_next(desk or q.desk_1, now=wib(hour, minute))


def serve(q, desk, ticket, hour=9, minute=40):
    perform(ticket.id, Action.START, desk=desk, now=wib(hour, minute))
    return perform(ticket.id, Action.FINISH, desk=desk, now=wib(hour, minute + 5))


def test_walk_ins_are_called_in_the_order_they_came(queue):
    first, second = take(queue, minute=1), take(queue, queue.b, minute=2)
    assert call(queue) == first
    serve(queue, queue.desk_1, first)
    assert call(queue, minute=50) == second


def test_priority_tickets_go_before_walk_ins(queue):
    walk_in = take(queue, minute=1)
    elderly = take(queue, minute=2, priority=Priority.ELDERLY)
    assert call(queue) == elderly
    assert call(queue, queue.desk_2) == walk_in


def test_a_booking_inside_its_window_goes_before_priority_and_walk_ins(queue):
    walk_in = take(queue, minute=1)
    take(queue, minute=2, priority=Priority.PREGNANT)
    booked = take(queue, minute=3, ahead_from=wib(9))
    assert call(queue) == booked
    assert call(queue, queue.desk_2).priority == Priority.PREGNANT
    assert walk_in.status == TicketStatus.WAITING


def test_a_booking_before_its_window_waits_like_a_walk_in(queue):
    early = take(queue, minute=1, ahead_from=wib(10))
    walk_in = take(queue, minute=2)
    assert call(queue, minute=30) == early  # took its number first
    later_booking = take(queue, minute=40, ahead_from=wib(10))
    serve(queue, queue.desk_1, early)
    assert call(queue, minute=50) == walk_in
    assert later_booking.status == TicketStatus.WAITING


def test_a_desk_calls_only_the_groups_it_serves(queue):
    take(queue, queue.b)
    assert call(queue, queue.desk_2) is None


def test_calling_records_the_desk_the_time_and_an_event(queue):
    ticket = take(queue)
    called = call(queue)
    assert called.id == ticket.id
    assert (called.status, called.desk, called.calls) == (TicketStatus.CALLED, queue.desk_1, 1)
    assert called.called_at == wib(9, 30)
    assert called.events.last().action == Action.CALL


def test_a_desk_holding_a_ticket_cannot_call_another(queue):
    take(queue)
    take(queue)
    call(queue)
    with pytest.raises(ActionRefused, match="A001"):
        call(queue)


def test_recall_keeps_the_ticket_called_and_counts_the_calls(queue):
    take(queue)
    ticket = call(queue)
    ticket = perform(ticket.id, Action.RECALL, desk=queue.desk_1, now=wib(9, 31))
    assert (ticket.status, ticket.calls) == (TicketStatus.CALLED, 2)


def test_skip_puts_the_ticket_back_at_the_end_then_a_no_show_after_the_calls(queue):
    QueueSettings.objects.create(office=queue.office, max_calls=2)
    absent = take(queue, minute=1)
    other = take(queue, minute=2)
    call(queue)
    skipped = skip(absent.id, desk=queue.desk_1, now=wib(9, 31))
    assert (skipped.status, skipped.desk) == (TicketStatus.WAITING, None)
    assert call(queue, minute=32) == other
    serve(queue, queue.desk_1, other, minute=33)
    assert call(queue, minute=40) == absent
    gone = skip(absent.id, desk=queue.desk_1, now=wib(9, 41))
    assert gone.status == TicketStatus.NO_SHOW
    assert gone.calls == 2
    assert list(gone.events.values_list("action", flat=True)) == [
        Action.ISSUE,
        Action.CALL,
        Action.SKIP,
        Action.CALL,
        Action.NO_SHOW,
    ]


def test_finishing_a_ticket_not_yet_started_is_refused(queue):
    take(queue)
    ticket = call(queue)
    with pytest.raises(ActionRefused):
        perform(ticket.id, Action.FINISH, desk=queue.desk_1)
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.CALLED


def test_another_desk_cannot_act_on_the_ticket(queue):
    take(queue)
    ticket = call(queue)
    with pytest.raises(ActionRefused, match="tidak sedang di loket ini"):
        perform(ticket.id, Action.START, desk=queue.desk_2)


def test_a_transferred_ticket_waits_for_the_chosen_desk_only_and_keeps_its_place(queue):
    first = take(queue, minute=1)
    take(queue, minute=2)
    call(queue)
    moved = transfer(first.id, desk=queue.desk_1, to_desk=queue.desk_2, now=wib(9, 31))
    assert (moved.status, moved.for_desk, moved.desk) == (TicketStatus.WAITING, queue.desk_2, None)
    assert call(queue, queue.desk_1, minute=32) != first
    assert call(queue, queue.desk_2, minute=33) == first


def test_a_ticket_moved_to_another_service_joins_that_line(queue):
    ticket = take(queue, minute=1)
    call(queue, queue.desk_2)
    moved = transfer(ticket.id, desk=queue.desk_2, to_group=queue.b, now=wib(9, 31))
    assert moved.group == queue.b
    assert moved.label == "A001"  # the number stays with the citizen
    assert call(queue, queue.desk_2, minute=32) is None
    assert call(queue, queue.desk_1, minute=32) == ticket


def test_a_transfer_needs_a_target_of_the_same_office(queue, world):
    from balai.queues.models import Desk

    ticket = take(queue)
    call(queue)
    elsewhere = Desk.objects.create(office=world.offices.desa_b, name="Loket 1")
    with pytest.raises(QueueError):
        transfer(ticket.id, desk=queue.desk_1)
    with pytest.raises(QueueError):
        transfer(ticket.id, desk=queue.desk_1, to_desk=elsewhere)


def test_a_waiting_ticket_can_be_cancelled_but_not_a_finished_one(queue):
    waiting = take(queue)
    assert perform(waiting.id, Action.CANCEL).status == TicketStatus.CANCELLED
    done = take(queue)
    call(queue)
    serve(queue, queue.desk_1, done)
    with pytest.raises(ActionRefused):
        perform(done.id, Action.CANCEL)


@pytest.mark.django_db(transaction=True)
def test_two_desks_calling_at_the_same_moment_never_get_the_same_ticket(world):
    if connection.vendor != "postgresql":
        pytest.skip("real concurrency needs PostgreSQL; SQLite serializes writers anyway")
    from balai.queues.models import Desk

    q = build_queue(world.offices.desa_a)
    desks = [q.desk_1, q.desk_2]
    for n in range(3, 11):
        desk = Desk.objects.create(office=q.office, name=f"Loket {n}")
        desk.groups.add(q.a)
        desks.append(desk)
    for minute in range(10):
        take(q, minute=minute)
    barrier = threading.Barrier(len(desks))
    called, errors = [], []

    def press(desk):
        try:
            barrier.wait()
            ticket = call_next(desk, now=wib(9, 30))
            called.append(ticket.id if ticket else None)
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=press, args=(desk,)) for desk in desks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert None not in called
    assert len(set(called)) == len(desks)
    assert Ticket.objects.filter(status=TicketStatus.CALLED).values("desk").distinct().count() == 10
