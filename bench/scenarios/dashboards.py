"""Dashboards and the IKM over three years of a kabupaten: rollups against raw aggregates.

    python bench/scenarios/dashboards.py --database-url postgres://postgres@127.0.0.1:5432/balai_bench_kabupaten

On the kept kabupaten (bench/kabupaten.py, rollups rebuilt), for the last whole calendar year:
- the figures a dashboard shows (requests received, completed, on time; steps; durations;
  complaints; survey totals; backlog; queues) through `balai.stats.figures.figures_by`, for
  the kabupaten grouped by kecamatan, for the busiest kecamatan grouped by village, and
  for the busiest village; and for the kabupaten over the last 90 days (day and month rows);
- the dashboard page (/kerja/kinerja/?tahun=…) through the test client: as the kabupaten
  admin for the kabupaten, a kecamatan and a village (`&wilayah=`), and as a camat and a
  village head, who see their own area;
- the kabupaten's IKM for the year: from the survey rollups, and as the public results page
  computes it (`balai.surveys.results.results_by_office`, per office from the responses).

Baseline, in the same run: the raw aggregate SQL over the requests, complaints and survey
responses doing the same sums for the same area and period (what a dashboard without rollups
would run). Goal: p95 ≤ 100 ms for a dashboard page or figure set, and the rollups faster
than the raw aggregate; the IKM from rollups equal to the IKM from the responses.
"""

import argparse
import os
import sys
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _support

SCENARIO = "dashboards"
GOAL_MS = 100
# Issue goal: the IKM of a kabupaten-year with 1,000,000 responses in at most 500 ms.
IKM_GOAL_MS = 500
# The raw aggregates take seconds over a year of a kabupaten: a few runs tell enough.
BASELINE_RUNS = 5
KABUPATEN = "18.02"
OPEN = ("submitted", "in_process", "returned", "completed")
GROUP_LENGTH = {"kecamatan": 8, "village": 13, "office": 13}


def run(args) -> list[dict]:
    from inbox import setup

    setup(args.database_url)
    runs = getattr(args, "runs", None) or 200
    try:
        from balai.stats import figures  # noqa: F401
    except ImportError:
        return [_support.row(SCENARIO, "balai.stats.figures missing: skipped", "", "")]
    last_day = latest_day()
    year = last_day.year - 1
    first, last = date(year, 1, 1), date(year, 12, 31)
    kecamatan, village = busiest_areas()
    recent = last_day - timedelta(days=89)
    parts = [
        (measure_figures, (f"kabupaten by kecamatan, {year}", KABUPATEN, "kecamatan", first, last)),
        (
            measure_figures,
            (f"kecamatan {kecamatan} by village, {year}", kecamatan, "village", first, last),
        ),
        (measure_figures, (f"village {village}, {year}", village, "office", first, last)),
        (
            measure_figures,
            (
                f"kabupaten by kecamatan, {recent}…{last_day}",
                KABUPATEN,
                "kecamatan",
                recent,
                last_day,
            ),
        ),
        (measure_views, (kecamatan, village, year)),
        (measure_ikm, (year,)),
    ]
    rows = []
    for function, arguments in parts:
        try:
            rows += function(*arguments, runs)
        except Exception as error:  # one failing part leaves the others' figures
            message = f"{function.__name__}{arguments[:1]} failed: {type(error).__name__}: {error}"
            rows.append(_support.row(SCENARIO, message.splitlines()[0], "", "", ok=False))
    return rows


def latest_day() -> date:
    from django.db.models import Max
    from django.utils import timezone

    from balai.cases.models import ServiceRequest

    latest = ServiceRequest.objects.aggregate(m=Max("submitted_at"))["m"]
    return timezone.localdate(latest)


def busiest_areas() -> tuple[str, str]:
    """The kecamatan and the village with the most requests (region codes)."""
    from django.db.models import Count

    from balai.cases.models import ServiceRequest

    village = (
        ServiceRequest.objects.values("village_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("village_id", flat=True)
        .first()
    )
    return village.rsplit(".", 1)[0], village


# Figures -------------------------------------------------------------------------------


def measure_figures(label, prefix, level, first, last, runs) -> list[dict]:
    import bench.common as common
    from balai.stats.figures import figures_by, scoped

    def rollups():
        return figures_by(scoped(region_prefix=prefix), first, last, level)

    def baseline():
        return raw_aggregates(prefix, level, first, last)

    found = rollups()
    raw_rows = baseline()
    received = sum(f.requests["received"] for f in found.values())
    raw_received = sum(r[1] for r in raw_rows)
    view = common.percentiles(common.timed(rollups, runs, warmup=3))
    raw = common.percentiles(common.timed(baseline, BASELINE_RUNS, warmup=1))
    ok = view[1] <= GOAL_MS and view[1] < raw[1] and received == raw_received
    return [
        _support.row(
            SCENARIO,
            f"figures_by, {label} ({len(found)} groups, {received:,} requests; "
            f"raw counted {raw_received:,}): p95",
            view[1],
            "ms",
            raw[1],
            f"≤ {GOAL_MS} ms, < raw, same count",
            ok,
        )
    ]


def raw_aggregates(prefix, level, first, last) -> list[tuple]:
    """What the dashboard sums, straight from the raw tables, grouped like figures_by."""
    from django.db import connection

    import bench.common as common

    length = GROUP_LENGTH[level]
    start, end = _bounds(first, last)
    if connection.vendor == "postgresql":
        local = "({column} AT TIME ZONE 'Asia/Jakarta')::date"
    else:
        local = "date({column}, '+7 hours')"
    completed_day = local.format(column="r.completed_at")
    in_period = "{column} >= %(start)s AND {column} < %(end)s"
    requests = f"""
        SELECT substr(o.region_id, 1, {length}) AS area,
               SUM(CASE WHEN {in_period.format(column="r.submitted_at")} THEN 1 ELSE 0 END),
               SUM(CASE WHEN {in_period.format(column="r.completed_at")} THEN 1 ELSE 0 END),
               SUM(CASE WHEN {in_period.format(column="r.completed_at")}
                        AND {completed_day} <= r.due_date THEN 1 ELSE 0 END)
        FROM cases_servicerequest r JOIN offices_office o ON o.id = r.origin_office_id
        WHERE o.region_id LIKE %(prefix)s
          AND ({in_period.format(column="r.submitted_at")}
               OR {in_period.format(column="r.completed_at")})
        GROUP BY 1
    """
    steps = f"""
        SELECT substr(o.region_id, 1, {length}), COUNT(*)
        FROM cases_requeststep s JOIN offices_office o ON o.id = s.office_id
        WHERE o.region_id LIKE %(prefix)s AND {in_period.format(column="s.finished_at")}
        GROUP BY 1
    """
    complaints = f"""
        SELECT substr(o.region_id, 1, {length}), COUNT(*)
        FROM complaints_complaintevent e JOIN offices_office o ON o.id = e.office_id
        WHERE o.region_id LIKE %(prefix)s AND {in_period.format(column="e.at")}
        GROUP BY 1
    """
    surveys = f"""
        SELECT substr(o.region_id, 1, {length}), COUNT(*), SUM(persyaratan), SUM(prosedur),
               SUM(waktu), SUM(biaya), SUM(produk), SUM(kompetensi), SUM(perilaku),
               SUM(pengaduan), SUM(sarana)
        FROM surveys_surveyresponse v JOIN offices_office o ON o.id = v.office_id
        WHERE o.region_id LIKE %(prefix)s AND {in_period.format(column="v.submitted_at")}
        GROUP BY 1
    """
    params = {"prefix": prefix + "%", "start": start, "end": end}
    found = common.raw(requests, params)
    for sql in (steps, complaints, surveys):
        common.raw(sql, params)
    return found


def _bounds(first: date, last: date):
    from datetime import datetime, time

    from django.db import connection
    from django.utils import timezone

    zone = timezone.get_current_timezone()
    # As the ORM passes them (SQLite compares UTC text), since raw SQL gets them as they are.
    adapt = connection.ops.adapt_datetimefield_value
    return (
        adapt(datetime.combine(first, time.min, tzinfo=zone)),
        adapt(datetime.combine(last + timedelta(days=1), time.min, tzinfo=zone)),
    )


# Views ---------------------------------------------------------------------------------


def measure_views(kecamatan: str, village: str, year: int, runs: int) -> list[dict]:
    """The dashboard page for the year, over the kabupaten, a kecamatan and a village."""
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    import bench.common as common
    from balai.accounts.models import User

    try:
        url = reverse("kinerja:dashboard")
    except NoReverseMatch:
        return [_support.row(SCENARIO, "dashboard view (kinerja:dashboard): none yet", "", "")]
    cases = [
        # The page as it first opens: the current month so far, read from day rows.
        ("kabupaten admin, kabupaten, this month", "admin.kabupaten", None),
        ("kabupaten admin, kabupaten", "admin.kabupaten", ""),
        ("kabupaten admin, kecamatan", "admin.kabupaten", kecamatan),
        ("kabupaten admin, village", "admin.kabupaten", village),
        ("camat, own kecamatan", f"kecamatan.{kecamatan.replace('.', '')}.camat", ""),
        ("village head, own village", f"desa.{village.replace('.', '')}.kepala", ""),
    ]
    rows = []
    for label, username, region in cases:
        client = Client(HTTP_HOST="localhost")
        client.force_login(User.objects.get(username=username))
        if region is None:
            asked = url
        else:
            asked = f"{url}?tahun={year}" + (f"&wilayah={region}" if region else "")

        def page(client=client, asked=asked):
            response = client.get(asked)
            assert response.status_code == 200, (asked, response.status_code)

        page()
        p50, p95, _p99 = common.percentiles(common.timed(page, runs, warmup=3))
        rows.append(
            _support.row(
                SCENARIO,
                f"GET {asked} as {label}: p95 (p50 {p50:.1f})",
                p95,
                "ms",
                None,
                f"≤ {GOAL_MS} ms",
                p95 <= GOAL_MS,
            )
        )
    return rows


# IKM -----------------------------------------------------------------------------------


def measure_ikm(year: int, runs: int) -> list[dict]:
    import bench.common as common
    from balai.stats.figures import ikm_total, scoped
    from balai.surveys.constants import ELEMENTS
    from balai.surveys.index import compute_ikm, nrr_from_totals
    from balai.surveys.results import results_by_office

    first, last = date(year, 1, 1), date(year, 12, 31)
    start, end = _bounds(first, last)

    def from_rollups():
        return ikm_total(scoped(region_prefix=KABUPATEN), first, last)

    def from_results_page():
        return sum(result.index.respondents for result in results_by_office(year))

    def raw():
        (row,) = common.raw(
            "SELECT COUNT(*), "
            + ", ".join(f"SUM({e})" for e in ELEMENTS)
            + " FROM surveys_surveyresponse v JOIN offices_office o ON o.id = v.office_id"
            " WHERE o.region_id LIKE %s AND v.submitted_at >= %s AND v.submitted_at < %s",
            [KABUPATEN + "%", start, end],
        )
        respondents, *sums = row
        return compute_ikm(
            nrr_from_totals(dict(zip(ELEMENTS, sums, strict=True)), respondents), respondents
        )

    rolled, direct = from_rollups(), raw()
    fast = common.percentiles(common.timed(from_rollups, runs, warmup=3))
    slow = common.percentiles(common.timed(raw, BASELINE_RUNS, warmup=1))
    page = common.percentiles(common.timed(from_results_page, BASELINE_RUNS, warmup=1))
    same = rolled.ikm == direct.ikm and rolled.respondents == direct.respondents
    return [
        _support.row(
            SCENARIO,
            f"IKM kabupaten {year} from rollups: {rolled.ikm} ({rolled.mutu}), "
            f"{rolled.respondents:,} respondents; raw: {direct.ikm}, {direct.respondents:,}: p95",
            fast[1],
            "ms",
            slow[1],
            f"≤ {IKM_GOAL_MS} ms, < raw, same IKM",
            fast[1] <= IKM_GOAL_MS and fast[1] < slow[1] and same,
        ),
        _support.row(
            SCENARIO,
            f"IKM per office {year} as the public results page reads it (results_by_office): p95",
            page[1],
            "ms",
            slow[1],
            "",
            None,
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--runs", type=int, default=100)
    args = parser.parse_args()
    _support.print_rows(run(args))


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))
    main()
