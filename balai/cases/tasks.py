from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from balai.catalog.constants import Channel
from balai.core.periodic import periodic

from .constants import Status
from .models import RequestDocument, ServiceRequest
from .services import flag_deadlines

UNCONFIRMED_KEPT_FOR = timedelta(days=1)


@periodic(every=timedelta(minutes=10))
@task()
def flag_request_deadlines() -> int:
    return flag_deadlines()


@periodic(every=timedelta(hours=1))
@task()
def drop_unconfirmed_online_requests() -> int:
    """Online drafts whose phone or e-mail was never confirmed hold personal data for nothing."""
    cutoff = timezone.now() - UNCONFIRMED_KEPT_FOR
    stale = ServiceRequest.objects.filter(
        status=Status.DRAFT, channel=Channel.ONLINE, created_at__lt=cutoff
    )
    for document in RequestDocument.objects.filter(request__in=stale):
        document.file.delete(save=False)
    deleted, _ = stale.delete()
    return deleted
