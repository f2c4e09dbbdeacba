"""Region load benchmark: the Kemendagri list into a fresh database, twice.

    python bench/load_regions.py kode-wilayah-2025.csv
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python bench/load_regions.py FILE

With DATABASE_URL pointing at PostgreSQL, a throwaway database `balai_bench_regions` is created
on that server (and dropped at the end); without it, a temporary SQLite file is used.

Each step runs in a forked child process, so the peak memory printed (ru_maxrss) belongs to
that step alone, like a `balai load_regions` run would. Next to the loads, the same run
measures baselines: an idle Django process, merely parsing the CSV, and writing the raw rows
without any checks (PostgreSQL: COPY into an unlogged table; SQLite: one executemany into a
table without indexes).
"""

import argparse
import csv
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BENCH_DATABASE = "balai_bench_regions"
SEARCH_TERMS = ["tawang", "sukamaju", "jaya", "kota", "xyzq"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path, help="CSV with the header kode,nama")
    args = parser.parse_args()
    source = args.file.resolve()
    with throwaway_database(os.environ.get("DATABASE_URL", "")) as workdir:
        setup_django()
        from django.core.management import call_command
        from django.db import connection

        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        migrate_seconds = time.perf_counter() - started
        print_machine(connection)
        print(f"migrate (fresh database): {migrate_seconds:.1f} s\n")
        changed = write_changed_copy(source, workdir)
        results = [
            ("baseline: idle Django process", measured(lambda: None)),
            ("baseline: parse CSV (csv module)", measured(parse_only, source)),
            (raw_write_label(connection), measured(raw_write, source)),
            ("load_regions, first load", measured(load, source)),
            ("load_regions, re-run (same file)", measured(load, source)),
            ("load_regions, 500 renamed + 200 vanished", measured(load, changed)),
            ("name search (median of 5, count + first 50)", measured(search)),
        ]
        print_results(results)


@contextmanager
def throwaway_database(database_url: str):
    """A fresh database for this run: PostgreSQL on the given server, or a SQLite file."""
    with tempfile.TemporaryDirectory(prefix="balai-bench-") as workdir:
        if database_url.startswith("postgres"):
            bench_url = _replace_database(database_url, BENCH_DATABASE)
            _admin_sql(database_url, f"DROP DATABASE IF EXISTS {BENCH_DATABASE} WITH (FORCE)")
            _admin_sql(database_url, f"CREATE DATABASE {BENCH_DATABASE}")
            os.environ["DATABASE_URL"] = bench_url
            try:
                yield workdir
            finally:
                from django.db import connections

                connections.close_all()
                _admin_sql(database_url, f"DROP DATABASE IF EXISTS {BENCH_DATABASE} WITH (FORCE)")
        else:
            os.environ.pop("DATABASE_URL", None)
            os.environ["BALAI_DATA_DIR"] = workdir
            yield workdir


def _replace_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


def _admin_sql(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(_replace_database(url, "postgres"), autocommit=True) as conn:
        conn.execute(sql)


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "balai.settings")
    os.environ.setdefault("SECRET_KEY", "benchmark-only")
    os.environ["DEBUG"] = "0"  # no query log growing in memory
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
    import django

    django.setup()


def measured(step, *args) -> dict:
    """Run one step in a forked child; its wall time and its own peak resident memory."""
    from django.db import connections

    connections.close_all()  # the child opens its own connection
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        try:
            started = time.perf_counter()
            extra = step(*args) or {}
            payload = {"seconds": time.perf_counter() - started, **extra}
        except BaseException as error:
            payload = {"error": repr(error)}
        connections.close_all()
        with os.fdopen(write_end, "w") as out:
            json.dump(payload, out)
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end) as incoming:
        payload = json.load(incoming)
    _, _, usage = os.wait4(pid, 0)
    payload["peak_mb"] = usage.ru_maxrss / 1024  # kilobytes on Linux
    return payload


def parse_only(path: Path) -> dict:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    return {"detail": f"{len(rows) - 1} rows"}


def raw_write_label(connection) -> str:
    if connection.vendor == "postgresql":
        return "baseline: raw COPY into an unlogged table"
    return "baseline: raw executemany into a bare table"


def raw_write(path: Path) -> dict:
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("CREATE UNLOGGED TABLE bench_raw (kode text, nama text)")
            with (
                cursor.cursor.copy("COPY bench_raw FROM STDIN (FORMAT csv, HEADER true)") as copy,
                open(path, "rb") as handle,
            ):
                while block := handle.read(1 << 16):
                    copy.write(block)
        else:
            cursor.execute("CREATE TABLE bench_raw (kode text, nama text)")
            with open(path, encoding="utf-8-sig", newline="") as handle:
                reader = csv.reader(handle)
                next(reader)
                cursor.executemany("INSERT INTO bench_raw VALUES (%s, %s)", list(reader))
        cursor.execute("SELECT COUNT(*) FROM bench_raw")
        count = cursor.fetchone()[0]
        cursor.execute("DROP TABLE bench_raw")
    return {"detail": f"{count} rows"}


def load(path: Path) -> dict:
    from balai.regions.services import load_regions

    report = load_regions(path)
    return {
        "detail": (
            f"read {report.rows_read}, added {report.added}, updated {report.updated}, "
            f"unchanged {report.unchanged}, deactivated {report.deactivated}"
        )
    }


def search() -> dict:
    from balai.regions.models import Region

    timings = []
    for term in SEARCH_TERMS:
        runs = []
        for _ in range(5):
            started = time.perf_counter()
            matches = Region.objects.filter(name__icontains=term)
            count = matches.count()
            list(matches.order_by("level", "name", "code")[:50])
            runs.append((time.perf_counter() - started) * 1000)
        timings.append(f"{term!r} {statistics.median(runs):.1f} ms ({count})")
    return {"detail": "; ".join(timings)}


def write_changed_copy(source: Path, workdir: str) -> Path:
    """The same list with 500 villages renamed and 200 gone, picked reproducibly."""
    with open(source, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    header, body = rows[0], rows[1:]
    villages = [i for i, (code, _) in enumerate(body) if code.count(".") == 3]
    picked = random.Random(2025).sample(villages, 700)
    for i in picked[:500]:
        body[i] = [body[i][0], body[i][1] + " Baru"]
    gone = set(picked[500:])
    path = Path(workdir) / "changed.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(row for i, row in enumerate(body) if i not in gone)
    return path


def print_machine(connection) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            database = f"PostgreSQL {cursor.fetchone()[0]}"
        else:
            cursor.execute("SELECT sqlite_version()")
            database = f"SQLite {cursor.fetchone()[0]}"
    print(f"database: {database}")
    print(f"python:   {platform.python_implementation()} {platform.python_version()}")
    print(f"machine:  {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}")


def print_results(results) -> None:
    width = max(len(label) for label, _ in results)
    print(f"{'step':<{width}}  {'wall s':>7}  {'peak MB':>8}  detail")
    for label, result in results:
        if "error" in result:
            print(f"{label:<{width}}  failed: {result['error']}")
            continue
        print(
            f"{label:<{width}}  {result['seconds']:>7.2f}  {result['peak_mb']:>8.0f}  "
            f"{result.get('detail', '')}"
        )
    if any("error" in result for _, result in results):
        sys.exit(1)


if __name__ == "__main__":
    main()
