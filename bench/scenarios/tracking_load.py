"""Tracking under load: `GET /api/v1/track/{code}` on gunicorn, driven by wrk.

    python bench/scenarios/tracking_load.py --database-url postgres://postgres@127.0.0.1:5432/balai_bench_kabupaten

The real Balai WSGI app (`balai.wsgi`, DEBUG off) runs under gunicorn with 2 and then 4 sync
workers on loopback; wrk (`apt-get install -y wrk`) asks for random existing tracking codes
with `track_codes.lua`. The baseline in the same run is `bare_track_wsgi.py`: the same
reads with psycopg and no framework, served by the same gunicorn with the same workers and
driven by the same wrk command. Goal: the app reaches at least half of the baseline's
requests/s, with no error and no non-2xx answer.
"""

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _support

SCENARIO = "tracking_load"
HERE = Path(__file__).resolve().parent
WORKER_COUNTS = (2, 4)
CODES = 5000
SHARE_GOAL = 0.5


def run(args) -> list[dict]:
    database_url = _support.require_postgres(args.database_url)
    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: apt-get install -y wrk")
    duration = getattr(args, "duration", 15)
    connections = getattr(args, "connections", 16)
    env = _support.app_env(database_url)
    rows = []
    with tempfile.TemporaryDirectory(prefix="balai-track-") as workdir:
        codes_file = Path(workdir) / "codes.txt"
        codes_file.write_text("\n".join(pick_codes(database_url, CODES)) + "\n")
        for workers in WORKER_COUNTS:
            bare = load(
                "bare_track_wsgi:application",
                workers,
                env,
                codes_file,
                duration,
                connections,
                ["--pythonpath", str(HERE)],
            )
            app = load(
                "balai.wsgi:application",
                workers,
                env,
                codes_file,
                duration,
                connections,
                floor=True,
            )
            rows += compare(workers, app, bare, duration, connections)
    return rows


def pick_codes(database_url: str, count: int) -> list[str]:
    """Random existing, trackable codes, in the grouped form people type."""
    import psycopg

    with psycopg.connect(database_url) as conn:
        total = conn.execute("SELECT MAX(id) FROM cases_servicerequest").fetchone()[0]
        if not total:
            sys.exit("The bench database holds no requests.")
        rng = random.Random(2026)
        ids = [rng.randint(1, total) for _ in range(count * 2)]
        found = conn.execute(
            "SELECT code FROM cases_servicerequest WHERE id = ANY(%s) AND status <> 'draft'",
            (ids,),
        ).fetchall()
    codes = [code for (code,) in found][:count]
    return ["-".join(code[i : i + 4] for i in range(0, len(code), 4)) for code in codes]


def load(app, workers, env, codes_file, duration, connections, extra=(), floor=False) -> dict:
    with _support.gunicorn(app, workers, env, extra_args=extra) as (base, _proc):
        first = codes_file.read_text().split("\n", 1)[0]
        with urllib.request.urlopen(f"{base}/api/v1/track/{first}", timeout=10) as response:
            assert response.status == 200, response.status
        wrk(base, codes_file, 3, connections)  # warm-up: connections, caches, imports
        result = wrk(base, codes_file, duration, connections)
        if floor:
            result["floor"] = wrk(base, "health", duration, connections)
        return result


def wrk(base: str, codes_file: Path | str, seconds: int, connections: int) -> dict:
    command = [
        "wrk",
        "-t",
        "2",
        "-c",
        str(connections),
        "-d",
        f"{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(HERE / "track_codes.lua"),
        base,
        "--",
        str(codes_file),
    ]
    output = subprocess.run(
        command, capture_output=True, text=True, check=True, timeout=seconds + 30
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH "))
    result = json.loads(line[len("BENCH ") :])
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    result["errors"] = sum(result[k] for k in ("connect", "read", "write", "status", "timeout"))
    return result


def compare(workers, app, bare, duration, connections) -> list[dict]:
    label = f"{workers} workers, wrk -t 2 -c {connections} -d {duration}s"
    share = app["rps"] / bare["rps"] if bare["rps"] else 0.0
    return [
        _support.row(
            SCENARIO,
            f"GET /api/v1/track/{{code}} throughput ({label})",
            app["rps"],
            "req/s",
            bare["rps"],
            f"≥ {SHARE_GOAL:.0%} of bare WSGI",
            share >= SHARE_GOAL,
        ),
        _support.row(SCENARIO, f"share of bare throughput ({workers} workers)", share * 100, "%"),
        _support.row(
            SCENARIO,
            f"GET /health/ on the same app: the framework floor ({workers} workers)",
            app["floor"]["rps"],
            "req/s",
            bare["rps"],
        ),
        _support.row(
            SCENARIO,
            f"latency p50 ({workers} workers)",
            app["p50_us"] / 1000,
            "ms",
            bare["p50_us"] / 1000,
        ),
        _support.row(
            SCENARIO,
            f"latency p99 ({workers} workers)",
            app["p99_us"] / 1000,
            "ms",
            bare["p99_us"] / 1000,
        ),
        _support.row(
            SCENARIO,
            f"errors and non-2xx of {app['requests']} ({workers} workers)",
            app["errors"],
            "count",
            bare["errors"],
            "0",
            app["errors"] == 0,
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--duration", type=int, default=15, help="seconds of load per run")
    parser.add_argument("--connections", type=int, default=16)
    _support.print_rows(run(parser.parse_args()))


if __name__ == "__main__":
    main()
