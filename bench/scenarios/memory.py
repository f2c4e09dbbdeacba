"""Memory: loading the full region list, a web worker after a mix of pages, the task worker.

    python bench/scenarios/memory.py --database-url postgres://postgres@127.0.0.1:5432/balai_bench_kabupaten

1. `balai load_regions` of the full Kemendagri list (91,599 rows) into a fresh throwaway
   database on the same server (`balai_bench_memory_regions`, dropped afterwards): wall time
   and the command's peak RSS (VmHWM from /proc, read while it runs).
2. One gunicorn sync worker of the real app (DEBUG off, static files collected into a
   temporary folder) serves a mix: tracking through the API and the public page, portal
   pages, the busiest village officer's inbox page (signed-in session) and the API inbox
   (token). Its peak RSS is VmHWM from /proc/<pid>/status.
3. `balai worker` runs for about 20 s against the bench database with every periodic job due
   (deadline flags over the open requests, notification retries, ...) and whatever tasks are
   already queued; its VmHWM is read before it is stopped.

Baselines: an idle `python -c "import django"`, an idle Django process with Balai's settings,
and a gunicorn worker of the bare tracking app after the same tracking calls.
Goal: the task worker's peak RSS ≤ 200 MB.
"""

import argparse
import contextlib
import importlib.util
import os
import random
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _support

SCENARIO = "memory"
HERE = Path(__file__).resolve().parent
REGIONS_CSV = Path(
    os.environ.get("BALAI_REGIONS_CSV", _support.REPO.parent / "shared/data/kode-wilayah-2025.csv")
)
REGIONS_DATABASE = "balai_bench_memory_regions"
WORKER_SECONDS = 20
WORKER_GOAL_MB = 200


def run(args) -> list[dict]:
    database_url = _support.require_postgres(args.database_url)
    regions_csv = Path(getattr(args, "regions_csv", None) or REGIONS_CSV)
    rows = []
    rows += baselines(database_url)
    rows += region_load(database_url, regions_csv)
    _support.setup_django(database_url)
    rows += web_worker(database_url)
    rows += task_worker(database_url, getattr(args, "worker_seconds", WORKER_SECONDS))
    return rows


# Child processes and their peak memory -------------------------------------------------


def measured(command: list[str], env: dict, timeout: float = 170) -> tuple[float, float]:
    """Run a command; its wall seconds and its own peak RSS in MB.

    The peak is read from /proc (VmHWM, which starts afresh at exec), not from wait4's
    ru_maxrss: that one carries over the high-water mark of the parent it was forked from,
    so from a driver that has run other scenarios every command would read as large.
    """
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as errors:
        proc = subprocess.Popen(
            command, env=env, cwd=_support.REPO, stdout=subprocess.DEVNULL, stderr=errors
        )
        deadline = time.monotonic() + timeout
        peak_kb = 0
        while True:
            with contextlib.suppress(OSError, ValueError, KeyError):
                peak_kb = max(peak_kb, _support.status_kb(proc.pid, "VmHWM"))
            pid, status, _usage = os.wait4(proc.pid, os.WNOHANG)
            if pid == proc.pid:
                break
            if time.monotonic() > deadline:
                _support.stop(proc)
                raise RuntimeError(f"{' '.join(command[1:4])} took longer than {timeout} s")
            time.sleep(0.02)
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        if proc.returncode != 0:
            errors.seek(0)
            raise RuntimeError(f"{' '.join(command[1:4])} failed: {errors.read()[-1000:]}")
    return time.perf_counter() - started, peak_kb / 1024


def baselines(database_url: str) -> list[dict]:
    env = _support.app_env(database_url)
    _, bare_python = measured([sys.executable, "-c", "import django"], env)
    _, idle_django = measured([sys.executable, "-c", "import django; django.setup()"], env)
    return [
        _support.row(SCENARIO, 'idle `python -c "import django"` peak RSS', bare_python, "MB"),
        _support.row(
            SCENARIO, "idle Django process (Balai settings, setup) peak RSS", idle_django, "MB"
        ),
    ]


# Region load ---------------------------------------------------------------------------


def _load_regions_module():
    """bench/load_regions.py, loaded by path (bench/ on sys.path would shadow `requests`)."""
    spec = importlib.util.spec_from_file_location(
        "bench_load_regions", _support.REPO / "bench" / "load_regions.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def region_load(database_url: str, csv_path: Path) -> list[dict]:
    if not csv_path.exists():
        return [_support.row(SCENARIO, "load_regions (full list)", f"skipped: no {csv_path}", "")]
    helpers = _load_regions_module()
    fresh_url = helpers._replace_database(database_url, REGIONS_DATABASE)
    helpers._admin_sql(database_url, f"DROP DATABASE IF EXISTS {REGIONS_DATABASE} WITH (FORCE)")
    helpers._admin_sql(database_url, f"CREATE DATABASE {REGIONS_DATABASE}")
    env = _support.app_env(fresh_url)
    balai = [sys.executable, "-m", "balai"]
    try:
        measured([*balai, "migrate", "--verbosity", "0"], env)
        seconds, peak = measured([*balai, "load_regions", str(csv_path)], env)
        again_seconds, again_peak = measured([*balai, "load_regions", str(csv_path)], env)
        _, parse_peak = measured(
            [
                sys.executable,
                "-c",
                f"import csv; rows = list(csv.reader(open({str(csv_path)!r}, encoding='utf-8-sig')))",
            ],
            env,
        )
    finally:
        helpers._admin_sql(database_url, f"DROP DATABASE IF EXISTS {REGIONS_DATABASE} WITH (FORCE)")
    rows_in_file = sum(1 for _ in csv_path.open(encoding="utf-8-sig")) - 1
    return [
        _support.row(
            SCENARIO, f"load_regions, {rows_in_file} rows, fresh database: wall time", seconds, "s"
        ),
        _support.row(SCENARIO, "load_regions, fresh database: peak RSS", peak, "MB", parse_peak),
        _support.row(
            SCENARIO, "load_regions, re-run (unchanged file): wall time", again_seconds, "s"
        ),
        _support.row(SCENARIO, "load_regions, re-run: peak RSS", again_peak, "MB", parse_peak),
    ]


# The web worker --------------------------------------------------------------------------


def web_worker(database_url: str) -> list[dict]:
    codes = tracking_codes(60)
    with tempfile.TemporaryDirectory(prefix="balai-static-") as static_root:
        env = _support.app_env(database_url, STATIC_ROOT=static_root)
        subprocess.run(
            [sys.executable, "-m", "balai", "collectstatic", "--noinput", "--verbosity", "0"],
            env=env,
            cwd=_support.REPO,
            check=True,
            timeout=120,
        )
        with _support.gunicorn("balai.wsgi:application", 1, env) as (base, proc):
            (worker,) = _support.children(proc.pid)
            started_mb = _support.peak_mb(worker)
            statuses = serve_mix(base, codes)
            app_mb = _support.peak_mb(worker)
        bare_env = _support.app_env(database_url)
        with _support.gunicorn(
            "bare_track_wsgi:application", 1, bare_env, extra_args=["--pythonpath", str(HERE)]
        ) as (base, proc):
            (worker,) = _support.children(proc.pid)
            for code in codes:
                fetch(f"{base}/api/v1/track/{code}")
            bare_mb = _support.peak_mb(worker)
    failed = {path: status for path, status in statuses.items() if status != 200}
    for kind, status in failed.items():
        print(f"memory: {kind} answered {status}", file=sys.stderr)
    return [
        _support.row(
            SCENARIO,
            "gunicorn web worker (Balai) right after start: peak RSS",
            started_mb,
            "MB",
            bare_mb,
        ),
        _support.row(
            SCENARIO,
            f"gunicorn web worker (Balai) after {sum(1 for _ in statuses)} kinds of pages: "
            "peak RSS",
            app_mb,
            "MB",
            bare_mb,
        ),
        _support.row(
            SCENARIO,
            "pages of the mix not answered 200",
            len(failed),
            "count",
            None,
            "0",
            not failed,
        ),
    ]


def tracking_codes(count: int) -> list[str]:
    from balai.cases.models import ServiceRequest

    top = ServiceRequest.objects.order_by("-id").values_list("id", flat=True).first() or 0
    rng = random.Random(11)
    ids = [rng.randint(1, top) for _ in range(count * 2)]
    codes = ServiceRequest.objects.filter(id__in=ids).exclude(status="draft")
    return list(codes.values_list("code", flat=True)[:count])


def busiest_officer():
    """The officer of the village office where most requests wait."""
    from django.db.models import Count

    from balai.cases.models import ServiceRequest
    from balai.cases.workflow import STAFF_ROLES
    from balai.offices.models import Membership

    staffed = Membership.objects.filter(role__in=STAFF_ROLES, user__is_active=True)
    busiest = (
        ServiceRequest.objects.filter(current_office__in=staffed.values("office"))
        .values("current_office")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    membership = staffed.filter(office_id=busiest["current_office"]).order_by("id").first()
    return membership.user, busiest["current_office"]


def serve_mix(base: str, codes: list[str]) -> dict[str, int]:
    """Every kind of page a few times; the last status per kind."""
    from django.test import Client

    from balai.accounts.services import issue_token

    user, office_id = busiest_officer()
    client = Client()
    client.force_login(user)  # a real session row; its cookie goes to the server
    session = {"Cookie": f"sessionid={client.cookies['sessionid'].value}"}
    _, token = issue_token(user, "bench memory")
    bearer = {"Authorization": f"Bearer {token}"}
    service_code = first_service_code()
    pages = {
        "api track": lambda i: (f"/api/v1/track/{codes[i % len(codes)]}", {}),
        "public track page": lambda i: (f"/lacak/{codes[i % len(codes)]}/", {}),
        "portal home": lambda i: ("/", {}),
        "service list": lambda i: ("/layanan/", {}),
        "service page": lambda i: (f"/layanan/{service_code}/", {}),
        "office list": lambda i: ("/kantor/", {}),
        "office page": lambda i: (f"/kantor/{office_id}/", {}),
        "officer inbox page": lambda i: ("/kerja/permohonan/", session),
        "API inbox": lambda i: (f"/api/v1/requests?office_id={office_id}", bearer),
    }
    statuses = {}
    for kind, make in pages.items():
        for i in range(20):
            path, headers = make(i)
            statuses[kind] = fetch(base + path, headers)
    return statuses


def first_service_code() -> str:
    from balai.catalog.models import Service

    return Service.objects.filter(active=True).order_by("pk").values_list("code", flat=True)[0]


def fetch(url: str, headers: dict | None = None) -> int:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


# The task worker -------------------------------------------------------------------------


def task_worker(database_url: str, seconds: int) -> list[dict]:
    from django.db import connection
    from django_tasks_db.models import DBTaskResult

    from balai.core.models import PeriodicJobRun

    PeriodicJobRun.objects.update(last_queued_at=None)  # every periodic job is due now
    ready_before = DBTaskResult.objects.ready().count()
    done_before = DBTaskResult.objects.finished().count()
    connection.close()
    env = _support.app_env(database_url)
    proc = subprocess.Popen(
        [sys.executable, "-m", "balai", "worker"],
        env=env,
        cwd=_support.REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    peak = 0.0
    try:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and proc.poll() is None:
            peak = max(peak, _support.peak_mb(proc.pid))
            time.sleep(0.5)
        peak = max(peak, _support.peak_mb(proc.pid))
    finally:
        _support.stop(proc, grace=10)
    finished = DBTaskResult.objects.finished().count() - done_before
    return [
        _support.row(
            SCENARIO,
            f"`balai worker` for {seconds} s ({ready_before} tasks queued + periodic jobs, "
            f"{finished} finished): peak RSS",
            peak,
            "MB",
            None,
            f"≤ {WORKER_GOAL_MB} MB",
            peak <= WORKER_GOAL_MB,
        )
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--regions-csv", type=Path, default=REGIONS_CSV)
    parser.add_argument("--worker-seconds", type=int, default=WORKER_SECONDS)
    _support.print_rows(run(parser.parse_args()))


if __name__ == "__main__":
    main()
