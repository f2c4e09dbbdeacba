from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from balai.core.periodic import periodic
from balai.workdays.calendar import local_date

from .rollups import reconcile, snapshot_backlog
from .services import send_due_daily_reports


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


@periodic(every=timedelta(minutes=30))
@task()
def send_daily_reports() -> int:
    """Make and send each office's daily report once its report hour has passed.

    Every half hour, so an office is served within half an hour of its hour in any time
    zone; an office already sent for the day is skipped, so re-runs change nothing.
    """
    return send_due_daily_reports()
