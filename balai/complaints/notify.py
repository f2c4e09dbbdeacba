"""Who hears about a complaint. Messages are created in the caller's transaction and sent
after it commits; dedupe keys (event + recipient) make every message go out once."""

import logging

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from balai.lib import codes
from balai.notifications.services import queue_message
from balai.offices.constants import Role
from balai.offices.models import Membership

from .constants import Action, Status
from .models import HANDLER_ROLES

logger = logging.getLogger(__name__)

# Actions the reporter hears about, and the template used.
REPORTER_TEMPLATES = {
    Action.ACCEPT: "complaint_status",
    Action.HOLD: "complaint_status",
    Action.FORWARD: "complaint_status",
    Action.ARCHIVE: "complaint_status",
    Action.FOLLOW_UP: "complaint_status",
    Action.RESOLVE: "complaint_resolved",
    Action.CLOSE: "complaint_status",
    Action.MERGE: "complaint_status",
}


def track_url(complaint) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("complaints_public:track", args=[complaint.code])


def staff_url(complaint) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("complaints:detail", args=[complaint.code])


def _context(complaint, **extra):
    return {
        "code": codes.display(complaint.code),
        "title": complaint.title,
        "status": Status(complaint.status).label,
        "limit_due": complaint.limit_due,
        "track_url": track_url(complaint),
        "url": staff_url(complaint),
        "office_name": complaint.office.name,
    } | extra


def _queue(channel, recipient, template, context, dedupe_key, complaint):
    try:
        queue_message(
            channel=channel,
            recipient=recipient,
            template=template,
            context=context,
            dedupe_key=dedupe_key,
            subject_ref=f"complaint:{complaint.pk}",
        )
    except ValueError:
        logger.warning("Notification for complaint %s skipped: unusable %s", complaint.pk, channel)


def _reporter_channels(complaint):
    if complaint.reporter_phone:
        yield getattr(settings, "NOTIFY_APPLICANT_PHONE_CHANNEL", "sms"), complaint.reporter_phone
    if complaint.reporter_email:
        yield "email", complaint.reporter_email


def _to_reporter(complaint, event, template, **extra):
    context = _context(complaint, **extra)
    for channel, recipient in _reporter_channels(complaint):
        _queue(channel, recipient, template, context, f"event:{event.uuid}:{channel}", complaint)


def _to_office(complaint, event, office, what, unit_id=None):
    """E-mail the office's handlers and the RT/RW head of `unit_id` (by default the
    complaint's unit, when the office is the responsible one)."""
    if unit_id is None and office.pk == complaint.office_id:
        unit_id = complaint.unit_id
    memberships = Membership.objects.active().filter(office=office).exclude(user__email="")
    people = [m.user for m in memberships.select_related("user") if m.role in HANDLER_ROLES]
    if unit_id:
        heads = memberships.filter(role=Role.NEIGHBOURHOOD_HEAD, region_id=unit_id)
        people += [m.user for m in heads.select_related("user")]
    context = _context(complaint, what=what, office_name=office.name)
    for user in {u.pk: u for u in people}.values():
        _queue(
            "email",
            user.email,
            "complaint_staff",
            context,
            f"event:{event.uuid}:{user.pk}",
            complaint,
        )


def received(complaint, event) -> None:
    _to_reporter(complaint, event, "complaint_received")
    _to_office(complaint, event, complaint.office, _("masuk dan perlu diverifikasi"))


def after_action(complaint, event, previous_office, previous_unit_id=None) -> None:
    template = REPORTER_TEMPLATES.get(event.action)
    if template:
        _to_reporter(complaint, event, template, note=event.note)
    if event.action == Action.ESCALATE:
        what = _("dinaikkan karena batas waktu terlewati")
        _to_office(complaint, event, complaint.office, what)
        # The level left behind hears too: its office, or its RT/RW head when the
        # complaint only climbed from the RT to the RW (or the RW to the village office).
        if previous_office.pk != complaint.office_id or previous_unit_id != complaint.unit_id:
            _to_office(complaint, event, previous_office, what, unit_id=previous_unit_id)
    elif (
        event.action in (Action.FORWARD, Action.REROUTE)
        and previous_office.pk != complaint.office_id
    ):
        _to_office(complaint, event, complaint.office, _("dialihkan ke kantor Anda"))
    elif event.action == Action.REOPEN:
        _to_office(complaint, event, complaint.office, _("dibuka kembali oleh pelapor"))
    elif event.action == Action.ASSIGN and complaint.assignee and complaint.assignee.email:
        _queue(
            "email",
            complaint.assignee.email,
            "complaint_staff",
            _context(complaint, what=_("ditugaskan kepada Anda")),
            f"event:{event.uuid}:{complaint.assignee.pk}",
            complaint,
        )


def visit_planned(complaint, visit) -> None:
    if visit.assignee.email:
        _queue(
            "email",
            visit.assignee.email,
            "complaint_staff",
            _context(
                complaint,
                what=_("perlu dikunjungi pada %(date)s")
                % {"date": visit.due_date.strftime("%d-%m-%Y")},
            ),
            f"visit:{visit.pk}",
            complaint,
        )
