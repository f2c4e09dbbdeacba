"""Periodic jobs: tasks the worker queues itself at a fixed interval.

An app declares one in its `tasks.py`:

    @periodic(every=timedelta(minutes=15))
    @task()
    def flag_overdue_requests(): ...

Several workers may run at once; the row lock on `PeriodicJobRun` makes sure a job is
queued once per interval, not once per worker.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from .models import PeriodicJobRun


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    task: object
    every: timedelta


REGISTRY: dict[str, PeriodicJob] = {}


def periodic(every: timedelta):
    def register(task):
        name = f"{task.func.__module__}.{task.func.__name__}"
        REGISTRY[name] = PeriodicJob(name=name, task=task, every=every)
        return task

    return register


def discover() -> dict[str, PeriodicJob]:
    autodiscover_modules("tasks")
    return REGISTRY


def queue_due_jobs(now=None) -> list[str]:
    """Queue every job whose interval has passed; return the names queued."""
    now = now or timezone.now()
    queued = []
    for job in REGISTRY.values():
        with transaction.atomic():
            run, _ = PeriodicJobRun.objects.select_for_update().get_or_create(name=job.name)
            if run.last_queued_at and now - run.last_queued_at < job.every:
                continue
            job.task.enqueue()
            run.last_queued_at = now
            run.save(update_fields=["last_queued_at"])
        queued.append(job.name)
    return queued
