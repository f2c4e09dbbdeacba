"""Office inboxes among a million requests: the Django view against the raw SQL of its page.

    python bench/scenarios/inbox.py --database-url postgres://postgres@127.0.0.1:5432/balai_bench_kabupaten

Three inboxes of the kept kabupaten (bench/kabupaten.py): the village office with the most
open requests, the busiest kecamatan office and the Disdukcapil (every adminduk request
passes it). Each page is fetched `--runs` times after a warm-up through the test client,
signed in as a front-office officer of that office (the whole view: session, jurisdiction,
queries, template). The baseline, in the same run, is the SQL of the same page run raw
through a cursor: every query of the view that reads requests (the page and the counts per
status), one after the other. Goal: p95 ≤ 50 ms and within 3× the raw SQL's p95.
"""

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _support

SCENARIO = "inbox"
GOAL_MS = 50
GOAL_RATIO = 3
OPEN = ("submitted", "in_process", "returned", "completed")


def run(args) -> list[dict]:
    setup(args.database_url)
    runs = getattr(args, "runs", None) or 200
    rows = []
    for label, username in inbox_users():
        rows += measure(label, username, runs)
    return rows


def setup(database_url: str) -> None:
    from django.conf import settings

    if not settings.configured:  # another scenario of the same run may have done it
        _support.setup_django(database_url)
    from django.test.utils import override_settings

    # Pages are rendered without a collectstatic run: plain static URLs, as in development.
    if "Manifest" in settings.STORAGES["staticfiles"]["BACKEND"]:
        storages = settings.STORAGES | {
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
        }
        override_settings(STORAGES=storages).enable()


def inbox_users() -> list[tuple[str, str]]:
    """(label, username) of the busiest village office, the busiest kecamatan office and
    the Disdukcapil, named as bench/kabupaten.py names its staff."""
    from django.db.models import Count

    from balai.cases.models import ServiceRequest
    from balai.offices.models import Office

    found = []
    for kind, prefix in (("village", "desa"), ("kecamatan", "kecamatan")):
        busiest = (
            ServiceRequest.objects.filter(status__in=OPEN, current_office__kind=kind)
            .values("current_office")
            .annotate(n=Count("id"))
            .order_by("-n")
            .first()
        )
        if busiest is None:
            continue
        office = Office.objects.get(pk=busiest["current_office"])
        username = f"{prefix}.{office.region_id.replace('.', '')}.petugas1"
        found.append((f"{office.name} ({busiest['n']:,} open)", username))
    agency_open = ServiceRequest.objects.filter(
        status__in=OPEN, current_office__agency="disdukcapil"
    ).count()
    found.append((f"Disdukcapil ({agency_open:,} open)", "disdukcapil.petugas1"))
    return found


def measure(label: str, username: str, runs: int) -> list[dict]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    import bench.common as common
    from balai.accounts.models import User

    client = Client(HTTP_HOST="localhost")
    client.force_login(User.objects.get(username=username))
    url = reverse("cases:inbox")

    def page():
        response = client.get(url)
        assert response.status_code == 200, (response.status_code, response.content[:300])

    page()
    with CaptureQueriesContext(connection) as captured:
        page()
    # Read now: every request the client makes clears the connection's query log.
    count = len(captured.captured_queries)
    queries = [q["sql"] for q in captured.captured_queries if "cases_servicerequest" in q["sql"]]
    if not queries:
        raise AssertionError("the inbox view did not read requests")

    def raw_page():
        for sql in queries:
            common.raw(sql)

    view = common.percentiles(common.timed(page, runs))
    raw = common.percentiles(common.timed(raw_page, runs))
    ok = view[1] <= GOAL_MS and view[1] <= GOAL_RATIO * raw[1]
    return [
        _support.row(SCENARIO, f"{label}: view p50", view[0], "ms", raw[0]),
        _support.row(
            SCENARIO,
            f"{label}: view p95 ({count} queries; raw = {len(queries)} request queries)",
            view[1],
            "ms",
            raw[1],
            f"≤ {GOAL_MS} ms and ≤ {GOAL_RATIO}× raw",
            ok,
        ),
        _support.row(SCENARIO, f"{label}: view p99", view[2], "ms", raw[2]),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    _support.print_rows(run(args))


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))
    main()
