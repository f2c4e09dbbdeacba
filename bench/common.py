"""Shared pieces of the benchmarks: the throwaway database, Django set-up, timing, loading.

Import it as `from bench import common` (the repository root on `sys.path`), or as
`import common` from a script in bench/.
"""

import io
import os
import platform
import statistics
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parent.parent


def use_repository_path() -> None:
    """Put the repository first on sys.path and bench/ off it.

    A script's own folder comes first on sys.path; bench/requests.py would then shadow the
    `requests` library for every module that imports it.
    """
    bench = str(REPO / "bench")
    sys.path[:] = [entry for entry in sys.path if os.path.abspath(entry or ".") != bench]
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))


# The database --------------------------------------------------------------------------


def is_postgres(url: str) -> bool:
    return url.startswith(("postgres://", "postgresql://"))


def replace_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path="/" + name))


def admin_sql(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(replace_database(url, "postgres"), autocommit=True) as conn:
        conn.execute(sql)


def sqlite_path(name: str) -> Path:
    data_dir = Path(os.environ.get("BALAI_DATA_DIR", REPO / "var"))
    data_dir.mkdir(parents=True, exist_ok=True)
    return data_dir / f"{name}.sqlite3"


def database_url_for(name: str, server_url: str | None = None) -> str:
    """The URL of the benchmark database `name`: on DATABASE_URL's PostgreSQL server, or a
    SQLite file in the data folder when DATABASE_URL is not PostgreSQL."""
    server_url = os.environ.get("DATABASE_URL", "") if server_url is None else server_url
    if is_postgres(server_url):
        return replace_database(server_url, name)
    return f"sqlite:///{sqlite_path(name)}"


def create_database(name: str, server_url: str) -> str:
    """A fresh, empty database `name` (dropped first if it exists); returns its URL."""
    if is_postgres(server_url):
        admin_sql(server_url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin_sql(server_url, f"CREATE DATABASE {name}")
    else:
        sqlite_path(name).unlink(missing_ok=True)
    return database_url_for(name, server_url)


def drop_database(name: str, server_url: str) -> None:
    from django.db import connections

    connections.close_all()
    if is_postgres(server_url):
        admin_sql(server_url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    else:
        sqlite_path(name).unlink(missing_ok=True)


@contextmanager
def throwaway_database(database_url: str, name: str, keep: bool = False):
    """A fresh PostgreSQL database `name` on that server for the block; dropped after it
    unless `keep`."""
    os.environ["DATABASE_URL"] = create_database(name, database_url)
    try:
        yield
    finally:
        from django.db import connections

        connections.close_all()
        if not keep:
            drop_database(name, database_url)


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "balai.settings")
    os.environ.setdefault("SECRET_KEY", "benchmark-only")
    os.environ["DEBUG"] = "0"  # no query log growing in memory
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    import django

    django.setup()
    from django.conf import settings
    from django.test.utils import override_settings

    # Pages are rendered without a collectstatic run: plain static URLs, as in development.
    storages = settings.STORAGES | {
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    }
    override_settings(STORAGES=storages).enable()


def machine_line(connection) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            database = f"PostgreSQL {cursor.fetchone()[0]}"
        else:
            cursor.execute("SELECT sqlite_version()")
            database = f"SQLite {cursor.fetchone()[0]}"
    return (
        f"machine: {os.cpu_count()} cores, {platform.machine()}, Linux {platform.release()}; "
        f"CPython {platform.python_version()}; {database}"
    )


def print_machine(connection) -> None:
    print(machine_line(connection))


# Measuring -----------------------------------------------------------------------------


def percentiles(samples: list[float]) -> tuple[float, float, float]:
    """p50, p95, p99 of the samples."""
    ordered = sorted(samples)
    if len(ordered) < 2:
        return (ordered[0],) * 3
    cuts = statistics.quantiles(ordered, n=100, method="inclusive")
    return statistics.median(ordered), cuts[94], cuts[98]


def timed(function, runs: int, warmup: int = 10) -> list[float]:
    """Milliseconds of each of `runs` calls, after `warmup` untimed ones."""
    for _ in range(warmup):
        function()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def raw(sql: str, params=None):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


# Loading -------------------------------------------------------------------------------


def row_writer(model, buffer: io.StringIO):
    """A function writing one row, given as {attname: value}, in COPY's text format.

    Convenient, not fast: bench/kabupaten.py uses `BulkLoader` for its millions of rows.
    """
    from datetime import datetime

    fields = model._meta.concrete_fields
    defaults = {}
    for field in fields:
        if field.null:
            defaults[field.attname] = None
        elif field.has_default() and not callable(field.default):
            defaults[field.attname] = field.default
        else:
            defaults[field.attname] = ""  # blank text columns; required ones are always given

    def text(value) -> str:
        if value is None:
            return "\\N"
        if isinstance(value, bool):
            return "t" if value else "f"
        if isinstance(value, datetime):
            return value.isoformat()
        return str(value)

    def write(values: dict) -> None:
        row = (values.get(field.attname, defaults[field.attname]) for field in fields)
        buffer.write("\t".join(text(value) for value in row))
        buffer.write("\n")

    write.columns = [field.column for field in fields]
    return write


def flush(cursor, buffers: dict) -> None:
    """COPY each model's buffered rows (from `row_writer`) into its table."""
    for model, buffer in buffers.items():
        columns = ", ".join(f'"{field.column}"' for field in model._meta.concrete_fields)
        with cursor.cursor.copy(f"COPY {model._meta.db_table} ({columns}) FROM STDIN") as copy:
            copy.write(buffer.getvalue())
        buffer.seek(0)
        buffer.truncate()


def column_defaults(model, given: list[str]) -> tuple[list[str], tuple]:
    """The model's other columns and the value each gets when a loader does not give it:
    NULL when nullable, the field's constant default, or blank text."""
    others, values = [], []
    for field in model._meta.concrete_fields:
        if field.column in given or (
            field.primary_key and field.get_internal_type().endswith("AutoField")
        ):
            continue  # given, or numbered by the database
        others.append(field.column)
        if field.null:
            values.append(None)
        elif field.has_default() and not callable(field.default):
            default = field.default
            values.append(int(default) if isinstance(default, bool) else default)
        else:
            values.append("")
    return others, tuple(values)


class Table:
    """Rows of one model, given as tuples in the order of `columns`, written in batches."""

    def __init__(self, loader: "BulkLoader", model, columns: list[str]):
        missing = [c for c in columns if c not in {f.column for f in model._meta.concrete_fields}]
        if missing:
            raise ValueError(f"{model.__name__} has no column {missing}")
        others, self.tail = column_defaults(model, columns)
        self.loader = loader
        self.name = model._meta.db_table
        self.columns = list(columns) + others
        self.rows: list[tuple] = []
        self.count = 0
        self.seconds = 0.0  # time spent writing (COPY or executemany), not generating

    def add(self, row: tuple) -> None:
        self.rows.append(row + self.tail)
        if len(self.rows) >= self.loader.batch:
            self.flush()

    def flush(self) -> None:
        if not self.rows:
            return
        started = time.perf_counter()
        self.loader.write(self)
        self.seconds += time.perf_counter() - started
        self.count += len(self.rows)
        self.rows = []


class BulkLoader:
    """Writes rows fast: COPY on PostgreSQL, executemany on SQLite.

    Values are text, numbers, booleans or None; times and dates come already formatted
    (see `Clock`), so neither database needs an adapter per value.
    """

    def __init__(self, connection, batch: int = 20_000):
        self.connection = connection
        self.postgres = connection.vendor == "postgresql"
        self.batch = batch
        self.tables: dict[str, Table] = {}

    def table(self, model, columns: list[str]) -> Table:
        table = Table(self, model, columns)
        self.tables.setdefault(table.name, table)
        return self.tables[table.name]

    def write(self, table: Table) -> None:
        columns = ", ".join(f'"{c}"' for c in table.columns)
        with self.connection.cursor() as cursor:
            if self.postgres:
                text = "".join(
                    "\t".join(["\\N" if v is None else str(v) for v in row]) + "\n"
                    for row in table.rows
                )
                with cursor.cursor.copy(f"COPY {table.name} ({columns}) FROM STDIN") as copy:
                    copy.write(text)
            else:
                marks = ", ".join(["%s"] * len(table.columns))
                cursor.executemany(
                    f"INSERT INTO {table.name} ({columns}) VALUES ({marks})", table.rows
                )

    def flush_all(self) -> None:
        for table in self.tables.values():
            table.flush()
