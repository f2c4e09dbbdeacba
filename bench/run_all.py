"""Every benchmark scenario against the kept kabupaten database, in one table.

    python bench/kabupaten.py --regions kode-wilayah-2025.csv        # once: build the data
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python bench/run_all.py
    python bench/run_all.py --only inbox,dashboards --runs 100

The database is `balai_bench_kabupaten` on DATABASE_URL's server (as bench/kabupaten.py
made it), or `--database-url` of any database built by it. Scenarios are the modules
bench/scenarios/<name>.py; each has `run(args) -> list[dict]` giving rows with the keys
scenario, measure, value, unit, baseline, goal, ok. A scenario that cannot be imported is
skipped with its error; one that fails while running gets a failed row; the rest go on.
"""

import argparse
import importlib
import os
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench import common

common.use_repository_path()

SCENARIOS = ["inbox", "dashboards", "tracking_load", "create_load", "memory"]
DATABASE = "balai_bench_kabupaten"
KEYS = ("scenario", "measure", "value", "unit", "baseline", "goal", "ok")


def main() -> None:
    sys.stdout.reconfigure(line_buffering=True)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url",
        default=None,
        help=f"the kept database (default: {DATABASE} on DATABASE_URL's server)",
    )
    parser.add_argument("--only", default="", help="comma-separated scenario names")
    parser.add_argument("--runs", type=int, default=200, help="timed runs per latency figure")
    parser.add_argument("--duration", type=int, default=15, help="seconds per load test")
    parser.add_argument("--connections", type=int, default=16, help="load-test connections")
    args = parser.parse_args()
    args.database_url = args.database_url or common.database_url_for(DATABASE)
    os.environ["DATABASE_URL"] = args.database_url
    names = [n.strip() for n in args.only.split(",") if n.strip()] or SCENARIOS
    unknown = [n for n in names if not (common.REPO / "bench" / "scenarios" / f"{n}.py").exists()]
    if unknown:
        sys.exit(f"No such scenario: {', '.join(unknown)} (bench/scenarios/<name>.py)")
    print(f"database: {args.database_url}")
    rows = []
    for name in names:
        rows += run_one(name, args)
    print()
    print_table(rows)
    failed = [r for r in rows if r["ok"] is False]
    if failed:
        sys.exit(f"{len(failed)} figure(s) missed their goal")


def run_one(name: str, args) -> list[dict]:
    try:
        module = importlib.import_module(f"bench.scenarios.{name}")
        run = module.run
    except Exception as error:  # a scenario being written may not import yet
        print(f"skipped {name}: cannot import it ({type(error).__name__}: {error})")
        return []
    print(f"{name} …")
    started = time.perf_counter()
    try:
        found = [dict(zip(KEYS, (row.get(k) for k in KEYS), strict=True)) for row in run(args)]
    except (Exception, SystemExit) as error:
        traceback.print_exc()
        message = f"failed: {type(error).__name__}: {error}"
        return [{"scenario": name, "measure": message, "value": "", "unit": "", "ok": False}]
    print(f"{name}: {len(found)} figure(s) in {time.perf_counter() - started:.0f} s")
    return found


def print_table(rows: list[dict]) -> None:
    print("| scenario | measure | value | unit | baseline | goal | pass |")
    print("|---|---|---:|---|---:|---|---|")
    for row in rows:
        verdict = {True: "pass", False: "FAIL", None: ""}[row.get("ok")]
        print(
            f"| {row['scenario']} | {row['measure']} | {text(row['value'])} | "
            f"{row.get('unit') or ''} | {text(row.get('baseline'))} | {row.get('goal') or ''} | "
            f"{verdict} |"
        )


def text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.1f}" if abs(value) >= 10 else f"{value:.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


if __name__ == "__main__":
    main()
