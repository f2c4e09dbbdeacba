from datetime import timedelta

from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from .periodic import periodic

KEEP_FINISHED_TASKS = timedelta(days=14)


@periodic(every=timedelta(days=1))
@task()
def prune_finished_tasks() -> int:
    """Drop results of tasks that finished long ago, so the task table stays small."""
    cutoff = timezone.now() - KEEP_FINISHED_TASKS
    deleted, _ = DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()
    return deleted
