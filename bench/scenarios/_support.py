"""What the scenarios share: result rows, the environment of a production-like process,
a gunicorn server on loopback that is always stopped, and memory readings from /proc.

Not a scenario itself (no `run`).
"""

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent.parent


def row(scenario, measure, value, unit, baseline=None, goal="", ok=None) -> dict:
    """One result row, in the shape the driver collects."""
    if isinstance(value, float):
        value = round(value, 2)
    if isinstance(baseline, float):
        baseline = round(baseline, 2)
    return {
        "scenario": scenario,
        "measure": measure,
        "value": value,
        "unit": unit,
        "baseline": baseline,
        "goal": goal,
        "ok": ok,
    }


def print_rows(rows: list[dict]) -> None:
    print("| scenario | measure | value | unit | baseline | goal | ok |")
    print("|---|---|---:|---|---:|---|---|")
    for r in rows:
        ok = {True: "yes", False: "NO", None: ""}[r["ok"]]
        baseline = "" if r["baseline"] is None else r["baseline"]
        print(
            f"| {r['scenario']} | {r['measure']} | {r['value']} | {r['unit']} | "
            f"{baseline} | {r['goal']} | {ok} |"
        )


def require_postgres(database_url: str) -> str:
    if not (database_url or "").startswith("postgres"):
        sys.exit("Give --database-url (or DATABASE_URL) of the kept PostgreSQL bench database.")
    return database_url


def database_name(database_url: str) -> str:
    return urlsplit(database_url).path.lstrip("/")


def app_env(database_url: str, **extra) -> dict:
    """Environment of a production-like Balai process: DEBUG off, plain HTTP on loopback."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="balai.settings",
        DATABASE_URL=database_url,
        DEBUG="0",
        SECRET_KEY=env.get("SECRET_KEY") or "benchmark-only-not-secret",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_COOKIES="0",  # the bench speaks plain HTTP; secure cookies would not come back
        LOG_LEVEL="WARNING",
        PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH", "")])),
    )
    env.pop("BALAI_TESTING", None)
    env.update({key: str(value) for key, value in extra.items()})
    return env


def setup_django(database_url: str) -> None:
    """Django in this process, against the bench database (once per process)."""
    import django
    from django.conf import settings

    if settings.configured:
        current = settings.DATABASES["default"].get("NAME")
        if current != database_name(database_url):
            raise RuntimeError(f"Django is already set up for another database: {current}")
        return
    os.environ.update({k: v for k, v in app_env(database_url).items() if k not in ("PYTHONPATH",)})
    django.setup()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, timeout: float = 30.0, proc=None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited early with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return  # it answers; any status will do
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"server not answering at {url}")


@contextmanager
def gunicorn(app: str, workers: int, env: dict, probe: str = "/health/", extra_args=()):
    """`gunicorn app` with sync workers on a free loopback port; yields (base_url, process)."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        app,
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
        "--timeout",
        "60",
        *extra_args,
    ]
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryFile("w+") as log:
        proc = subprocess.Popen(
            command, env=env, cwd=REPO, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            wait_until_up(base + probe, proc=proc)
            wait_for_children(proc.pid, workers)
            yield base, proc
        finally:
            stop(proc)
            if proc.returncode not in (0, -signal.SIGTERM):
                log.seek(0)
                print(f"gunicorn log (tail):\n{log.read()[-2000:]}", file=sys.stderr)


def stop(proc, grace: float = 10.0) -> None:
    """SIGTERM the process (gunicorn stops its workers), SIGKILL its own group if it hangs."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(grace)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)  # the group it leads: started by us
            proc.wait()


def children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
        return [int(p) for p in text.split()]
    except OSError:
        return []


def wait_for_children(pid: int, count: int, timeout: float = 20.0) -> list[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = children(pid)
        if len(found) >= count:
            return found
        time.sleep(0.1)
    return children(pid)


def status_kb(pid: int, field: str) -> int:
    """A `VmRSS`/`VmHWM` line of /proc/<pid>/status, in kB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise KeyError(field)


def peak_mb(pid: int) -> float:
    return status_kb(pid, "VmHWM") / 1024
