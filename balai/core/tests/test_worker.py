from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from balai.core import periodic
from balai.core.models import PeriodicJobRun

RUNS = []


@task()
def remember(value):
    RUNS.append(value)
    return value


@task()
def tick():
    RUNS.append("tick")


@pytest.fixture
def only_test_jobs(monkeypatch):
    """Replace the project's periodic jobs by one test job, so counts are exact."""
    RUNS.clear()
    periodic.discover()
    monkeypatch.setattr(periodic, "REGISTRY", {})
    periodic.periodic(every=timedelta(hours=1))(tick)
    return periodic.REGISTRY


@pytest.mark.django_db(transaction=True)
def test_worker_runs_queued_tasks_and_due_periodic_jobs(only_test_jobs):
    remember.enqueue("surat")
    call_command("worker", once=True)
    assert sorted(RUNS) == ["surat", "tick"]
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}


@pytest.mark.django_db(transaction=True)
def test_a_periodic_job_is_queued_once_per_interval(only_test_jobs):
    now = timezone.now()
    assert periodic.queue_due_jobs(now) == ["balai.core.tests.test_worker.tick"]
    assert periodic.queue_due_jobs(now + timedelta(minutes=59)) == []
    assert periodic.queue_due_jobs(now + timedelta(minutes=61)) == [
        "balai.core.tests.test_worker.tick"
    ]
    assert DBTaskResult.objects.count() == 2
    assert PeriodicJobRun.objects.get().last_queued_at == now + timedelta(minutes=61)


@pytest.mark.django_db(transaction=True)
def test_pruning_drops_only_old_finished_tasks(only_test_jobs):
    from balai.core.tasks import prune_finished_tasks

    DBTaskResult.objects.all().delete()
    remember.enqueue("lama")
    remember.enqueue("baru")
    call_command("worker", once=True)
    old = DBTaskResult.objects.order_by("enqueued_at").first()
    DBTaskResult.objects.filter(pk=old.pk).update(finished_at=timezone.now() - timedelta(days=30))
    assert prune_finished_tasks.call() == 1
    assert DBTaskResult.objects.count() == 2  # the recent task and the due periodic job
