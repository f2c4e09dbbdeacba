"""Who hears about what happens to a request, and through which channel.

Messages are created inside the caller's transaction (so a rolled-back action leaves
none) and sent after it commits. Each carries a dedupe key made of the event and the
recipient, so a retried task or a repeated call never sends the same message twice.
"""

import logging

from django.conf import settings
from django.urls import reverse

from balai.lib import codes
from balai.notifications.services import queue_message
from balai.offices.constants import Role
from balai.offices.models import Membership

from .constants import Action, Alert
from .workflow import STAFF_ROLES

logger = logging.getLogger(__name__)

# Who works the inbox; the head is told separately, and only on breach.
WORKER_ROLES = tuple(role for role in STAFF_ROLES if role != Role.HEAD)

APPLICANT_TEMPLATES = {
    Action.SUBMIT: "request_submitted",
    Action.RETURN: "request_returned",
    Action.COMPLETE: "request_completed",
    Action.HAND_OVER: "request_handed_over",
    Action.REJECT: "request_rejected",
}


def track_url(request) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("cases_public:track", args=[request.code])


def staff_url(request) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("cases:detail", args=[request.code])


def base_context(request) -> dict:
    return {
        "code": codes.display(request.code),
        "service_name": request.service.name,
        "due_date": request.due_date,
        "track_url": track_url(request),
    }


def applicant_channels(request):
    """The applicant's phone gets an SMS (WhatsApp where configured), the e-mail a mail."""
    sms_channel = getattr(settings, "NOTIFY_APPLICANT_PHONE_CHANNEL", "sms")
    if request.applicant_phone:
        yield sms_channel, request.applicant_phone
    if request.applicant_email:
        yield "email", request.applicant_email


def _queue(channel, recipient, template, context, dedupe_key, request):
    try:
        queue_message(
            channel=channel,
            recipient=recipient,
            template=template,
            context=context,
            dedupe_key=dedupe_key,
            subject_ref=f"request:{request.pk}",
        )
    except ValueError:
        # An unusable phone or address must not undo the officer's action.
        logger.warning("Notification for request %s skipped: unusable %s", request.pk, channel)


def after_action(request, event) -> None:
    template = APPLICANT_TEMPLATES.get(event.action)
    if template is None:
        return
    context = base_context(request) | {
        "note": event.note,
        "office_name": request.current_office.name if request.current_office else "",
    }
    for channel, recipient in applicant_channels(request):
        _queue(channel, recipient, template, context, f"event:{event.uuid}:{channel}", request)


def confirmation_code(request, code: str, minutes: int) -> None:
    context = {"code": code, "minutes": minutes}
    for channel, recipient in applicant_channels(request):
        _queue(channel, recipient, "confirmation_code", context, None, request)


def deadline_alert(request, step, event, alert) -> None:
    """Staff of the step's office hear at 80% and at breach; the head also at breach."""
    context = base_context(request) | {
        "due_date": step.due_date,
        "office_name": step.office.name,
        "url": staff_url(request),
    }
    template = "request_overdue_staff" if alert == Alert.OVERDUE else "request_due_soon_staff"
    for user in _office_people(step.office, WORKER_ROLES):
        _queue("email", user.email, template, context, f"event:{event.uuid}:{user.pk}", request)
    if alert == Alert.OVERDUE:
        for user in _office_people(step.office, (Role.HEAD,)):
            _queue(
                "email",
                user.email,
                "request_overdue_head",
                context,
                f"event:{event.uuid}:head:{user.pk}",
                request,
            )


def _office_people(office, roles):
    memberships = (
        Membership.objects.active()
        .filter(office=office, role__in=roles)
        .exclude(user__email="")
        .select_related("user")
    )
    return {m.user.pk: m.user for m in memberships}.values()
