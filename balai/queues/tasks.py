from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from balai.core.periodic import periodic
from balai.offices.models import Office
from balai.workdays.calendar import local_date

from .models import Ticket
from .services import expire_stale
from .statistics import rollup_day


@periodic(every=timedelta(minutes=15))
@task()
def expire_stale_tickets() -> int:
    """After closing, tickets nobody served become no-shows, so the next day starts clean."""
    return expire_stale()


@periodic(every=timedelta(hours=1))
@task()
def rollup_queue_statistics() -> int:
    """Keep today's and yesterday's figures current for reports and dashboards."""
    now = timezone.now()
    today = local_date(now)
    days = (today - timedelta(days=1), today)
    pairs = (
        Ticket.objects.filter(day__in=days).values_list("office_id", "day").order_by().distinct()
    )
    offices = Office.objects.in_bulk({office_id for office_id, _day in pairs})
    for office_id, day in pairs:
        rollup_day(offices[office_id], day, now)
    return len(pairs)
