from datetime import timedelta

from django_tasks import task

from balai.core.periodic import periodic

from .services import run_time_limits


@periodic(every=timedelta(minutes=10))
@task()
def enforce_complaint_time_limits() -> dict:
    return run_time_limits()
