"""Daily statistics per office, desk and group; the citizen's estimate and the message
when it is nearly their turn."""

from balai.notifications.models import Message
from balai.offices.models import Office
from balai.queues.constants import Action, Priority, Source, StatScope
from balai.queues.models import BookingSlot, DailyQueueStat, QueueSettings
from balai.queues.queries import estimate_for
from balai.queues.services import book_slot, call_next, check_in, issue_ticket, perform, skip
from balai.queues.statistics import daily_stats, percentile, rollup_day

from .conftest import DAY, wib


def take(q, group=None, hour=9, minute=0, **extra):
    return issue_ticket(q.office, group or q.a, source=Source.KIOSK, now=wib(hour, minute), **extra)


def served(q, desk, ticket, called, started, finished):
    assert call_next(desk, now=called) == ticket
    perform(ticket.id, Action.START, desk=desk, now=started)
    perform(ticket.id, Action.FINISH, desk=desk, now=finished)


def test_percentile_is_the_nearest_rank():
    assert percentile(list(range(1, 11)), 0.9) == 9
    assert percentile([5.0], 0.9) == 5.0
    assert percentile([], 0.9) is None


def test_the_days_figures_per_office_desk_and_group(queue):
    QueueSettings.objects.create(office=queue.office, max_calls=1)
    slot = BookingSlot.objects.create(
        office=queue.office,
        group=queue.a,
        day=DAY,
        starts=wib(10).time(),
        ends=wib(10, 30).time(),
        capacity=5,
    )
    kept = book_slot(slot, now=wib(7))
    book_slot(slot, now=wib(7))  # never comes
    first = take(queue, minute=0)
    second = take(queue, queue.b, minute=10, priority=Priority.INFANT)
    absent = take(queue, minute=20)
    served(queue, queue.desk_1, second, wib(9, 30), wib(9, 31), wib(9, 41))  # waited 20 min, 10 min
    served(queue, queue.desk_2, first, wib(9, 40), wib(9, 40), wib(9, 46))  # waited 40 min, 6 min
    assert call_next(queue.desk_2, now=wib(9, 50)) == absent
    skip(absent.id, desk=queue.desk_2, now=wib(9, 55))
    booked = check_in(queue.office, kept.code, now=wib(9, 58))
    served(queue, queue.desk_2, booked, wib(10, 0), wib(10, 1), wib(10, 5))  # waited 0 (from 10.00)

    rows = {row.key: row for row in rollup_day(queue.office, DAY, now=wib(16))}
    whole = rows["office"]
    assert (whole.tickets, whole.served, whole.no_shows, whole.priority) == (4, 3, 1, 1)
    assert whole.wait_mean_seconds == (20 + 40 + 30 + 0) * 60 / 4
    assert whole.wait_p90_seconds == 40 * 60
    assert whole.service_mean_seconds == (10 + 6 + 4) * 60 / 3
    assert (whole.bookings, whole.bookings_kept) == (2, 1)
    assert rows[f"desk:{queue.desk_1.id}"].served == 1
    assert rows[f"desk:{queue.desk_2.id}"].no_shows == 1
    assert rows[f"group:{queue.b.id}"].tickets == 1
    assert rows[f"group:{queue.a.id}"].bookings_kept == 1

    rollup_day(queue.office, DAY, now=wib(17))  # again: replaced, not added
    stored = daily_stats(Office.objects.filter(pk=queue.office.pk), DAY, DAY)
    assert [r.scope for r in stored] == [StatScope.OFFICE]
    assert DailyQueueStat.objects.count() == len(rows)


def test_the_estimate_uses_recent_service_times_and_the_desks_of_the_group(queue):
    for minute in (0, 1):
        done = take(queue, minute=minute)
        served(
            queue,
            queue.desk_1,
            done,
            wib(9, 10 + minute * 20),
            wib(9, 10 + minute * 20),
            wib(9, 18 + minute * 20),
        )
    take(queue, minute=40)
    mine = take(queue, minute=41)
    estimate = estimate_for(mine, now=wib(10))
    assert (estimate.position, estimate.sample, estimate.minutes_per_ticket, estimate.desks) == (
        1,
        2,
        8.0,
        2,
    )
    assert estimate.minutes == 8  # (1 ahead + 1) × 8 min ÷ 2 desks


def test_a_citizen_who_left_a_phone_gets_one_message_when_nearly_up(queue):
    QueueSettings.objects.create(office=queue.office, nearly_turn=2)
    for minute in range(3):
        take(queue, minute=minute)
    mine = take(queue, minute=5, phone="081234567890")
    call_next(queue.desk_1, now=wib(9, 10))
    assert not Message.objects.exists()  # still three ahead
    call_next(queue.desk_2, now=wib(9, 11))
    message = Message.objects.get()
    assert "A004" in message.body and mine.code in message.body
    assert message.recipient == "+6281234567890"
    held = queue.desk_1.tickets.get()
    perform(held.id, Action.CANCEL, now=wib(9, 12))
    call_next(queue.desk_1, now=wib(9, 12))
    assert Message.objects.count() == 1  # once per ticket
    mine.refresh_from_db()
    assert mine.notified_at == wib(9, 11)


def test_finished_tickets_move_the_kabupatens_rollups_and_agree_with_reconciling(
    queue, django_capture_on_commit_callbacks
):
    from balai.stats.models import QueueStat
    from balai.stats.rollups import reconcile

    with django_capture_on_commit_callbacks(execute=True):
        first = take(queue, minute=0)
        second = take(queue, minute=5)
        served(queue, queue.desk_1, first, wib(9, 30), wib(9, 31), wib(9, 41))  # waited 30 min
        served(queue, queue.desk_1, second, wib(9, 45), wib(9, 46), wib(9, 50))  # waited 40 min
    rows = {row.grain: row for row in QueueStat.objects.filter(office=queue.office)}
    assert set(rows) == {"day", "month", "year"}
    year = rows["year"]
    assert (year.tickets, year.served, year.wait_seconds) == (2, 2, (30 + 40) * 60)
    assert sum(reconcile(DAY, DAY).values()) == 0
