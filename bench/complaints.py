"""Complaint benchmark: staff worklist, duplicate suggestion and Open311 among 200,000 complaints.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python bench/complaints.py
    DATABASE_URL=... python bench/complaints.py --scale 0.1 --runs 100 --keep

PostgreSQL only (the load uses COPY). A throwaway database `balai_bench_complaints` is
created on that server, migrated, filled and dropped at the end (`--keep` leaves it).

The kabupaten is the one of bench/requests.py (18 kecamatan, 300 villages, their offices,
the Disdukcapil), plus the Bupati's office and 3 RW × 4 RT in every village. Complaints
(200,000 × scale) are spread over the villages unevenly (the first village is the busiest),
over two years; about a fifth are still open (received in the last 45 days). Mix: 70% at
the village office, 20% with an RT/RW head, 5% at the kecamatan, 3% at the Disdukcapil, 2%
on the Bupati's hotline; 70% located in an RT; 60% with a map point scattered around the
village centre; 5% confidential, 30% anonymous.

Measured, each `--runs` times after a warm-up, as p50/p95/p99, beside the raw SQL:
- the staff worklist of the busiest village office: the Django view through the test client
  signed in as its officer (when the view exists), and the query of the issue
  `visible_to(user).filter(office=…, status__in=OPEN).order_by("limit_due", "id")[:25]`;
- `likely_duplicates(...)` for a new text in the busiest RT, with a map point;
- Open311 `GET /open311/v2/requests.json?jurisdiction_id=35.16` through the test client.
"""

import argparse
import importlib.util
import io
import math
import os
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))


def _requests_bench():
    """bench/requests.py, loaded under another name (`requests` is also a library)."""
    spec = importlib.util.spec_from_file_location("bench_requests", HERE / "requests.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


shared = _requests_bench()
shared.BENCH_DATABASE = "balai_bench_complaints"

FULL_SIZE = 200_000
RWS_PER_VILLAGE = 3
RTS_PER_RW = 4
GOALS_MS = {"worklist": 50, "duplicates": 50, "open311": 100}

# Share of complaints per status: most finished; about a fifth still open.
STATUS_MIX = [
    ("closed", 0.70),
    ("archived", 0.06),
    ("merged", 0.04),
    ("received", 0.04),
    ("on_hold", 0.01),
    ("accepted", 0.03),
    ("assigned", 0.03),
    ("in_progress", 0.06),
    ("resolved", 0.03),
]
OPEN = {"received", "on_hold", "accepted", "assigned", "in_progress", "resolved"}
LIMIT_OF = {
    "received": "verify",
    "accepted": "follow_up",
    "assigned": "follow_up",
    "resolved": "confirm",
}
# (code, name, weight, words the reports of this kind use)
CATEGORIES = [
    (
        "saluran-air",
        "Saluran air",
        18,
        "saluran selokan air tersumbat meluap banjir got sampah hujan",
    ),
    (
        "jalan-rusak",
        "Jalan rusak",
        20,
        "jalan berlubang rusak aspal becek kubangan kendaraan jatuh",
    ),
    ("lampu-jalan", "Lampu jalan", 10, "lampu jalan padam gelap malam tiang kabel mati"),
    ("sampah", "Sampah", 12, "sampah menumpuk bau tempat pembuangan angkut truk plastik"),
    (
        "pelayanan-administrasi",
        "Pelayanan administrasi",
        14,
        "surat pelayanan petugas antre lama biaya kantor",
    ),
    ("izin-usaha", "Perizinan usaha", 4, "izin usaha nib berkas permohonan lama toko"),
    ("kesehatan", "Kesehatan", 6, "puskesmas obat antre bidan posyandu pelayanan dokter"),
    ("hotline-bupati", "Hotline Bupati", 2, "bupati mohon perhatian warga desa bantuan segera"),
    ("aspirasi", "Aspirasi", 8, "usul warga pembangunan taman lapangan pos ronda musyawarah"),
    (
        "permintaan-informasi",
        "Permintaan informasi",
        6,
        "informasi jadwal syarat bantuan program anggaran desa",
    ),
]
FILLER = [
    "mohon",
    "segera",
    "ditangani",
    "karena",
    "sudah",
    "lama",
    "warga",
    "sekitar",
    "rumah",
    "depan",
    "dekat",
]
LEVEL_MIX = [("rt", 0.12), ("rw", 0.08), ("village", 0.70), ("kecamatan", 0.05), ("agency", 0.03)]
LEVELS = {"rt": 1, "rw": 2, "village": 4, "kecamatan": 5, "agency": 6, "kabupaten": 7}
CHANNELS = ["web"] * 5 + ["walk_in"] * 2 + ["whatsapp"] * 2 + ["phone"]
# The centre of Kabupaten Mojokerto; villages lie within about 20 km of it.
CENTRE = (-7.55, 112.45)
NEW_TEXT = "Saluran air depan rumah tersumbat sampah dan meluap ke jalan setiap hujan"


def main() -> None:
    sys.stdout.reconfigure(line_buffering=True)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="share of 200,000 complaints")
    parser.add_argument("--runs", type=int, default=200, help="measured runs per figure")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL server (the load uses COPY).")
    with shared.throwaway_database(database_url, keep=args.keep):
        shared.setup_django()
        from django.core.management import call_command
        from django.db import connection

        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        shared.print_machine(connection)
        print(f"migrate: {time.perf_counter() - started:.1f} s")
        world = build_kabupaten()
        total = int(FULL_SIZE * args.scale)
        started = time.perf_counter()
        loaded = load_complaints(world, total)
        print(
            f"load: {loaded} in {time.perf_counter() - started:.1f} s (COPY, then VACUUM ANALYZE)"
        )
        print(f"busiest village office: {world['busiest_open']:,} open complaints\n")
        rows = [
            *measure_worklist(world, args.runs),
            *measure_duplicates(world, args.runs),
            *measure_open311(world, args.runs),
        ]
        shared.print_table(rows)
        explain_all(world)


# The kabupaten -------------------------------------------------------------------------


def build_kabupaten() -> dict:
    """The villages of bench/requests.py, with RW/RT units, centres and complaint categories."""
    from balai.complaints.models import Category
    from balai.offices.constants import OfficeKind
    from balai.offices.models import Office
    from balai.regions.models import Region

    world = shared.build_kabupaten()
    world["bupati"] = Office.objects.create(
        name="Kantor Bupati Mojokerto", kind=OfficeKind.HEAD, region_id="35.16"
    ).pk
    rng = random.Random(35_16)
    units = []
    for village in world["villages"]:
        angle, distance = rng.uniform(0, 2 * math.pi), rng.uniform(0, 0.18)
        village["centre"] = (
            CENTRE[0] + distance * math.sin(angle),
            CENTRE[1] + distance * math.cos(angle),
        )
        village["rts"] = []
        for w in range(1, RWS_PER_VILLAGE + 1):
            rw = f"{village['code']}.RW{w:03d}"
            units.append(
                Region(code=rw, name=f"{w:03d}", level=6, kind="rw", parent_id=village["code"])
            )
            for t in range(1, RTS_PER_RW + 1):
                rt = f"{rw}.RT{t:03d}"
                units.append(Region(code=rt, name=f"{t:03d}", level=7, kind="rt", parent_id=rw))
                village["rts"].append((rw, rt))
    Region.objects.bulk_create(units, batch_size=2000)
    categories = [
        Category.objects.create(
            code=code, name=name, position=position, is_hotline=code == "hotline-bupati"
        )
        for position, (code, name, _weight, _words) in enumerate(CATEGORIES)
    ]
    world["categories"] = [
        (category.pk, weight, words.split())
        for category, (_code, _name, weight, words) in zip(categories, CATEGORIES, strict=True)
    ]
    world["drain_category"] = categories[0]
    return world


# Loading -------------------------------------------------------------------------------


def load_complaints(world: dict, total: int) -> str:
    from django.db import connection, transaction

    from balai.complaints.models import Complaint

    rng = random.Random(20260316)
    now = datetime.now(UTC)
    today = date.today()
    buffer = io.StringIO()
    write = shared.row_writer(Complaint, buffer)
    statuses, status_shares = zip(*STATUS_MIX, strict=True)
    levels, level_shares = zip(*LEVEL_MIX, strict=True)
    categories = world["categories"]
    category_weights = [weight for _pk, weight, _words in categories]
    villages = rng.choices(world["villages"], weights=world["weights"], k=total)
    codes = shared.unique_codes(rng, total)
    busiest_office = world["villages"][0]["office"]
    busiest_open = 0
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        for complaint_id in range(1, total + 1):
            village = villages[complaint_id - 1]
            status = rng.choices(statuses, weights=status_shares)[0]
            category_pk, _weight, words = rng.choices(categories, weights=category_weights)[0]
            is_hotline = category_pk == categories[7][0]
            level = "kabupaten" if is_hotline else rng.choices(levels, weights=level_shares)[0]
            rw, rt = rng.choice(village["rts"])
            in_rt = level in ("rt", "rw") or rng.random() < 0.6
            region = rt if in_rt else village["code"]
            office = {
                "kecamatan": village["kecamatan"],
                "agency": world["disdukcapil"],
                "kabupaten": world["bupati"],
            }.get(level, village["office"])
            if status in OPEN:
                received = now - timedelta(days=rng.uniform(0, 45))
            else:
                received = now - timedelta(days=rng.uniform(0, 730))
            limit = LIMIT_OF.get(status, "")
            point = rng.random() < 0.6
            anonymous = rng.random() < 0.3
            text = " ".join(rng.sample(words, 5) + rng.sample(FILLER, 4))
            if status in OPEN and office == busiest_office:
                busiest_open += 1
            write(
                {
                    "id": complaint_id,
                    "code": codes[complaint_id - 1],
                    "pin_hash": "md5$bench$0",
                    "category_id": category_pk,
                    "channel": "hotline" if is_hotline else rng.choice(CHANNELS),
                    "title": " ".join(words[:3]).capitalize(),
                    "text": text,
                    "status": status,
                    "lock_version": 2,
                    "region_id": region,
                    "village_id": village["code"],
                    "address": f"RT {rt[-3:]} RW {rw[-3:]}",
                    "latitude": _scatter(rng, village["centre"][0]) if point else None,
                    "longitude": _scatter(rng, village["centre"][1]) if point else None,
                    "reporter_name": "" if anonymous else f"Warga {complaint_id}",
                    "reporter_phone": f"0812{complaint_id:08d}" if rng.random() < 0.8 else "",
                    "anonymous": anonymous,
                    "confidential": rng.random() < 0.05,
                    "level": LEVELS[level],
                    "office_id": office,
                    "verifying_office_id": office,
                    "unit_id": rt if level == "rt" else rw if level == "rw" else None,
                    "limit": limit,
                    "limit_due": today + timedelta(days=rng.randint(-4, 10)) if limit else None,
                    "resolve_by": (received + timedelta(days=60)).date(),
                    "follow_up": "Ditinjau dan dijadwalkan perbaikan."
                    if status not in ("received", "on_hold")
                    else "",
                    "resolution": "Sudah ditangani." if status in ("resolved", "closed") else "",
                    "escalations": 0,
                    "reopenings": 0,
                    "received_at": received,
                    "closed_at": received + timedelta(days=12) if status not in OPEN else None,
                    "updated_at": received + timedelta(days=3),
                }
            )
            if complaint_id % 50_000 == 0 or complaint_id == total:
                shared.flush(cursor, {Complaint: buffer})
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('complaints_complaint', 'id'), "
            "(SELECT COALESCE(MAX(id), 1) FROM complaints_complaint))"
        )
    with connection.cursor() as cursor:
        # As autovacuum would have: statistics, and the visibility map for index-only scans.
        for table in ("complaints_complaint", "regions_region", "offices_office"):
            cursor.execute(f"VACUUM ANALYZE {table}")
    world["busiest_open"] = busiest_open
    return f"{total:,} complaints"


def _scatter(rng, centre: float) -> str:
    """About 1 km around the village centre, as six decimals."""
    return f"{centre + rng.gauss(0, 0.009):.6f}"


# Measuring -----------------------------------------------------------------------------

WORKLIST_COLUMNS = (
    "id",
    "code",
    "title",
    "status",
    "level",
    "limit",
    "limit_due",
    "anonymous",
    "received_at",
    "category__name",
)


def measure_worklist(world, runs: int) -> list[tuple]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import NoReverseMatch, reverse

    from balai.complaints.constants import OPEN_STATUSES
    from balai.complaints.models import Complaint

    user = world["busiest_officer"]
    office = world["villages"][0]["office"]
    rows = []
    try:
        url = reverse("complaints:list")
    except NoReverseMatch:
        url = None
    if url:
        rows += _through_view(url, user, "worklist of the busiest desa", GOALS_MS["worklist"], runs)

    def orm():
        return list(
            Complaint.objects.visible_to(user)
            .filter(office_id=office, status__in=OPEN_STATUSES)
            .select_related("category")
            .only(*WORKLIST_COLUMNS)
            .order_by("limit_due", "id")[:25]
        )

    orm()
    with CaptureQueriesContext(connection) as captured:
        orm()
    (sql,) = [q["sql"] for q in captured.captured_queries]
    world["worklist_sql"] = sql
    rows.append(("worklist query (ORM, 25 rows)", 1, shared.timed(orm, runs), GOALS_MS["worklist"]))
    rows.append(("worklist query, raw SQL", 1, shared.timed(lambda: shared.raw(sql), runs), None))
    return rows


def _through_view(url, user, label, goal, runs) -> list[tuple]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(user)

    def page():
        response = client.get(url)
        assert response.status_code == 200, (response.status_code, response.content[:300])

    page()
    with CaptureQueriesContext(connection) as captured:
        page()
    queries = [q["sql"] for q in captured.captured_queries]
    rows = [(f"{label}, Django view", len(queries), shared.timed(page, runs), goal)]
    for sql in queries:
        if "complaints_complaint" in sql:
            kind = "counts" if "COUNT(" in sql.upper() else "page"
            rows.append(
                (
                    f"{label}, raw SQL of the {kind} query",
                    1,
                    shared.timed(lambda s=sql: shared.raw(s), runs),
                    None,
                )
            )
    return rows


def measure_duplicates(world, runs: int) -> list[tuple]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from balai.complaints.services import likely_duplicates
    from balai.regions.models import Region

    busiest_rt = _busiest_rt()
    region = Region.objects.get(code=busiest_rt)
    village = world["villages"][0]
    latitude, longitude = (f"{value:.6f}" for value in village["centre"])
    category = world["drain_category"]

    def suggest():
        return likely_duplicates(category, region, NEW_TEXT, latitude, longitude)

    found = suggest()
    with CaptureQueriesContext(connection) as captured:
        suggest()
    (sql,) = [q["sql"] for q in captured.captured_queries]
    world["duplicates_sql"] = sql
    print(f"duplicates: busiest RT {busiest_rt}, {len(found)} suggested")
    return [
        (
            "likely_duplicates(…) in the busiest RT",
            1,
            shared.timed(suggest, runs),
            GOALS_MS["duplicates"],
        ),
        ("likely_duplicates, raw SQL", 1, shared.timed(lambda: shared.raw(sql), runs), None),
    ]


def _busiest_rt() -> str:
    from django.db.models import Count

    from balai.complaints.models import Complaint

    return (
        Complaint.objects.filter(region__level=7)
        .values("region_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("region_id", flat=True)
        .first()
    )


def measure_open311(world, runs: int) -> list[tuple]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    url = "/open311/v2/requests.json?jurisdiction_id=35.16"
    client = Client()

    def get():
        response = client.get(url)
        assert response.status_code == 200, (response.status_code, response.content[:300])
        return response

    shown = len(get().json())
    with CaptureQueriesContext(connection) as captured:
        get()
    queries = [q["sql"] for q in captured.captured_queries]
    print(f"open311: {shown} requests in one answer")
    label = "Open311 GET requests.json?jurisdiction_id=35.16"
    rows = [(label, len(queries), shared.timed(get, runs), GOALS_MS["open311"])]
    for sql in queries:
        if "complaints_complaint" in sql:
            world.setdefault("open311_sql", sql)
            raw = shared.timed(lambda s=sql: shared.raw(s), runs)
            rows.append(("Open311, raw SQL of its complaint query", 1, raw, None))
    return rows


def explain_all(world) -> None:
    """The plans of the measured queries, for the record."""
    for label in ("worklist_sql", "duplicates_sql", "open311_sql"):
        sql = world.get(label)
        if sql:
            print("EXPLAIN ANALYZE", sql[:300], "…")
            for (line,) in shared.raw("EXPLAIN (ANALYZE, BUFFERS) " + sql):
                print("   ", line)
            print()


if __name__ == "__main__":
    main()
