"""Service-request benchmark: an office inbox and a tracking lookup among 1,000,000 requests.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python bench/requests.py
    DATABASE_URL=... python bench/requests.py --scale 0.1 --runs 100

PostgreSQL only (the load uses COPY). A throwaway database `balai_bench_requests` is created
on that server, migrated, filled and dropped at the end (`--keep` leaves it for EXPLAIN).

The kabupaten: 18 kecamatan with 300 villages, their offices and one Disdukcapil. Requests
(1,000,000 × scale) are spread over the villages unevenly (a few big villages, many small
ones), created over two years; most are closed or handed over, about a fifth still open with
their steps and deadlines at the village, the kecamatan or the Disdukcapil. Every request has
its "created" and "submitted" events, the ones a tracking page shows.

Measured, each `--runs` times after a warm-up, as p50/p95/p99:
- the inbox page of the busiest village office, through the Django view with the test
  client signed in as its officer, and the SQL of the same page and counts run raw;
- the Disdukcapil inbox the same way (every request's last step passes there);
- `GET /api/v1/track/{code}` for random codes, and the raw `SELECT … WHERE code = %s`.
"""

import argparse
import io
import os
import random
import sys
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench import common

BENCH_DATABASE = "balai_bench_requests"
FULL_SIZE = 1_000_000
KECAMATAN = 18
VILLAGES = 300
GOALS_MS = {"inbox": 50, "track": 10}

# Share of requests per status: most are long finished; about a fifth are still open.
STATUS_MIX = [
    ("closed", 0.55),
    ("handed_over", 0.20),
    ("rejected", 0.03),
    ("cancelled", 0.02),
    ("submitted", 0.04),
    ("in_process", 0.11),
    ("returned", 0.02),
    ("completed", 0.03),
]
OPEN = {"submitted", "in_process", "returned", "completed"}
CHANNELS = ["assisted"] * 6 + ["counter"] * 3 + ["online"]


def main() -> None:
    sys.stdout.reconfigure(line_buffering=True)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="share of 1,000,000 requests")
    parser.add_argument("--runs", type=int, default=200, help="measured runs per figure")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL server (the load uses COPY).")
    with throwaway_database(database_url, keep=args.keep):
        setup_django()
        from django.core.management import call_command
        from django.db import connection

        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        print_machine(connection)
        print(f"migrate: {time.perf_counter() - started:.1f} s")
        world = build_kabupaten()
        total = int(FULL_SIZE * args.scale)
        started = time.perf_counter()
        loaded = load_requests(world, total)
        print(
            f"load: {loaded} in {time.perf_counter() - started:.1f} s (COPY, then VACUUM ANALYZE)\n"
        )
        rows = [
            *measure_inbox(world["busiest_officer"], "village inbox (busiest desa)", args.runs),
            *measure_inbox(world["agency_officer"], "Disdukcapil inbox", args.runs),
            *measure_tracking(args.runs),
        ]
        print_table(rows)
        explain_inbox(world["busiest_officer"])


# The database --------------------------------------------------------------------------


def throwaway_database(database_url: str, keep: bool):
    # Reads BENCH_DATABASE when called: bench/complaints.py sets its own name.
    return common.throwaway_database(database_url, BENCH_DATABASE, keep=keep)


setup_django = common.setup_django
print_machine = common.print_machine


# The kabupaten -------------------------------------------------------------------------


def build_kabupaten() -> dict:
    """Regions, offices and the few users the measurements sign in as."""
    from balai.accounts.models import User
    from balai.catalog.tests.factories import published_service
    from balai.offices.constants import Agency, OfficeKind, Role
    from balai.offices.models import Membership, Office
    from balai.regions.tests.factories import official_region

    official_region("35", "Jawa Timur")
    official_region("35.16", "Kabupaten Mojokerto")
    disdukcapil = Office.objects.create(
        name="Disdukcapil Kabupaten Mojokerto",
        kind=OfficeKind.AGENCY,
        agency=Agency.DISDUKCAPIL,
        region_id="35.16",
    )
    villages = []
    per_kecamatan = VILLAGES // KECAMATAN + 1
    for k in range(1, KECAMATAN + 1):
        kec_code = f"35.16.{k:02d}"
        official_region(kec_code, f"Kecamatan {k}")
        kecamatan = Office.objects.create(
            name=f"Kantor Kecamatan {k}", kind=OfficeKind.KECAMATAN, region_id=kec_code
        )
        for v in range(1, per_kecamatan + 1):
            if len(villages) == VILLAGES:
                break
            code = f"{kec_code}.{2000 + v}"
            official_region(code, f"Desa {k}-{v}")
            office = Office.objects.create(
                name=f"Kantor Desa {k}-{v}", kind=OfficeKind.VILLAGE, region_id=code
            )
            villages.append({"code": code, "office": office.pk, "kecamatan": kecamatan.pk})
    services = [
        published_service(
            code=code,
            steps=[
                (OfficeKind.VILLAGE, "", 1, "Verifikasi desa"),
                (OfficeKind.KECAMATAN, "", 2, "Verifikasi kecamatan"),
                (OfficeKind.AGENCY, Agency.DISDUKCAPIL, 5, "Penerbitan"),
            ],
        )
        for code in ("kartu-keluarga", "akta-kelahiran", "pindah-datang")
    ]
    service_rows = []
    for service in services:
        version = service.current_version
        steps = list(version.steps.order_by("position").values_list("pk", "time_limit_days"))
        service_rows.append({"service": service.pk, "version": version.pk, "steps": steps})
    # Zipf-like weights: the first village is the busiest.
    weights = [1 / (rank + 1) ** 0.6 for rank in range(len(villages))]

    def officer(username, office_id):
        user = User.objects.create_user(username=username, password="bench-only-123")
        Membership.objects.create(user=user, office_id=office_id, role=Role.FRONT_OFFICE)
        return user

    return {
        "villages": villages,
        "weights": weights,
        "services": service_rows,
        "disdukcapil": disdukcapil.pk,
        "busiest_officer": officer("petugas.desa", villages[0]["office"]),
        "agency_officer": officer("petugas.dukcapil", disdukcapil.pk),
    }


# Loading -------------------------------------------------------------------------------


def load_requests(world: dict, total: int) -> str:
    from django.db import connection, transaction

    from balai.cases.models import RequestEvent, RequestStep, ServiceRequest

    rng = random.Random(20260316)
    today = date.today()
    now = datetime.now(UTC)
    buffers = {model: io.StringIO() for model in (ServiceRequest, RequestStep, RequestEvent)}
    writers = {model: row_writer(model, buffers[model]) for model in buffers}
    statuses, shares = zip(*STATUS_MIX, strict=True)
    villages = rng.choices(world["villages"], weights=world["weights"], k=total)
    picked_statuses = rng.choices(statuses, weights=shares, k=total)
    codes = unique_codes(rng, total)
    step_id = event_id = 0
    counts = {"steps": 0, "events": 0}
    with transaction.atomic(), connection.cursor() as cursor:
        # Foreign keys are checked by triggers; the generator keeps them right, so skip them.
        cursor.execute("SET LOCAL session_replication_role = replica")
        for request_id in range(1, total + 1):
            village = villages[request_id - 1]
            status = picked_statuses[request_id - 1]
            service = world["services"][request_id % len(world["services"])]
            if status in OPEN:
                created = now - timedelta(days=rng.uniform(0, 20))
            else:
                created = now - timedelta(days=rng.uniform(20, 730))
            offices = [village["office"], village["kecamatan"], world["disdukcapil"]]
            request = {
                "id": request_id,
                "code": codes[request_id - 1],
                "pin_hash": "md5$bench$0",
                "service_id": service["service"],
                "version_id": service["version"],
                "channel": CHANNELS[request_id % len(CHANNELS)],
                "status": status,
                "lock_version": 3,
                "applicant_name": f"Warga {request_id}",
                "applicant_nik": f"3516{request_id:012d}",
                "applicant_phone": f"0812{request_id:08d}",
                "applicant_address": f"Dusun Krajan RT {request_id % 9 + 1:03d}",
                "applicant_region_id": village["code"],
                "village_id": village["code"],
                "origin_office_id": village["office"],
                "step_count": 3,
                "created_at": created,
                "submitted_at": created,
                "due_date": today + timedelta(days=rng.randint(-5, 12)),
            }
            if status in OPEN:
                position = 3 if status == "completed" else rng.randint(1, 3)
                if status == "submitted":
                    position = 1
                current_due = today + timedelta(days=rng.randint(-6, 8))
                for offset, (catalog_step, days) in enumerate(service["steps"]):
                    step_id += 1
                    step_position = offset + 1
                    step_status = (
                        "done"
                        if step_position < position or status == "completed"
                        else "active"
                        if step_position == position
                        else "pending"
                    )
                    writers[RequestStep](
                        {
                            "id": step_id,
                            "request_id": request_id,
                            "position": step_position,
                            "name": "Tahap",
                            "catalog_step_id": catalog_step,
                            "office_id": offices[offset],
                            "time_limit_days": days,
                            "status": step_status,
                            "started_at": created if step_status != "pending" else None,
                            "due_date": current_due if step_status != "pending" else None,
                        }
                    )
                    if step_position == position:
                        request["current_step_id"] = step_id
                    counts["steps"] += 1
                request["current_office_id"] = (
                    village["office"] if status == "completed" else offices[position - 1]
                )
                request["current_due"] = current_due
                if status == "returned":
                    request["returned_from"] = "in_process"
                    request["returned_at"] = now
            else:
                request["closed_at"] = created + timedelta(days=7)
            writers[ServiceRequest](request)
            for kind, action, to_status in (
                ("created", "", "draft"),
                ("action", "submit", "submitted"),
            ):
                event_id += 1
                writers[RequestEvent](
                    {
                        "id": event_id,
                        "request_id": request_id,
                        "kind": kind,
                        "action": action,
                        "at": created,
                        "office_id": village["office"],
                        "to_status": to_status,
                        "step_position": 1,
                        "uuid": uuid.UUID(int=rng.getrandbits(128), version=4),
                    }
                )
                counts["events"] += 1
            if request_id % 50_000 == 0 or request_id == total:
                flush(cursor, buffers)
        for model in buffers:
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
            )
    with connection.cursor() as cursor:  # outside the transaction: VACUUM needs that
        for model in buffers:
            # As autovacuum would have: statistics, and the visibility map for index-only scans.
            cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")
    return f"{total:,} requests, {counts['steps']:,} steps, {counts['events']:,} events"


def unique_codes(rng: random.Random, total: int) -> list[str]:
    from balai.lib.codes import ALPHABET, check_character

    seen: set[str] = set()
    while len(seen) < total:
        body = "".join(rng.choices(ALPHABET, k=8))
        seen.add(body + check_character(body))
    found = list(seen)
    rng.shuffle(found)
    return found


row_writer = common.row_writer
flush = common.flush


# Measuring -----------------------------------------------------------------------------


percentiles = common.percentiles
timed = common.timed


def measure_inbox(user, label: str, runs: int) -> list[tuple]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    client = Client()
    client.force_login(user)
    url = reverse("cases:inbox")

    def page():
        response = client.get(url)
        assert response.status_code == 200, response.status_code

    page()
    with CaptureQueriesContext(connection) as captured:
        page()
    queries = [q["sql"] for q in captured.captured_queries]
    shown = sum(1 for sql in queries if "cases_servicerequest" in sql)
    view = timed(page, runs)
    rows = [(label + ", Django view", len(queries), view, GOALS_MS["inbox"])]
    for sql in queries:
        if "cases_servicerequest" not in sql:
            continue
        kind = "counts" if "COUNT(" in sql.upper() else "page"
        rows.append(
            (f"{label}, raw SQL of the {kind} query", 1, timed(lambda s=sql: raw(s), runs), None)
        )
    assert shown, "the inbox view did not query requests"
    return rows


raw = common.raw


def measure_tracking(runs: int) -> list[tuple]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from balai.cases.models import ServiceRequest
    from balai.lib.codes import display

    rng = random.Random(7)
    top = ServiceRequest.objects.order_by("-id").values_list("id", flat=True).first()
    ids = [rng.randint(1, top) for _ in range(runs + 10)]
    codes = dict(ServiceRequest.objects.filter(id__in=ids).values_list("id", "code"))
    sample = [codes[i] for i in ids]
    client = Client()
    picks = iter(sample * 3)

    def api():
        response = client.get(f"/api/v1/track/{display(next(picks))}")
        assert response.status_code == 200, (response.status_code, response.content[:200])

    api()
    with CaptureQueriesContext(connection) as captured:
        api()
    view = timed(api, runs)
    raw_picks = iter(sample * 3)
    baseline = timed(
        lambda: raw(
            "SELECT id, code, status, service_id, current_step_id, current_office_id, due_date "
            "FROM cases_servicerequest WHERE code = %s",
            [next(raw_picks)],
        ),
        runs,
    )
    return [
        ("GET /api/v1/track/{code}", len(captured.captured_queries), view, GOALS_MS["track"]),
        ("raw SELECT … WHERE code = %s", 1, baseline, None),
    ]


def print_table(rows: list[tuple]) -> None:
    print("| measure | queries | p50 ms | p95 ms | p99 ms | goal (p95) |")
    print("|---|---:|---:|---:|---:|---|")
    for label, queries, samples, goal in rows:
        p50, p95, p99 = percentiles(samples)
        verdict = "" if goal is None else f"≤ {goal} ms: {'met' if p95 <= goal else 'MISSED'}"
        print(f"| {label} | {queries} | {p50:.1f} | {p95:.1f} | {p99:.1f} | {verdict} |")
    print()


def explain_inbox(user) -> None:
    """The plan of the inbox page query, for the record."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    client = Client()
    client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("cases:inbox"))
    for sql in (q["sql"] for q in captured.captured_queries):
        if "cases_servicerequest" in sql:
            print("EXPLAIN ANALYZE", sql[:300], "…")
            for (line,) in raw("EXPLAIN (ANALYZE, BUFFERS) " + sql):
                print("   ", line)
            print()


if __name__ == "__main__":
    main()
