"""Queue benchmark: call-next with 500 waiting tickets, and the display board's data.

    python bench/queues.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python bench/queues.py

With DATABASE_URL pointing at PostgreSQL, a throwaway database `balai_bench_queues` is created
on that server (and dropped at the end); without it, a temporary SQLite file is used.

One office with two service groups and ten desks; 500 tickets wait (10 % priority, 5 %
booked inside their window). Each timed call-next is one `services.call_next` (desk lock,
SKIP LOCKED pick, update, event, the nearly-your-turn look-up); between calls, untimed, the
called ticket is finished and a new one is taken so 500 keep waiting. Beside each figure,
the raw SQL doing the same work through a cursor: the floor the ORM and the rules add to.
"""

import os
import random
import statistics
import sys
import time
from datetime import time as clock
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import load_regions

load_regions.BENCH_DATABASE = "balai_bench_queues"
WAITING = 500
DESKS = 10
ROUNDS = 300


def main() -> None:
    with load_regions.throwaway_database(os.environ.get("DATABASE_URL", "")):
        load_regions.setup_django()
        from django.core.management import call_command
        from django.db import connection

        call_command("migrate", verbosity=0)
        load_regions.print_machine(connection)
        world = build_world()
        rows = [
            ("call_next (services)", time_call_next(world)),
            ("baseline: raw SQL pick + update", time_raw_call(world)),
            ("board_data (queries.board_data)", time_board(world)),
            ("baseline: raw SQL, same 3 reads", time_raw_board(world)),
        ]
        print(f"\n{WAITING} waiting tickets, {DESKS} desks, {ROUNDS} timed rounds each\n")
        print("| operation | p50 ms | p95 ms | max ms |")
        print("|---|---:|---:|---:|")
        for label, samples in rows:
            ms = sorted(s * 1000 for s in samples)
            p95 = ms[int(0.95 * len(ms)) - 1]
            print(f"| {label} | {statistics.median(ms):.2f} | {p95:.2f} | {ms[-1]:.2f} |")


def build_world():
    from django.utils import timezone

    from balai.offices.models import Office, OpeningHours
    from balai.queues.constants import Priority, Source
    from balai.queues.models import Desk, ServiceGroup
    from balai.queues.services import issue_ticket
    from balai.regions.tests.factories import official_region
    from balai.workdays.calendar import local_date
    from balai.workdays.constants import DayChange
    from balai.workdays.models import CalendarDay

    for code, name in [("35", "Jawa Timur"), ("35.16", "Mojokerto"), ("35.16.01", "Jatirejo")]:
        official_region(code, name)
    office = Office.objects.create(
        region=official_region("35.16.01.2001", "Tawangrejo"),
        kind="village",
        name="Kantor Desa Tawangrejo",
    )
    # Open all day, every day, so the benchmark runs whenever it is started.
    for weekday in range(7):
        OpeningHours.objects.create(
            office=office, weekday=weekday, opens=clock(0), closes=clock(23, 59)
        )
    CalendarDay.objects.create(
        date=local_date(timezone.now(), office),
        change=DayChange.OPEN,
        office=office,
        reason="bench",
    )
    groups = [
        ServiceGroup.objects.create(office=office, name="Kependudukan", prefix="A"),
        ServiceGroup.objects.create(office=office, name="Surat desa", prefix="B"),
    ]
    desks = []
    for n in range(DESKS):
        desk = Desk.objects.create(office=office, name=f"Loket {n + 1}")
        desk.groups.add(*groups)
        desks.append(desk)
    rng = random.Random(7)

    def take():
        roll = rng.random()
        return issue_ticket(
            office,
            rng.choice(groups),
            source=Source.KIOSK,
            priority=Priority.ELDERLY if roll < 0.10 else "",
            ahead_from=timezone.now() - timedelta(minutes=5) if roll > 0.95 else None,
            phone="081234567890" if roll < 0.2 else "",
        )

    for _ in range(WAITING):
        take()
    return {"office": office, "desks": desks, "take": take}


def time_call_next(world) -> list[float]:
    from balai.queues.constants import Action
    from balai.queues.services import call_next, perform

    samples = []
    for i in range(ROUNDS):
        desk = world["desks"][i % DESKS]
        started = time.perf_counter()
        ticket = call_next(desk)
        samples.append(time.perf_counter() - started)
        perform(ticket.id, Action.CANCEL)
        world["take"]()
    return samples


RAW_PICK = """
SELECT id FROM queues_ticket
WHERE office_id = %s AND day = %s AND status = 'waiting'
  AND (for_desk_id = %s OR (for_desk_id IS NULL AND group_id IN
       (SELECT servicegroup_id FROM queues_desk_groups WHERE desk_id = %s)))
ORDER BY CASE WHEN ahead_from <= %s THEN 0 WHEN priority <> '' THEN 1 ELSE 2 END, order_at, id
LIMIT 1{lock}
"""


def time_raw_call(world) -> list[float]:
    from django.db import connection, transaction
    from django.utils import timezone

    from balai.workdays.calendar import local_date

    office = world["office"]
    lock = " FOR UPDATE SKIP LOCKED" if connection.vendor == "postgresql" else ""
    samples = []
    for i in range(ROUNDS):
        desk = world["desks"][i % DESKS]
        now = timezone.now()
        started = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                RAW_PICK.format(lock=lock),
                [office.id, local_date(now, office), desk.id, desk.id, now],
            )
            (ticket_id,) = cursor.fetchone()
            cursor.execute(
                "UPDATE queues_ticket SET status = 'cancelled', desk_id = %s, called_at = %s WHERE id = %s",
                [desk.id, now, ticket_id],
            )
        samples.append(time.perf_counter() - started)
        world["take"]()
    return samples


def time_board(world) -> list[float]:
    from balai.queues.queries import board_data

    samples = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        board_data(world["office"])
        samples.append(time.perf_counter() - started)
    return samples


def time_raw_board(world) -> list[float]:
    from django.db import connection
    from django.utils import timezone

    from balai.workdays.calendar import local_date

    office = world["office"]
    samples = []
    for _ in range(ROUNDS):
        now = timezone.now()
        day = local_date(now, office)
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT desk_id, prefix, number, status FROM queues_ticket WHERE office_id = %s AND day = %s AND status IN ('called', 'serving')",
                [office.id, day],
            )
            cursor.fetchall()
            cursor.execute(
                "SELECT prefix, number FROM queues_ticket WHERE office_id = %s AND day = %s AND status = 'waiting' "
                "ORDER BY CASE WHEN ahead_from <= %s THEN 0 WHEN priority <> '' THEN 1 ELSE 2 END, order_at, id LIMIT 5",
                [office.id, day, now],
            )
            cursor.fetchall()
            cursor.execute(
                "SELECT COUNT(*) FROM queues_ticket WHERE office_id = %s AND day = %s AND status = 'waiting'",
                [office.id, day],
            )
            cursor.fetchone()
        samples.append(time.perf_counter() - started)
    return samples


if __name__ == "__main__":
    main()
