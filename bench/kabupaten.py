"""Synthetic kabupaten: Lampung Tengah with three years of activity, for bench/run_all.py.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        python bench/kabupaten.py --regions kode-wilayah-2025.csv
    python bench/kabupaten.py --regions kode-wilayah-2025.csv --scale 0.01   # SQLite file

Builds the database `balai_bench_kabupaten` (on DATABASE_URL's PostgreSQL server; without a
PostgreSQL DATABASE_URL, a SQLite file in the data folder), keeps it for the scenarios of
bench/run_all.py (`--drop` removes it at the end), and prints the time of every table.
Deterministic: the same `--seed`, `--scale` and `--end` give the same rows.

The kabupaten is a real one, Kabupaten Lampung Tengah (18.02): its 28 kecamatan and 311
villages, loaded from the Kemendagri list with balai's own region loader (the province, the
kabupaten and everything under it), three RW with four RT each in every village. Offices:
every village office, every kecamatan office, the Disdukcapil, DPMPTSP, Dinas PUPR, Dinkes
and the Bupati's office, with opening hours and staff (head, section head and front-office
officers; a kabupaten admin). The catalogue is the demo's (19 services of adminduk, village
letters and licensing, with their village → kecamatan → agency steps).

Activity over the three years before `--end` (growing by about half from the first year to
the last), at full size (`--scale 1`):
- 1,000,000 service requests in a realistic mix (KK, KTP-el, akta, KIA, village letters…),
  spread unevenly over the villages, with all their steps and their history: created,
  submitted, accepted, forwarded, returned and resubmitted (7%), rejected (2.5%), cancelled
  (1.5%), late steps with their overdue events (6% at villages, 10% at kecamatan, 18% at
  the agencies), completed, handed over, closed; a few (0.3%) stuck for months. Requests
  still under way at `--end` are open at the step they reached;
- 500,000 survey answers (SKM): about four in five linked to a completed request, the rest
  from office kiosks; answers 1–4 skewed to 3 with per-office and per-element differences;
  the respondent profile in bands;
- 200,000 complaints with their history (received, verified, assigned, followed up,
  resolved, confirmed or closed; archived and merged ones), at RT/RW, village, kecamatan,
  agency or the Bupati's hotline;
- about 800,000 queue tickets: every working day at every village office, kecamatan office
  and the Disdukcapil (two service groups each), with waiting and service times.

PostgreSQL: rows go in with COPY (foreign-key triggers off, secondary indexes dropped during
the load and rebuilt after it), then VACUUM ANALYZE. SQLite: executemany in batches.
After the load, the rollups of `balai.stats` are rebuilt for the three years when that
module exists.
"""

import argparse
import bisect
import csv
import io
import os
import random
import sys
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench import common

common.use_repository_path()

DATABASE = "balai_bench_kabupaten"
KABUPATEN = "18.02"
PROVINCE = "18"
NAME = "Lampung Tengah"
YEARS = 3
FULL = {"requests": 1_000_000, "complaints": 200_000, "surveys": 500_000, "tickets": 800_000}
PASSWORD = "bench-only-123"
KABUPATEN_ADMIN = "admin.kabupaten"
DAY = 86_400
# Office hours, 08.00–15.30 WIB, in seconds after midnight UTC (WIB is UTC+7).
OPENS, OPEN_SECONDS = 3_600, 27_000

# Requests per year by service, roughly as a kabupaten of 1.5 million people files them.
SERVICE_WEIGHTS = {
    "kk-perubahan": 13,
    "kk-kepala-keluarga-meninggal": 2,
    "kk-hilang-rusak": 4,
    "ktp-el-baru": 10,
    "akta-kelahiran": 12,
    "akta-kematian": 3,
    "surat-pindah": 4,
    "kia-bawah-5-tahun": 4,
    "kia-5-tahun-ke-atas": 2,
    "sk-domisili": 11,
    "sktm": 9,
    "pengantar-skck": 6,
    "sk-usaha": 7,
    "sk-kelahiran": 4,
    "sk-kematian": 2,
    "pengantar-nikah": 4,
    "sk-ahli-waris": 1.5,
    "nib-usaha-mikro": 1.5,
}
# Share of steps finished after their deadline, by the kind of office.
LATE_SHARE = {"village": 0.06, "kecamatan": 0.10, "agency": 0.18}
AGENCIES = [
    ("disdukcapil", "Dinas Kependudukan dan Pencatatan Sipil"),
    ("dpmptsp", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu"),
    ("pupr", "Dinas Pekerjaan Umum dan Penataan Ruang"),
    ("dinkes", "Dinas Kesehatan"),
]
FIRST_NAMES = [
    "Agus",
    "Budi",
    "Dewi",
    "Eka",
    "Fitri",
    "Hendra",
    "Indah",
    "Joko",
    "Kartini",
    "Lestari",
    "Made",
    "Nur",
    "Putu",
    "Rahmat",
    "Siti",
    "Slamet",
    "Sri",
    "Tri",
    "Wahyu",
    "Yanti",
    "Yusuf",
    "Ahmad",
    "Ani",
    "Bambang",
    "Dian",
    "Gede",
    "Ketut",
    "Lina",
    "Rina",
    "Wayan",
]
LAST_NAMES = [
    "Saputra",
    "Wijaya",
    "Lestari",
    "Pratama",
    "Setiawan",
    "Hidayat",
    "Kusuma",
    "Santoso",
    "Rahayu",
    "Nugroho",
    "Putri",
    "Wibowo",
    "Susanto",
    "Utami",
    "Purnomo",
    "Sari",
    "Hakim",
    "Ramadhan",
    "Syahputra",
    "Handayani",
]
COMPLAINT_CATEGORIES = [
    # (code, name, weight, agency handling it at agency level, words its reports use)
    ("saluran-air", "Saluran air", 18, "pupr", "saluran selokan air tersumbat meluap banjir"),
    ("jalan-rusak", "Jalan rusak", 20, "pupr", "jalan berlubang rusak aspal becek kubangan"),
    ("lampu-jalan", "Lampu jalan", 10, "pupr", "lampu jalan padam gelap malam tiang"),
    ("sampah", "Sampah", 12, "pupr", "sampah menumpuk bau tempat pembuangan angkut"),
    ("pelayanan-administrasi", "Pelayanan administrasi", 14, "disdukcapil", "surat antre lama"),
    ("izin-usaha", "Perizinan usaha", 4, "dpmptsp", "izin usaha nib berkas permohonan"),
    ("kesehatan", "Kesehatan", 6, "dinkes", "puskesmas obat antre bidan posyandu"),
    ("hotline-bupati", "Hotline Bupati", 2, "", "bupati mohon perhatian warga bantuan"),
    ("aspirasi", "Aspirasi", 8, "pupr", "usul warga pembangunan taman lapangan"),
    ("permintaan-informasi", "Permintaan informasi", 6, "disdukcapil", "informasi jadwal"),
]
COMPLAINT_LEVELS = [("rt", 0.10), ("rw", 0.06), ("village", 0.72), ("kecamatan", 0.07)]
COMPLAINT_LEVEL_NUMBER = {"rt": 1, "rw": 2, "village": 4, "kecamatan": 5, "agency": 6, "head": 7}
COMPLAINT_CHANNELS = ["web"] * 5 + ["walk_in"] * 2 + ["whatsapp"] * 2 + ["phone"]
# SKM answer shares (1, 2, 3, 4) before the per-office and per-element shifts.
ANSWER_SHARES = (0.02, 0.10, 0.63, 0.25)
ELEMENT_SHIFT = {
    "persyaratan": 0.0,
    "prosedur": -0.05,
    "waktu": -0.12,
    "biaya": 0.25,
    "produk": 0.02,
    "kompetensi": 0.03,
    "perilaku": 0.08,
    "pengaduan": -0.10,
    "sarana": -0.06,
}
PROFILE = {
    "age_band": (["lt20", "20-29", "30-39", "40-49", "50-59", "60+"], [4, 24, 28, 22, 14, 8]),
    "sex": (["l", "p"], [48, 52]),
    "education": (["sd", "smp", "sma", "d123", "s1", "s2"], [22, 24, 38, 6, 9, 1]),
    "occupation": (
        ["pns", "tni", "swasta", "wirausaha", "petani", "pelajar", "rt", "lainnya"],
        [6, 1, 18, 20, 27, 6, 17, 5],
    ),
}
COMMENTS = [
    "Pelayanan cepat, terima kasih.",
    "Antrean terlalu lama.",
    "Petugas ramah dan membantu.",
    "Mohon ruang tunggu diperbaiki.",
    "Persyaratan sudah jelas.",
]


def main() -> None:
    sys.stdout.reconfigure(line_buffering=True)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--regions",
        type=Path,
        default=Path(os.environ.get("BALAI_REGIONS_CSV", "kode-wilayah-2025.csv")),
        help="the Kemendagri list (kode,nama); default $BALAI_REGIONS_CSV or ./kode-wilayah-2025.csv",
    )
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--scale", type=float, default=1.0, help="share of the full size")
    parser.add_argument(
        "--end", type=date.fromisoformat, default=date.today(), help="last day (YYYY-MM-DD)"
    )
    parser.add_argument("--drop", action="store_true", help="drop the database at the end")
    args = parser.parse_args()
    if not args.regions.is_file():
        sys.exit(f"Region list not found: {args.regions} (give --regions FILE).")
    server_url = os.environ.get("DATABASE_URL", "")
    started = time.perf_counter()
    os.environ["DATABASE_URL"] = common.create_database(DATABASE, server_url)
    common.setup_django()
    try:
        build(args)
    finally:
        if args.drop:
            common.drop_database(DATABASE, server_url)
    print(f"\ntotal: {time.perf_counter() - started:.1f} s; database {DATABASE} ", end="")
    print("dropped" if args.drop else f"kept ({os.environ['DATABASE_URL']})")


def build(args) -> None:
    from django.core.management import call_command
    from django.db import connection

    print(common.machine_line(connection))
    sizes = {name: round(full * args.scale) for name, full in FULL.items()}
    print(f"seed {args.seed}, scale {args.scale:g}, end {args.end}: {sizes}")
    with phase("migrate"):
        call_command("migrate", verbosity=0)
    with phase("regions, offices, staff, catalogue"):
        world = build_world(args)
    print(
        f"  {len(world.villages)} villages in {len(world.kecamatan)} kecamatan, "
        f"{world.office_count} offices, {world.user_count} staff users, "
        f"{len(world.services)} services"
    )
    calendar = Calendar(args.end, connection.vendor == "postgresql")
    loader = common.BulkLoader(connection)
    rng = random.Random(args.seed)
    with bulk_load(connection, loader):
        with phase("requests, steps, events, linked survey answers"):
            load_requests(world, calendar, loader, random.Random(rng.random()), sizes)
        with phase("kiosk survey answers"):
            load_kiosk_surveys(world, calendar, loader, random.Random(rng.random()), sizes)
        with phase("complaints and events"):
            load_complaints(world, calendar, loader, random.Random(rng.random()), sizes)
        with phase("queue tickets"):
            load_tickets(world, calendar, loader, random.Random(rng.random()), sizes)
    rebuild_rollups(calendar)


# Timing ------------------------------------------------------------------------------


class phase:
    """Prints how long a block took."""

    def __init__(self, label: str):
        self.label = label

    def __enter__(self):
        self.started = time.perf_counter()
        print(f"{self.label} …")

    def __exit__(self, *exc):
        if exc[0] is None:
            print(f"{self.label}: {time.perf_counter() - self.started:.1f} s")


class bulk_load:
    """Around the loaders: indexes off and triggers off on PostgreSQL, then everything back,
    sequences moved past the loaded ids, statistics gathered; one table of timings."""

    TABLES = (
        "cases_servicerequest",
        "cases_requeststep",
        "cases_requestevent",
        "surveys_surveyresponse",
        "complaints_complaint",
        "complaints_complaintevent",
        "queues_ticket",
        "queues_dailyqueuestat",
    )

    def __init__(self, connection, loader):
        self.connection, self.loader = connection, loader
        self.postgres = connection.vendor == "postgresql"

    def __enter__(self):
        from django.db import transaction

        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        self.dropped = []
        if self.postgres:
            with self.connection.cursor() as cursor:
                # The generator keeps every foreign key right; the triggers would only slow it.
                cursor.execute("SET LOCAL session_replication_role = replica")
                self.dropped = drop_secondary_indexes(cursor, self.TABLES)

    def __exit__(self, kind, error, trace):
        if kind is not None:
            self.atomic.__exit__(kind, error, trace)
            return
        self.loader.flush_all()
        rebuilt = {}
        with self.connection.cursor() as cursor:
            if self.postgres:
                cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
                rebuilt = recreate_indexes(cursor, self.dropped)
            for name in self.TABLES:
                reset_sequence(cursor, self.connection, name)
        self.atomic.__exit__(None, None, None)
        analysed = {}
        with self.connection.cursor() as cursor:
            for name in self.TABLES:
                started = time.perf_counter()
                cursor.execute(f"VACUUM ANALYZE {name}" if self.postgres else f"ANALYZE {name}")
                analysed[name] = time.perf_counter() - started
        print_timings(self.loader, rebuilt, analysed, self.postgres)


def drop_secondary_indexes(cursor, tables) -> list[tuple[str, str, str, str]]:
    """Drop the indexes and unique constraints (not primary keys) of `tables`; returns
    (table, kind, name, definition) to put them back."""
    cursor.execute(
        """
        SELECT t.relname, c.contype, i.relname, pg_get_indexdef(i.oid), c.conname,
               pg_get_constraintdef(c.oid)
        FROM pg_index x
        JOIN pg_class i ON i.oid = x.indexrelid
        JOIN pg_class t ON t.oid = x.indrelid
        LEFT JOIN pg_constraint c ON c.conindid = x.indexrelid AND c.conrelid = t.oid
        WHERE t.relname = ANY(%s) AND NOT x.indisprimary
        """,
        [list(tables)],
    )
    dropped = []
    for table, contype, index, index_sql, constraint, constraint_sql in cursor.fetchall():
        if contype:
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{constraint}"')
            dropped.append((table, "constraint", constraint, constraint_sql))
        else:
            cursor.execute(f'DROP INDEX "{index}"')
            dropped.append((table, "index", index, index_sql))
    return dropped


def recreate_indexes(cursor, dropped) -> dict[str, float]:
    seconds: dict[str, float] = {}
    for table, kind, name, sql in dropped:
        started = time.perf_counter()
        if kind == "constraint":
            cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {sql}')
        else:
            cursor.execute(sql)
        seconds[table] = seconds.get(table, 0.0) + time.perf_counter() - started
    return seconds


def reset_sequence(cursor, connection, table: str) -> None:
    if connection.vendor == "postgresql":
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
        )
    # SQLite takes the next id from the table itself.


def print_timings(loader, rebuilt, analysed, postgres) -> None:
    write = "COPY s" if postgres else "insert s"
    print(f"\n| table | rows | {write} | indexes s | analyse s |")
    print("|---|---:|---:|---:|---:|")
    for table in loader.tables.values():
        print(
            f"| {table.name} | {table.count:,} | {table.seconds:.1f} | "
            f"{rebuilt.get(table.name, 0):.1f} | {analysed.get(table.name, 0):.1f} |"
        )
    print()


# Calendar ------------------------------------------------------------------------------


class Calendar:
    """Days as numbers from the first day of the three years; times as seconds from its
    midnight (UTC). Working days follow the national holidays balai itself uses."""

    def __init__(self, end: date, postgres: bool):
        from balai.workdays.calendar import builtin_holidays

        self.first = date(end.year - YEARS, end.month, min(end.day, 28)) + timedelta(days=1)
        self.days = (end - self.first).days + 1
        self.end_day = self.days - 1
        # "Now" for the data: the last day at 16.00 WIB, after the offices close.
        self.now = self.end_day * DAY + 9 * 3600
        span = self.days + 800  # deadlines and stuck requests reach beyond the end
        holidays = set()
        for year in range(self.first.year, self.first.year + YEARS + 4):
            holidays |= builtin_holidays(year)
        dates = [self.first + timedelta(days=d) for d in range(span)]
        self.is_working = [d.weekday() < 5 and d not in holidays for d in dates]
        self.working = [d for d in range(span) if self.is_working[d]]
        self.next_index = []  # index in `working` of the first working day on or after d
        position = 0
        for d in range(span):
            while self.working[position] < d:
                position += 1
            self.next_index.append(position)
        self.day_text = [d.isoformat() for d in dates]
        suffix = "+00" if postgres else ""
        self.clock_text = [
            f"{h:02d}:{m:02d}:{s:02d}{suffix}"
            for h in range(24)
            for m in range(60)
            for s in range(60)
        ]
        self.window = [d for d in self.working if d <= self.end_day]

    def ts(self, seconds: int) -> str:
        day, rest = divmod(seconds, DAY)
        return f"{self.day_text[day]} {self.clock_text[rest]}"

    def date(self, day: int) -> str:
        return self.day_text[day]

    def add_working(self, day: int, n: int) -> int:
        """As balai.workdays.add_working_days: n working days after `day`."""
        index = self.next_index[day]
        if n == 0:
            return self.working[index]
        return self.working[index + n - (0 if self.is_working[day] else 1)]

    def working_between(self, a: int, b: int) -> int:
        return max(0, self.next_index[b + 1] - self.next_index[a + 1]) if b > a else 0

    def office_time(self, rng, day: int) -> int:
        return day * DAY + OPENS + int(rng.random() * OPEN_SECONDS)

    def later_working(self, rng, seconds: int, working_days: int) -> int:
        """A moment in office hours `working_days` after the given one (same day: later)."""
        if working_days == 0:
            return seconds + 600 + int(rng.random() * 7200)
        day = self.add_working(seconds // DAY, working_days)
        return self.office_time(rng, day)


# The world: regions, offices, staff, catalogue ---------------------------------------


@dataclass
class Village:
    code: str
    office: int
    kecamatan_office: int
    kecamatan_number: int
    staff: list[int] = field(default_factory=list)
    units: list[tuple[str, str]] = field(default_factory=list)  # (rw, rt)


@dataclass
class World:
    villages: list[Village]
    village_weights: list[float]
    kecamatan: dict[str, int]  # code → office id
    agencies: dict[str, int]  # agency → office id
    head_office: int
    staff: dict[int, list[int]]  # office id → user ids
    services: list[dict]
    service_weights: list[float]
    categories: list[tuple]
    queue_offices: list[dict]
    office_count: int = 0
    user_count: int = 0


def build_world(args) -> World:
    from django.db import transaction

    with transaction.atomic():
        regions = load_kabupaten_regions(args.regions)
        villages, kecamatan, agencies, head, offices = create_offices(regions)
        staff = create_staff(offices, villages, kecamatan, agencies, head)
        add_units(villages)
        services = create_catalogue()
        categories = create_categories()
        queue_offices = create_queues(villages, kecamatan, agencies)
    rng = random.Random(args.seed)
    order = list(range(len(villages)))
    rng.shuffle(order)
    # A few big villages, many small ones; kelurahan (the towns) twice their rank's share.
    weights = [0.0] * len(villages)
    for rank, index in enumerate(order):
        urban = villages[index].code.split(".")[-1].startswith("1")
        weights[index] = (2.0 if urban else 1.0) / (rank + 1) ** 0.6
    for village in villages:
        village.staff = staff[village.office]
    return World(
        villages=villages,
        village_weights=cumulative(weights),
        kecamatan=kecamatan,
        agencies=agencies,
        head_office=head,
        staff=staff,
        services=services,
        service_weights=cumulative([s["weight"] for s in services]),
        categories=categories,
        queue_offices=queue_offices,
        office_count=len(offices),
        user_count=sum(len(users) for users in staff.values()) + 1,
    )


def cumulative(weights: list[float]) -> list[float]:
    total, out = 0.0, []
    for weight in weights:
        total += weight
        out.append(total)
    return [value / total for value in out]


def pick(rng, cumulative_weights: list[float]) -> int:
    return min(bisect.bisect(cumulative_weights, rng.random()), len(cumulative_weights) - 1)


def load_kabupaten_regions(path: Path) -> dict[str, str]:
    """The kabupaten's rows of the list (and its province), through balai's loader."""
    from balai.regions.services import load_regions

    rows = []
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        for row in reader:
            code = row[0].strip()
            if code in (PROVINCE, KABUPATEN) or code.startswith(KABUPATEN + "."):
                rows.append(row)
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(header)
    writer.writerows(rows)
    text.seek(0)
    report = load_regions(text)
    print(f"  regions: {report.summary()}")
    return {row[0].strip(): row[1].strip() for row in rows}


def create_offices(regions: dict[str, str]):
    from datetime import time as clock

    from balai.offices.constants import OfficeKind
    from balai.offices.models import Office, OpeningHours

    def office(name, kind, region, agency=""):
        return Office(
            name=name,
            kind=kind,
            region_id=region,
            agency=agency,
            address=f"{name}, Kabupaten {NAME}, Lampung",
            phone="(0725) 000000",
        )

    kecamatan_codes = sorted(c for c in regions if c.count(".") == 2)
    village_codes = sorted(c for c in regions if c.count(".") == 3)
    rows = [
        office(f"Kantor Kecamatan {regions[c]}", OfficeKind.KECAMATAN, c) for c in kecamatan_codes
    ]
    for code in village_codes:
        prefix = "Kelurahan" if code.split(".")[-1].startswith("1") else "Desa"
        rows.append(office(f"Kantor {prefix} {regions[code]}", OfficeKind.VILLAGE, code))
    for agency, name in AGENCIES:
        rows.append(office(f"{name} Kabupaten {NAME}", OfficeKind.AGENCY, KABUPATEN, agency))
    rows.append(office(f"Kantor Bupati {NAME}", OfficeKind.HEAD, KABUPATEN))
    Office.objects.bulk_create(rows)
    offices = list(Office.objects.order_by("id"))
    by_region = {(o.region_id, o.kind, o.agency): o.pk for o in offices}
    kecamatan = {c: by_region[(c, OfficeKind.KECAMATAN, "")] for c in kecamatan_codes}
    villages = [
        Village(
            code=code,
            office=by_region[(code, OfficeKind.VILLAGE, "")],
            kecamatan_office=kecamatan[code.rsplit(".", 1)[0]],
            kecamatan_number=int(code.split(".")[2]),
        )
        for code in village_codes
    ]
    agencies = {a: by_region[(KABUPATEN, OfficeKind.AGENCY, a)] for a, _ in AGENCIES}
    head = by_region[(KABUPATEN, OfficeKind.HEAD, "")]
    periods = [(clock(8), clock(12)), (clock(13), clock(15, 30))]
    OpeningHours.objects.bulk_create(
        OpeningHours(office=o, weekday=day, opens=opens, closes=closes)
        for o in offices
        for day in range(5)
        for opens, closes in periods
    )
    return villages, kecamatan, agencies, head, offices


def create_staff(offices, villages, kecamatan, agencies, head) -> dict[int, list[int]]:
    """Staff of every office; usernames follow `staff_username`. Returns office → user ids
    of those who work requests (heads last)."""
    from django.contrib.auth.hashers import make_password

    from balai.accounts.models import User
    from balai.offices.constants import OfficeKind, Role
    from balai.offices.models import Membership

    per_kind = {
        OfficeKind.VILLAGE: [("kepala", Role.HEAD), ("sekdes", Role.SECTION_HEAD)]
        + [(f"petugas{n}", Role.FRONT_OFFICE) for n in (1, 2)],
        OfficeKind.KECAMATAN: [("camat", Role.HEAD), ("kasi", Role.SECTION_HEAD)]
        + [(f"petugas{n}", Role.FRONT_OFFICE) for n in (1, 2, 3)],
        OfficeKind.AGENCY: [("kepala", Role.HEAD), ("kabid", Role.SECTION_HEAD)]
        + [(f"operator{n}", Role.OPERATOR) for n in (1, 2)]
        + [(f"petugas{n}", Role.FRONT_OFFICE) for n in range(1, 9)],
        OfficeKind.HEAD: [("sekda", Role.HEAD), ("petugas1", Role.FRONT_OFFICE)],
    }
    password = make_password(PASSWORD)  # one slow hash for every account
    users, roles = [], []
    for office in offices:
        for suffix, role in per_kind[office.kind]:
            username = staff_username(office, suffix)
            users.append(
                User(
                    username=username,
                    full_name=f"{suffix.title()} {office.name}",
                    password=password,
                )
            )
            roles.append((username, office.pk, role))
    users.append(User(username=KABUPATEN_ADMIN, full_name="Admin Kabupaten", password=password))
    roles.append((KABUPATEN_ADMIN, head, Role.KABUPATEN_ADMIN))
    User.objects.bulk_create(users)
    ids = dict(User.objects.values_list("username", "id"))
    Membership.objects.bulk_create(
        Membership(user_id=ids[username], office_id=office, role=role)
        for username, office, role in roles
    )
    staff: dict[int, list[int]] = {}
    for username, office, role in roles:
        if role != Role.KABUPATEN_ADMIN:
            # Front office first: they do most of the work.
            staff.setdefault(office, [])
            if role in (Role.FRONT_OFFICE, Role.OPERATOR):
                staff[office].insert(0, ids[username])
            else:
                staff[office].append(ids[username])
    return staff


def staff_username(office, suffix: str) -> str:
    """`desa.1802012001.petugas1`, `kecamatan.180201.camat`, `disdukcapil.petugas1`…"""
    if office.kind == "agency":
        return f"{office.agency}.{suffix}"
    if office.kind == "head":
        return f"bupati.{suffix}"
    prefix = "desa" if office.kind == "village" else "kecamatan"
    return f"{prefix}.{office.region_id.replace('.', '')}.{suffix}"


def add_units(villages: list[Village]) -> None:
    """Three RW with four RT each in every village, as an administrator would add them."""
    from balai.regions.models import Region

    units = []
    for village in villages:
        for w in range(1, 4):
            rw = f"{village.code}.RW{w:03d}"
            units.append(
                Region(code=rw, name=f"{w:03d}", level=6, kind="rw", parent_id=village.code)
            )
            for t in range(1, 5):
                rt = f"{rw}.RT{t:03d}"
                units.append(Region(code=rt, name=f"{t:03d}", level=7, kind="rt", parent_id=rw))
                village.units.append((rw, rt))
    Region.objects.bulk_create(units, batch_size=2000)


def create_catalogue() -> list[dict]:
    """The demo's services, published, with their steps."""
    from balai.catalog.models import Service
    from balai.core.demo.build import Report, write_service
    from balai.core.demo.catalog import SERVICES

    report = Report()
    for spec in SERVICES:
        write_service(spec, report)
    services = []
    for service in Service.objects.select_related("current_version").order_by("id"):
        steps = [
            {
                "id": step.pk,
                "name": step.name,
                "kind": step.office_kind,
                "agency": step.agency,
                "limit": step.time_limit_days,
            }
            for step in service.current_version.steps.order_by("position")
        ]
        version = service.current_version
        services.append(
            {
                "id": service.pk,
                "version": version.pk,
                "steps": steps,
                "online": version.via_online,
                "weight": SERVICE_WEIGHTS.get(service.code, 1),
                "limit": sum(step["limit"] for step in steps),
            }
        )
    return services


def create_categories() -> list[tuple]:
    from balai.complaints.models import Category

    rows = Category.objects.bulk_create(
        Category(code=code, name=name, position=n, is_hotline=code == "hotline-bupati")
        for n, (code, name, _weight, _agency, _words) in enumerate(COMPLAINT_CATEGORIES)
    )
    return [
        (row.pk, weight, agency, words.split(), row.is_hotline)
        for row, (_c, _n, weight, agency, words) in zip(rows, COMPLAINT_CATEGORIES, strict=True)
    ]


def create_queues(villages, kecamatan, agencies) -> list[dict]:
    """Two service groups and one to six desks at every village and kecamatan office and at
    the Disdukcapil; tickets per working day in proportion to each office's traffic."""
    from balai.queues.models import Desk, ServiceGroup

    plan = [(v.office, 1, 2.0) for v in villages]
    plan += [(office, 2, 12.0) for office in kecamatan.values()]
    plan.append((agencies["disdukcapil"], 6, 60.0))
    groups = ServiceGroup.objects.bulk_create(
        ServiceGroup(office_id=office, name=name, prefix=prefix, position=n)
        for office, _desks, _daily in plan
        for n, (prefix, name) in enumerate([("A", "Kependudukan"), ("B", "Surat dan lainnya")])
    )
    desks = Desk.objects.bulk_create(
        Desk(office_id=office, name=f"Loket {n}", position=n)
        for office, count, _daily in plan
        for n in range(1, count + 1)
    )
    groups_of = {}
    for group in groups:
        groups_of.setdefault(group.office_id, []).append(group.pk)
    desks_of = {}
    for desk in desks:
        desks_of.setdefault(desk.office_id, []).append(desk.pk)
    Desk.groups.through.objects.bulk_create(
        Desk.groups.through(desk_id=desk.pk, servicegroup_id=group)
        for desk in desks
        for group in groups_of[desk.office_id]
    )
    return [
        {"office": office, "groups": groups_of[office], "desks": desks_of[office], "daily": daily}
        for office, _count, daily in plan
    ]


# Codes ---------------------------------------------------------------------------------

CODE_SPACE = 32**8


def code_maker(salt: int):
    """Unique valid tracking codes: a fixed odd multiplier permutes the ids (no set kept)."""
    from balai.lib.codes import ALPHABET, check_character

    multiplier = 0x9E3779B97F4A7C15 % CODE_SPACE | 1
    offset = (salt * 0x5851F42D4C957F2D) % CODE_SPACE

    def make(number: int) -> str:
        value = (number * multiplier + offset) % CODE_SPACE
        body = []
        for _ in range(8):
            value, digit = divmod(value, 32)
            body.append(ALPHABET[digit])
        text = "".join(body)
        return text + check_character(text)

    return make


def event_uuid(table: int, number: int) -> str:
    return f"{table:08x}-0000-4000-8000-{number:012x}"


# Requests ------------------------------------------------------------------------------

REQUEST_COLUMNS = [
    "id", "code", "pin_hash", "service_id", "version_id", "channel", "status", "lock_version",
    "applicant_name", "applicant_nik", "applicant_phone", "applicant_address",
    "applicant_region_id", "village_id", "origin_office_id", "created_by_id",
    "current_step_id", "current_office_id", "step_count", "current_due", "due_date",
    "returned_from", "returned_at", "suspended_days", "handover_method", "created_at",
    "submitted_at", "completed_at", "handed_over_at", "closed_at",
]  # fmt: skip
STEP_COLUMNS = [
    "id", "request_id", "position", "name", "catalog_step_id", "office_id", "time_limit_days",
    "status", "assignee_id", "started_at", "due_date", "finished_at", "alert",
]  # fmt: skip
EVENT_COLUMNS = [
    "id", "request_id", "kind", "action", "at", "actor_id", "by_applicant", "office_id",
    "from_status", "to_status", "step_position", "note", "uuid",
]  # fmt: skip
SURVEY_COLUMNS = [
    "id", "office_id", "service_id", "request_id", "channel", "submitted_at", "age_band", "sex",
    "education", "occupation", "comment", "persyaratan", "prosedur", "waktu", "biaya", "produk",
    "kompetensi", "perilaku", "pengaduan", "sarana",
]  # fmt: skip


class Counter:
    def __init__(self):
        self.value = 0

    def next(self) -> int:
        self.value += 1
        return self.value


def arrival_days(calendar: Calendar) -> list[float]:
    """Cumulative weights of the working days: use grows by half over the years, Mondays
    are busier."""
    span = max(calendar.end_day, 1)
    weights = []
    for day in calendar.window:
        weight = 0.7 + 0.5 * day / span
        if (calendar.first + timedelta(days=day)).weekday() == 0:
            weight *= 1.25
        weights.append(weight)
    return cumulative(weights)


def load_requests(world, calendar, loader, rng, sizes) -> None:
    from balai.cases.models import RequestEvent, RequestStep, ServiceRequest
    from balai.surveys.models import SurveyResponse

    tables = {
        "request": loader.table(ServiceRequest, REQUEST_COLUMNS),
        "step": loader.table(RequestStep, STEP_COLUMNS),
        "event": loader.table(RequestEvent, EVENT_COLUMNS),
        "survey": loader.table(SurveyResponse, SURVEY_COLUMNS),
    }
    days = arrival_days(calendar)
    make_code = code_maker(1)
    ids = {name: Counter() for name in ("step", "event", "survey")}
    survey = SurveyMaker(world, calendar, rng)
    # About four in five survey answers come through a completed request's invitation.
    linked_share = min(1.0, 0.8 * sizes["surveys"] / max(sizes["requests"] * 0.9, 1))
    for number in range(1, sizes["requests"] + 1):
        request = simulate_request(world, calendar, rng, days)
        write_request(number, request, world, calendar, tables, ids, make_code)
        completed = request["completed"]
        if completed is not None and rng.random() < linked_share:
            at = completed + int(rng.random() * 3 * DAY)
            if at <= calendar.now:
                tables["survey"].add(
                    survey.row(
                        ids["survey"].next(),
                        request["village"].office,
                        request["service"]["id"],
                        number,
                        "link" if rng.random() < 0.7 else "qr",
                        at,
                    )
                )
    world.survey_ids = ids["survey"]


def simulate_request(world, calendar, rng, days) -> dict:
    """One request's whole life as a list of events; the caller cuts it at "now"."""
    service = world.services[pick(rng, world.service_weights)]
    village = world.villages[pick(rng, world.village_weights)]
    online = service["online"] and rng.random() < 0.12
    channel = "online" if online else "assisted" if rng.random() < 0.6 else "counter"
    day = calendar.window[pick(rng, days)]
    submitted = day * DAY + int(rng.random() * DAY) if online else calendar.office_time(rng, day)
    submitted = min(submitted, calendar.now - 960 - int(rng.random() * 7200))
    offices = [step_office(world, village, step) for step in service["steps"]]
    front = village.staff[0]
    created_by = None if online else village.staff[int(rng.random() * 2)]
    events = [
        (
            "created",
            "",
            submitted - 60 - int(rng.random() * 900),
            None,
            village.office,
            "",
            "draft",
            None,
        )
    ]
    events.append(
        ("action", "submit", submitted, created_by, village.office, "draft", "submitted", 1)
    )
    fate = rng.random()
    steps_count = len(service["steps"])
    reject_at = int(rng.random() * steps_count) + 1 if fate < 0.025 else 0
    return_at = int(rng.random() * steps_count) + 1 if 0.04 < fate < 0.11 else 0
    stuck_at = int(rng.random() * steps_count) + 1 if 0.11 < fate < 0.113 else 0
    steps = []
    status, t = "submitted", submitted
    suspended = 0
    end = None  # rejected / cancelled: the moment the clock stopped
    if fate > 0.985:  # cancelled before anyone accepted it
        end = t + int(rng.random() * 2 * DAY)
        events.append(("action", "cancel", end, created_by, village.office, status, "cancelled", 1))
        steps.append(
            {
                "start": t,
                "due": calendar.add_working(day, service["steps"][0]["limit"]),
                "finish": end,
                "late": False,
            }
        )
        return finish_request(locals())
    for position, (step, office) in enumerate(zip(service["steps"], offices, strict=True), 1):
        staff = world.staff[office]
        actor = staff[int(rng.random() * min(len(staff), 3))]
        start = t
        due = calendar.add_working(start // DAY, step["limit"])
        if position == 1:
            t += 300 + int(rng.random() * 3 * 3600)
            events.append(("action", "accept", t, actor, office, "submitted", "in_process", 1))
            status = "in_process"
        if position == return_at:
            t += 1800 + int(rng.random() * 3 * 3600)
            events.append(("action", "return", t, actor, office, status, "returned", position))
            back = calendar.office_time(rng, t // DAY + 1 + int(rng.random() * 10))
            waited = calendar.working_between(t // DAY, back // DAY)
            events.append(("action", "resubmit", back, None, office, "returned", status, position))
            due = calendar.add_working(due, waited)
            suspended += waited
            t = back
        late = rng.random() < LATE_SHARE[step["kind"]]
        work = (
            step["limit"] + 1 + int(rng.expovariate(0.4))
            if late
            else int(rng.random() * (step["limit"] + 1))
        )
        if position == stuck_at:
            work += 20 + int(rng.random() * 250)
            late = True
        finish = calendar.later_working(rng, t, work)
        if finish // DAY > due:
            late = True
            events.append(
                ("overdue", "", (due + 1) * DAY + 600, None, office, status, status, position)
            )
        if position == reject_at:
            lead = staff[-1]
            events.append(("action", "reject", finish, lead, office, status, "rejected", position))
            steps.append({"start": start, "due": due, "finish": finish, "late": late})
            end = finish
            return finish_request(locals())
        steps.append({"start": start, "due": due, "finish": finish, "late": late})
        if position < steps_count:
            events.append(
                ("action", "forward", finish, actor, office, status, status, position + 1)
            )
        else:
            events.append(
                ("action", "complete", finish, actor, office, status, "completed", position)
            )
        t = finish
    completed = t
    # Most collect their document within days; one in ten leaves it waiting for weeks.
    wait = 5 + rng.expovariate(1 / 25) if rng.random() < 0.1 else rng.expovariate(0.5)
    handed = calendar.later_working(rng, completed, int(wait))
    delivery = rng.random() < 0.1
    events.append(
        (
            "action",
            "hand_over",
            handed,
            front,
            village.office,
            "completed",
            "handed_over",
            steps_count,
        )
    )
    closed = None
    if rng.random() < 0.7:
        closed = calendar.later_working(rng, handed, int(rng.random() * 4))
        events.append(
            ("action", "close", closed, front, village.office, "handed_over", "closed", steps_count)
        )
    return finish_request(locals())


def finish_request(scope: dict) -> dict:
    keys = (
        "service", "village", "channel", "offices", "events", "steps", "submitted", "day",
        "created_by", "suspended", "end",
    )  # fmt: skip
    request = {key: scope[key] for key in keys}
    request["completed"] = scope.get("completed")
    request["handed"] = scope.get("handed")
    request["closed"] = scope.get("closed")
    request["delivery"] = scope.get("delivery", False)
    return request


def step_office(world, village, step) -> int:
    if step["kind"] == "village":
        return village.office
    if step["kind"] == "kecamatan":
        return village.kecamatan_office
    return world.agencies[step["agency"]]


def write_request(number, request, world, calendar, tables, ids, make_code) -> None:
    """Write the request as it stands at "now", its steps and the events until then."""
    now = calendar.now
    events = [e for e in request["events"] if e[2] <= now]
    events.sort(key=lambda e: e[2])
    service, village = request["service"], request["village"]
    last = events[-1]
    status = last[6]
    # The step the request stands at: the last event's step, except for overdue notes.
    position = max((e[7] or 1) for e in events if e[0] != "overdue") if len(events) > 1 else 1
    steps = request["steps"]
    first_step = ids["step"].value + 1
    current_step = first_step + position - 1
    open_statuses = ("submitted", "in_process", "returned")
    for index, step in enumerate(service["steps"]):
        place = index + 1
        simulated = steps[index] if index < len(steps) else None
        if place < position or (place == position and status not in open_statuses):
            state = "done"
        elif place == position:
            state = "active"
        else:
            state = "pending"
        started = due = finished = None
        alert = 0
        if state != "pending" and simulated is not None:
            started, due = calendar.ts(simulated["start"]), calendar.date(simulated["due"])
            if state == "done":
                finished = calendar.ts(min(simulated["finish"], last[2]))
                alert = 2 if simulated["late"] else 0
            else:
                alert = 2 if now // DAY > simulated["due"] else 0
        staff = world.staff[request["offices"][index]]
        tables["step"].add(
            (
                ids["step"].next(), number, place, step["name"], step["id"],
                request["offices"][index], step["limit"], state,
                staff[0] if state != "pending" else None, started, due, finished, alert,
            )
        )  # fmt: skip
    for kind, action, at, actor, office, from_status, to_status, step_position in events:
        event_id = ids["event"].next()
        tables["event"].add(
            (
                event_id, number, kind, action, calendar.ts(at), actor,
                action in ("resubmit",) or (action == "submit" and actor is None), office,
                from_status, to_status, step_position, "", event_uuid(1, event_id),
            )
        )  # fmt: skip
    current = steps[min(position, len(steps)) - 1]
    submitted_day = request["submitted"] // DAY
    due_date = calendar.add_working(submitted_day, service["limit"] + request["suspended"])
    if status in open_statuses:
        current_office = request["offices"][position - 1]
        current_due = calendar.date(current["due"])
    elif status in ("completed", "handed_over", "closed"):
        current_office = village.office
        current_due = calendar.date(request["completed"] // DAY)
    else:
        current_office = request["offices"][position - 1]
        current_due = calendar.date(current["due"])
    returned = status == "returned"
    name = f"{FIRST_NAMES[number % len(FIRST_NAMES)]} {LAST_NAMES[number % len(LAST_NAMES)]}"
    unit = village.units[number % len(village.units)][1]
    completed, handed, closed = request["completed"], request["handed"], request["closed"]
    stopped = request["end"]
    tables["request"].add(
        (
            number, make_code(number), "md5$bench$0", service["id"], service["version"],
            request["channel"], status, len(events), name,
            f"1802{village.kecamatan_number:02d}{number % 28 + 1:02d}{number % 12 + 1:02d}"
            f"{number % 60 + 40:02d}{number % 10_000:04d}",
            f"0812{number:08d}", f"Dusun {unit[-9:-6]} RT {unit[-3:]}", unit, village.code,
            village.office, request["created_by"], current_step, current_office,
            len(service["steps"]), current_due, calendar.date(due_date),
            "in_process" if returned else "", calendar.ts(last[2]) if returned else None,
            request["suspended"],
            ("delivery" if request["delivery"] else "pickup") if handed and handed <= now else "",
            calendar.ts(events[0][2]), calendar.ts(request["submitted"]),
            calendar.ts(completed) if completed and completed <= now else None,
            calendar.ts(handed) if handed and handed <= now else None,
            calendar.ts(closed) if closed and closed <= now
            else calendar.ts(stopped) if stopped and stopped <= now else None,
        )
    )  # fmt: skip


# Surveys -------------------------------------------------------------------------------


class SurveyMaker:
    """Answers 1–4 per element: mostly 3, each office a little better or worse."""

    def __init__(self, world, calendar, rng):
        from balai.surveys.constants import ELEMENTS

        self.calendar, self.rng = calendar, rng
        self.elements = ELEMENTS
        self.quality: dict[int, float] = {}
        self.profile = [(values, cumulative(weights)) for values, weights in PROFILE.values()]

    def answer(self, shift: float) -> int:
        roll = self.rng.random()
        low, mid, high = ANSWER_SHARES[0], ANSWER_SHARES[1], ANSWER_SHARES[3]
        # A positive shift moves answers up: fewer 1–2, more 4.
        four = min(0.9, max(0.02, high + shift))
        one_two = max(0.02, (low + mid) * (1 - 2 * shift))
        if roll < four:
            return 4
        if roll < four + one_two:
            return 1 if roll - four < one_two * low / (low + mid) else 2
        return 3

    def row(self, number, office, service, request, channel, at) -> tuple:
        rng = self.rng
        quality = self.quality.get(office)
        if quality is None:
            quality = self.quality[office] = rng.gauss(0, 0.08)
        answers = tuple(self.answer(quality + ELEMENT_SHIFT[e]) for e in self.elements)
        profile = tuple(
            values[pick(rng, weights)] if rng.random() < 0.95 else ""
            for values, weights in self.profile
        )
        comment = COMMENTS[int(rng.random() * len(COMMENTS))] if rng.random() < 0.06 else ""
        return (
            number,
            office,
            service,
            request,
            channel,
            self.calendar.ts(at),
            *profile,
            comment,
            *answers,
        )


def load_kiosk_surveys(world, calendar, loader, rng, sizes) -> None:
    """The answers not linked to a request, from kiosks at the village and kecamatan offices,
    up to the size asked."""
    from balai.surveys.models import SurveyResponse

    table = loader.table(SurveyResponse, SURVEY_COLUMNS)
    maker = SurveyMaker(world, calendar, rng)
    counter = getattr(world, "survey_ids", Counter())
    days = arrival_days(calendar)
    kecamatan = list(world.kecamatan.values())
    while counter.value < sizes["surveys"]:
        if rng.random() < 0.3:
            office = kecamatan[int(rng.random() * len(kecamatan))]
        else:
            office = world.villages[pick(rng, world.village_weights)].office
        at = calendar.office_time(rng, calendar.window[pick(rng, days)])
        service = (
            world.services[pick(rng, world.service_weights)]["id"] if rng.random() < 0.7 else None
        )
        table.add(maker.row(counter.next(), office, service, None, "kiosk", at))


# Complaints ----------------------------------------------------------------------------

COMPLAINT_COLUMNS = [
    "id", "code", "pin_hash", "category_id", "channel", "title", "text", "status",
    "lock_version", "region_id", "village_id", "address", "reporter_name", "reporter_phone",
    "anonymous", "confidential", "level", "office_id", "verifying_office_id", "unit_id",
    "assignee_id", "limit", "limit_due", "resolve_by", "follow_up", "resolution",
    "escalations", "reopenings", "received_at", "verified_at", "followed_up_at",
    "resolved_at", "closed_at", "updated_at",
]  # fmt: skip
COMPLAINT_EVENT_COLUMNS = [
    "id", "complaint_id", "action", "at", "actor_id", "by_reporter", "office_id",
    "from_status", "to_status", "from_level", "to_level", "note", "uuid",
]  # fmt: skip
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


def load_complaints(world, calendar, loader, rng, sizes) -> None:
    from balai.complaints.models import Complaint, ComplaintEvent

    complaints = loader.table(Complaint, COMPLAINT_COLUMNS)
    events = loader.table(ComplaintEvent, COMPLAINT_EVENT_COLUMNS)
    make_code = code_maker(2)
    days = arrival_days(calendar)
    category_weights = cumulative([c[1] for c in world.categories])
    levels, level_shares = zip(*COMPLAINT_LEVELS, strict=True)
    level_weights = cumulative(list(level_shares))
    event_ids = Counter()
    now = calendar.now
    for number in range(1, sizes["complaints"] + 1):
        category, _weight, agency, words, hotline = world.categories[pick(rng, category_weights)]
        village = world.villages[pick(rng, world.village_weights)]
        rw, rt = village.units[int(rng.random() * len(village.units))]
        level = "head" if hotline else levels[pick(rng, level_weights)]
        if not hotline and rng.random() < 0.05:
            level = "agency"
        office = {
            "kecamatan": village.kecamatan_office,
            "agency": world.agencies.get(agency or "disdukcapil"),
            "head": world.head_office,
        }.get(level, village.office)
        channel = "hotline" if hotline else COMPLAINT_CHANNELS[int(rng.random() * 10)]
        received = calendar.window[pick(rng, days)] * DAY + int(rng.random() * DAY)
        received = min(received, calendar.now - 60 - int(rng.random() * 7200))
        staff = world.staff[office]
        actor = staff[0]
        lead = staff[-1]
        history = [("", received, None, "", "received")]
        verified = followed = resolved = closed = None
        limit, limit_start = "verify", received
        roll = rng.random()
        late = rng.random() < 0.1
        t = calendar.later_working(
            rng, received, (4 + int(rng.random() * 5)) if late else int(rng.random() * 3)
        )
        if roll < 0.06:
            history.append(("archive", t, actor, "received", "archived"))
            closed = t
        else:
            verified = t
            history.append(("accept", t, actor, "received", "accepted"))
            status = "accepted"
            if rng.random() < 0.6:
                t += 600 + int(rng.random() * 7200)
                history.append(("assign", t, lead, "accepted", "assigned"))
                status = "assigned"
            if roll < 0.09:
                t = calendar.later_working(rng, t, int(rng.random() * 3))
                history.append(("merge", t, actor, status, "merged"))
                closed = t
            else:
                t = calendar.later_working(rng, t, int(rng.random() * (8 if late else 5)))
                followed = t
                history.append(("follow_up", t, actor, status, "in_progress"))
                t = calendar.later_working(rng, t, 1 + int(rng.expovariate(0.12)))
                resolved = t
                history.append(("resolve", t, actor, "in_progress", "resolved"))
                if rng.random() < 0.45:
                    t = calendar.later_working(rng, t, int(rng.random() * 10))
                    history.append(("confirm", t, None, "resolved", "closed"))
                else:
                    t = calendar.later_working(rng, t, 10)
                    history.append(("close", t, None, "resolved", "closed"))
                closed = t
        seen = [h for h in history if h[1] <= now]
        status = seen[-1][4]
        level_number = COMPLAINT_LEVEL_NUMBER[level]
        for action, at, who, from_status, to_status in seen:
            event_id = event_ids.next()
            events.add(
                (
                    event_id, number, action, calendar.ts(at), who, action == "confirm", office,
                    from_status if action else "", to_status, None, level_number,
                    "" if action else "Diterima melalui kanal pengaduan.", event_uuid(2, event_id),
                )
            )  # fmt: skip
        if status == "received":
            limit, limit_start = "verify", received
        elif status in ("accepted", "assigned"):
            limit, limit_start = "follow_up", verified
        elif status == "resolved":
            limit, limit_start = "confirm", resolved
        else:
            limit = ""
        limit_days = {"verify": 3, "follow_up": 5, "confirm": 10}.get(limit, 0)
        limit_due = (
            calendar.date(calendar.add_working(limit_start // DAY, limit_days)) if limit else None
        )
        anonymous = rng.random() < 0.3
        in_rt = level in ("rt", "rw") or rng.random() < 0.6
        text = " ".join(rng.sample(words, min(4, len(words))) + rng.sample(FILLER, 4))

        def shown(moment):
            return calendar.ts(moment) if moment is not None and moment <= now else None

        complaints.add(
            (
                number, make_code(number), "md5$bench$0", category, channel,
                " ".join(words[:3]).capitalize(), text, status, len(seen),
                rt if in_rt else village.code, village.code, f"RT {rt[-3:]} RW {rw[-3:]}",
                "" if anonymous else f"Warga {number}",
                f"0813{number:08d}" if rng.random() < 0.8 else "",
                anonymous, rng.random() < 0.05, level_number, office, office,
                rt if level == "rt" else rw if level == "rw" else None,
                lead if status == "assigned" else None, limit, limit_due,
                calendar.date(received // DAY + 60),
                "Ditinjau dan dijadwalkan perbaikan." if followed and followed <= now else "",
                "Sudah ditangani." if resolved and resolved <= now else "",
                0, 0, calendar.ts(received), shown(verified), shown(followed), shown(resolved),
                shown(closed), calendar.ts(seen[-1][1]),
            )
        )  # fmt: skip


# Queue tickets -------------------------------------------------------------------------

TICKET_COLUMNS = [
    "id", "office_id", "group_id", "day", "prefix", "number", "code", "status", "priority",
    "source", "desk_id", "calls", "order_at", "issued_at", "called_at", "started_at",
    "finished_at",
]  # fmt: skip
PRIORITIES = ["elderly", "disabled", "pregnant", "infant"]


def load_tickets(world, calendar, loader, rng, sizes) -> None:
    from balai.queues.models import Ticket

    table = loader.table(Ticket, TICKET_COLUMNS)
    make_code = code_maker(3)
    offices = world.queue_offices
    total_daily = sum(o["daily"] for o in offices)
    window = calendar.window
    span = max(calendar.end_day, 1)
    # Mean tickets per office and day so that the whole comes to the size asked.
    base = sizes["tickets"] / (total_daily * len(window) * 0.95)
    stats = DayStats(loader, calendar)
    number = 0
    for day in window:
        growth = 0.7 + 0.5 * day / span
        for queue in offices:
            mean = queue["daily"] * base * growth * (0.6 + 0.8 * rng.random())
            count = int(mean) + (rng.random() < mean - int(mean))
            if not count:
                continue
            stats.start(queue["office"], day)
            issued = sorted(calendar.office_time(rng, day) for _ in range(count))
            counters = [0, 0]
            for moment in issued:
                number += 1
                group = 0 if rng.random() < 0.6 else 1
                counters[group] += 1
                roll = rng.random()
                status = "done" if roll < 0.90 else "no_show" if roll < 0.97 else "cancelled"
                wait = int(rng.expovariate(1 / (300 + 60 * queue["daily"] ** 0.5)))
                called = moment + wait if status != "cancelled" else None
                started = called + 30 + int(rng.random() * 90) if status == "done" else None
                finished = started + int(rng.expovariate(1 / 420)) + 60 if started else None
                desk = queue["desks"][int(rng.random() * len(queue["desks"]))]
                priority = PRIORITIES[int(roll * 40) % 4] if rng.random() < 0.08 else ""
                stats.add(
                    queue["groups"][group], desk if called else None, status, priority,
                    moment, called, started, finished,
                )  # fmt: skip
                table.add(
                    (
                        number, queue["office"], queue["groups"][group], calendar.date(day),
                        "AB"[group], counters[group], make_code(number), status,
                        priority,
                        "kiosk" if roll < 0.7 else "officer" if roll < 0.9 else "booking",
                        desk if called else None, (3 if status == "no_show" else 1) if called else 0,
                        calendar.ts(moment), calendar.ts(moment),
                        calendar.ts(called) if called else None,
                        calendar.ts(started) if started else None,
                        calendar.ts(finished) if finished else None,
                    )
                )  # fmt: skip
            stats.write()


class DayStats:
    """The daily queue figures (DailyQueueStat) of each office-day, as the queue app's
    nightly `rollup_day` would write them, computed by its own `DayFigures` from the
    tickets just generated; calling `rollup_day` for 230,000 office-days would take hours."""

    COLUMNS = [
        "office_id", "day", "scope", "desk_id", "group_id", "key", "tickets", "served",
        "no_shows", "cancelled", "priority", "wait_mean_seconds", "wait_p90_seconds",
        "service_mean_seconds", "service_p90_seconds", "bookings", "bookings_kept",
        "computed_at",
    ]  # fmt: skip

    def __init__(self, loader, calendar):
        from datetime import UTC, datetime

        from balai.queues.models import DailyQueueStat

        self.table = loader.table(DailyQueueStat, self.COLUMNS)
        self.calendar = calendar
        self.epoch = datetime(*calendar.first.timetuple()[:3], tzinfo=UTC)

    def start(self, office, day):
        from balai.queues.statistics import DayFigures

        self.office, self.day = office, day
        self.whole = DayFigures("office", "office")
        self.parts = {}
        self.make = DayFigures

    def moment(self, seconds):
        return self.epoch + timedelta(seconds=seconds) if seconds is not None else None

    def add(self, group, desk, status, priority, issued, called, started, finished):
        ticket = {
            "status": status,
            "priority": priority,
            "issued_at": self.moment(issued),
            "ahead_from": None,
            "called_at": self.moment(called),
            "started_at": self.moment(started),
            "finished_at": self.moment(finished),
        }
        self.whole.add(ticket)
        keys = [("group", group)] + ([("desk", desk)] if desk else [])
        for scope, pk in keys:
            figures = self.parts.get((scope, pk))
            if figures is None:
                figures = self.parts[(scope, pk)] = self.make(
                    scope, f"{scope}:{pk}", **{f"{scope}_id": pk}
                )
            figures.add(ticket)

    def write(self):
        from balai.queues.statistics import mean, percentile

        computed = self.calendar.ts(self.day * DAY + 17 * 3600)  # the nightly run
        for figures in [self.whole, *self.parts.values()]:
            self.table.add(
                (
                    self.office, self.calendar.date(self.day), figures.scope, figures.desk_id,
                    figures.group_id, figures.key, figures.tickets, figures.served,
                    figures.no_shows, figures.cancelled, figures.priority, mean(figures.waits),
                    percentile(figures.waits, 0.9), mean(figures.services),
                    percentile(figures.services, 0.9), 0, 0, computed,
                )
            )  # fmt: skip


# Rollups -------------------------------------------------------------------------------

REBUILD_NAMES = ("reconcile", "rebuild", "rebuild_all", "rebuild_range")


def rollup_rebuilder():
    """The rebuild function of balai.stats.rollups, or None while that module is missing."""
    try:
        from balai.stats import rollups
    except ImportError:
        return None
    for name in REBUILD_NAMES:
        function = getattr(rollups, name, None)
        if callable(function):
            return function
    return None


def rebuild_rollups(calendar) -> None:
    rebuild = rollup_rebuilder()
    if rebuild is None:
        print("rollups: balai.stats.rollups has no rebuild function yet; skipped")
        return
    first, last = calendar.first, calendar.first + timedelta(days=calendar.end_day)
    # A month at a time, as `balai rebuild_stats` does: memory stays that of one month.
    with phase(f"rollups: {rebuild.__module__}.{rebuild.__name__}({first}, {last}) by month"):
        start = first
        while start <= last:
            end = min(
                (start.replace(day=1) + timedelta(days=32)).replace(day=1), last + timedelta(days=1)
            )
            rebuild(start, end - timedelta(days=1))
            start = end
    from balai.stats import rollups

    snapshot = getattr(rollups, "snapshot_backlog", None)
    if snapshot is not None:
        with phase(f"rollups: snapshot_backlog({last})"):
            print(f"  {snapshot(last)} rows")
    # The rollup tables were written after the load's VACUUM ANALYZE: without fresh
    # statistics the planner takes a year's rows for one and picks nested loops, and
    # without a vacuum no index-only scan can skip the heap (autovacuum does both in time).
    from django.db import connection

    verb = "VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE"
    with phase("rollups: vacuum and analyse"), connection.cursor() as cursor:
        for table in (
            "requeststat",
            "requestduration",
            "complaintstat",
            "surveystat",
            "queuestat",
            "backlogstat",
        ):
            cursor.execute(f"{verb} stats_{table}")


if __name__ == "__main__":
    main()
