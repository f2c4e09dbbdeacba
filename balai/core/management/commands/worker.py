import logging
import signal
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker

from balai.core.periodic import discover, queue_due_jobs

logger = logging.getLogger("balai.worker")


class Command(BaseCommand):
    help = "Runs queued background tasks and queues periodic jobs when they are due."

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help="Queue due jobs, run every ready task, then exit."
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=settings.WORKER_INTERVAL_SECONDS,
            help="Seconds to wait when there is nothing to do.",
        )

    def handle(self, *args, once=False, interval=1.0, **options):
        jobs = discover()
        self.running = True
        self.current = None
        signal.signal(signal.SIGINT, self.stop)
        signal.signal(signal.SIGTERM, self.stop)
        worker_id = get_random_string(32)
        logger.info("Worker %s started with %d periodic jobs", worker_id, len(jobs))
        while self.running:
            queue_due_jobs()
            self.current = Worker(
                queue_names=["*"],
                excluded_queue_names=[],
                interval=0,
                batch=True,
                backend_name="default",
                startup_delay=False,
                max_tasks=None,
                worker_id=worker_id,
            )
            self.current.run()
            if once:
                break
            self.sleep(interval)
        logger.info("Worker %s stopped", worker_id)

    def stop(self, signum, frame):
        # Finish the task in hand, then leave the loop.
        self.running = False
        if self.current is not None:
            self.current.running = False

    def sleep(self, seconds: float):
        deadline = time.monotonic() + seconds
        while self.running and time.monotonic() < deadline:
            time.sleep(min(0.2, seconds))
