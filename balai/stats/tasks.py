from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from balai.core.periodic import periodic
from balai.workdays.calendar import local_date

from .rollups import reconcile, snapshot_backlog


@periodic(every=timedelta(hours=6))
@task()
def reconcile_statistics() -> dict:
    """Recompute the last two days from raw data, and count what waits at each office today.

    Run every few hours rather than once at night: a missed night (the server was down)
    is caught up the same morning, and a re-run changes nothing.
    """
    today = local_date(timezone.now())
    changed = reconcile(today - timedelta(days=2), today - timedelta(days=1))
    changed["backlog"] = snapshot_backlog(today)
    return changed
