"""Filing and forwarding requests under load, then checking nothing was lost or doubled.

    python bench/scenarios/create_load.py --database-url postgres://postgres@127.0.0.1:5432/balai_bench_kabupaten

Eight processes (forked, each with its own database connection) work through 2,000 requests
at the busiest village office that has an officer: each one is filed at the counter by that
officer (`services.file_request`, with an idempotency key), accepted and forwarded to the
kecamatan (`services.perform`), the same calls the staff pages and the API make. One key in
ten is filed a second time by another process at about the same moment, as a double click
or a retried call would. Afterwards the database is checked: every key made exactly one
request, no tracking code repeats, each request has its steps once, and its created, submit,
accept and forward events exactly once, and it now waits at the kecamatan.

The requests stay in the bench database (their keys start with `bench-create-`).
"""

import argparse
import multiprocessing
import os
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _support

SCENARIO = "create_load"
PROCESSES = 8
TOTAL = 2000
SECONDS = 120  # the time budget: processes take no new request after it
RETRY_EVERY = 10  # one key in ten is filed twice, by two processes


def run(args) -> list[dict]:
    database_url = _support.require_postgres(args.database_url)
    _support.setup_django(database_url)
    total = getattr(args, "creates", TOTAL)
    processes = getattr(args, "processes", PROCESSES)
    world = find_world()
    world["deadline"] = time.time() + getattr(args, "seconds", SECONDS)
    run_id = uuid.uuid4().hex[:8]
    jobs = plan(run_id, total, processes)
    from django.db import connections

    connections.close_all()  # each forked process opens its own
    context = multiprocessing.get_context("fork")
    started = time.perf_counter()
    with context.Pool(processes, initializer=_init_worker, initargs=(world,)) as pool:
        results = [item for chunk in pool.map(work, jobs) for item in chunk]
    seconds = time.perf_counter() - started
    return report(run_id, world, total, results, seconds, processes)


# Finding the office, its officer and a service -------------------------------------------


def find_world() -> dict:
    """The busiest village office that has a working officer, and a service filed there."""
    from django.db.models import Count

    from balai.cases.models import ServiceRequest
    from balai.cases.workflow import STAFF_ROLES
    from balai.offices.constants import OfficeKind
    from balai.offices.models import Membership

    staffed = Membership.objects.filter(
        role__in=STAFF_ROLES, office__kind=OfficeKind.VILLAGE, user__is_active=True
    )
    busiest = (
        ServiceRequest.objects.filter(origin_office__in=staffed.values("office"))
        .values("origin_office")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    if busiest is None:
        sys.exit("No village office with an officer and requests in the bench database.")
    office_id = busiest["origin_office"]
    membership = staffed.filter(office_id=office_id).order_by("id").first()
    service_id, version_id, channel = pick_service(office_id)
    return {
        "office": office_id,
        "officer": membership.user_id,
        "service": service_id,
        "version": version_id,
        "channel": channel,
        "existing": busiest["n"],
    }


def pick_service(office_id: int):
    """A published service filed at this office that a counter officer may take in and that
    has a next step to forward to."""
    from balai.cases.models import ServiceRequest
    from balai.catalog.models import Service

    used = (
        ServiceRequest.objects.filter(origin_office_id=office_id)
        .values_list("service_id", flat=True)
        .distinct()
    )
    for service in Service.objects.filter(pk__in=used, active=True).order_by("pk"):
        version = service.current_version
        if version is None or version.steps.count() < 2:
            continue
        for channel, flag in (("assisted", "via_assisted"), ("counter", "via_counter")):
            if getattr(version, flag):
                return service.pk, version.pk, channel
    sys.exit("No service with two or more steps open to a staff channel at that office.")


# The work ----------------------------------------------------------------------------------


def plan(run_id: str, total: int, processes: int) -> list[list[tuple]]:
    """Per process, its (index, key) items; every tenth key also goes to the next process."""
    jobs = [[] for _ in range(processes)]
    for i in range(total):
        key = f"bench-create-{run_id}-{i:05d}"
        jobs[i % processes].append((i, key))
        if i % RETRY_EVERY == 0:
            jobs[(i + 1) % processes].append((i, key))
    for items in jobs:
        items.sort()  # both copies of a key come up at about the same time
    return jobs


_world = {}


def _init_worker(world: dict) -> None:
    from balai.accounts.models import User
    from balai.catalog.models import Service
    from balai.offices.models import Office

    office = Office.objects.select_related("region").get(pk=world["office"])
    _world.update(
        office=office,
        officer=User.objects.get(pk=world["officer"]),
        service=Service.objects.get(pk=world["service"]),
        channel=world["channel"],
        deadline=world["deadline"],
    )


def work(items: list[tuple]) -> list[dict]:
    from django.db import connection

    results = []
    for i, key in items:
        if time.time() > _world["deadline"]:
            break  # over the time budget: the keys not started are not counted as attempted
        results.append(one(i, key))
    connection.close()
    return results


def one(i: int, key: str) -> dict:
    from balai.cases.services import Applicant, file_request, perform

    officer, office = _world["officer"], _world["office"]
    try:
        filed = file_request(
            service=_world["service"],
            applicant=Applicant(
                name=f"Pemohon Uji {i}",
                nik=f"9{i:015d}",
                address=f"Dusun Uji RT {i % 9 + 1:03d}",
                region=office.region,
                phone=f"0813{i:08d}",
            ),
            channel=_world["channel"],
            actor=officer,
            origin_office=office,
            idempotency_key=key,
        )
        outcome = {"key": key, "code": filed.request.code, "created": filed.created}
        if filed.created:
            request = perform(filed.request, "accept", actor=officer)
            perform(request, "forward", actor=officer)
            outcome["forwarded"] = True
        return outcome
    except Exception as error:  # counted and shown: the run goes on
        return {"key": key, "error": f"{type(error).__name__}: {error}"[:200]}


# Checks ------------------------------------------------------------------------------------


def report(run_id, world, total, results, seconds, processes) -> list[dict]:
    from django.db import connection

    errors = [r for r in results if "error" in r]
    forwarded = sum(1 for r in results if r.get("forwarded"))
    attempted = {r["key"] for r in results}
    repeats = len(results) - len(attempted)
    label = f"{processes} processes, {len(attempted)} of {total} keys in budget, {repeats} repeats"
    rows = [
        _support.row(
            SCENARIO,
            f"filed + accepted + forwarded per second ({label})",
            forwarded / seconds,
            "req/s",
        ),
        _support.row(
            SCENARIO,
            "service calls per second (file, accept, forward, repeats)",
            (len(results) + 2 * forwarded) / seconds,
            "calls/s",
        ),
        _support.row(SCENARIO, "wall time", seconds, "s"),
        _support.row(
            SCENARIO, "PIN hash (make_password) per filing, one process", pin_hash_ms(), "ms"
        ),
        _support.row(SCENARIO, "calls that failed", len(errors), "count", None, "0", not errors),
    ]
    for error in errors[:3]:
        print("failed:", error, file=sys.stderr)
    pattern = f"bench-create-{run_id}-%"
    with connection.cursor() as cursor:
        rows += integrity(cursor, pattern, len(attempted), results)
    return rows


def pin_hash_ms() -> float:
    """Filing hashes the new PIN with the password hasher; its cost bounds the intake rate."""
    from django.contrib.auth.hashers import make_password

    make_password("123456")
    started = time.perf_counter()
    for _ in range(3):
        make_password("123456")
    return (time.perf_counter() - started) / 3 * 1000


def integrity(cursor, pattern, attempted, results) -> list[dict]:
    def count(sql, *params):
        cursor.execute(sql, params)
        return cursor.fetchone()[0]

    mine = "SELECT id FROM cases_servicerequest WHERE idempotency_key LIKE %s"
    made = count("SELECT COUNT(*) FROM cases_servicerequest WHERE idempotency_key LIKE %s", pattern)
    duplicate_codes = count(
        "SELECT COUNT(*) FROM (SELECT code FROM cases_servicerequest GROUP BY code "
        "HAVING COUNT(*) > 1) d"
    )
    codes_by_key = {}
    for r in results:
        if "code" in r:
            codes_by_key.setdefault(r["key"], set()).add(r["code"])
    repeats_disagree = sum(1 for codes in codes_by_key.values() if len(codes) > 1)
    bad_steps = count(
        f"SELECT COUNT(*) FROM cases_servicerequest r WHERE r.id IN ({mine}) AND ("
        "(SELECT COUNT(DISTINCT position) FROM cases_requeststep s WHERE s.request_id = r.id) "
        "<> r.step_count OR (SELECT COUNT(*) FROM cases_requeststep s "
        "WHERE s.request_id = r.id) <> r.step_count)",
        pattern,
    )
    bad_events = count(
        f"SELECT COUNT(*) FROM cases_servicerequest r WHERE r.id IN ({mine}) AND NOT ("
        "(SELECT COUNT(*) FROM cases_requestevent e WHERE e.request_id = r.id "
        " AND e.kind = 'created') = 1 AND "
        "(SELECT COUNT(*) FROM cases_requestevent e WHERE e.request_id = r.id "
        " AND e.action = 'submit') = 1 AND "
        "(SELECT COUNT(*) FROM cases_requestevent e WHERE e.request_id = r.id "
        " AND e.action = 'accept') = 1 AND "
        "(SELECT COUNT(*) FROM cases_requestevent e WHERE e.request_id = r.id "
        " AND e.action = 'forward') = 1)",
        pattern,
    )
    not_at_kecamatan = count(
        f"SELECT COUNT(*) FROM cases_servicerequest r "
        "LEFT JOIN cases_requeststep s ON s.id = r.current_step_id "
        "LEFT JOIN offices_office o ON o.id = r.current_office_id "
        f"WHERE r.id IN ({mine}) AND NOT COALESCE(r.status = 'in_process' AND s.position = 2 "
        "AND o.kind = 'kecamatan' AND s.office_id = r.current_office_id, false)",
        pattern,
    )

    def check(measure, value, goal, ok):
        return _support.row(SCENARIO, measure, value, "count", None, goal, ok)

    return [
        check("requests made for the attempted keys", made, f"= {attempted}", made == attempted),
        check(
            "repeated keys answered with another request",
            repeats_disagree,
            "0",
            repeats_disagree == 0,
        ),
        check(
            "tracking codes held by more than one request (whole table)",
            duplicate_codes,
            "0",
            duplicate_codes == 0,
        ),
        check("requests whose steps are missing or doubled", bad_steps, "0", bad_steps == 0),
        check(
            "requests without exactly one created/submit/accept/forward event",
            bad_events,
            "0",
            bad_events == 0,
        ),
        check(
            "requests not waiting at the kecamatan's step 2",
            not_at_kecamatan,
            "0",
            not_at_kecamatan == 0,
        ),
        _support.row(
            SCENARIO,
            "per-office register numbers of requests",
            "none in the schema",
            "",
            None,
            "no repeats",
            None,
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--creates", type=int, default=TOTAL)
    parser.add_argument("--processes", type=int, default=PROCESSES)
    parser.add_argument("--seconds", type=int, default=SECONDS, help="time budget")
    _support.print_rows(run(parser.parse_args()))


if __name__ == "__main__":
    main()
