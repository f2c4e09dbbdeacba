from datetime import timedelta

from django_tasks import task

from balai.core.periodic import periodic

from . import services


@task()
def send_message(message_id: int) -> str:
    """Send one message; a second run for the same message finds nothing to do."""
    return services.deliver(message_id)


@periodic(every=timedelta(minutes=1))
@task()
def retry_due_messages() -> int:
    """Queue messages whose retry is due, and those whose worker died mid-send."""
    return services.requeue_due_messages()
