"""Making, archiving and sending the daily reports (laporan harian) of the offices.

A report is one row per office and day: generating it again rewrites the same row with a
new file. Sending happens once per office and day, after the report hour on a working day,
to each active head of the office with an e-mail address, through the notification outbox.
The row is locked while a report is written and sent, and the messages carry a dedupe key,
so two workers running the job at once send nothing twice.
"""

import hashlib
import logging
from datetime import date, datetime, timedelta
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from balai.notifications.services import queue_message
from balai.offices.constants import Role
from balai.offices.jurisdiction import jurisdiction_of
from balai.offices.models import Membership, Office
from balai.queues.statistics import rollup_day
from balai.workdays.calendar import is_working_day, local_date, office_time_zone

from .daily_report import gather, render_pdf
from .models import DailyReport

__all__ = [
    "generate_daily_report",
    "generate_today",
    "report_due",
    "send_daily_report",
    "send_due_daily_reports",
]

logger = logging.getLogger(__name__)


def generate_daily_report(office, day: date, now: datetime | None = None) -> DailyReport:
    """Write the report of `office` for `day`, replacing the file of an earlier run."""
    now = now or timezone.now()
    with transaction.atomic():
        report = _locked_report(office, day, now)
        _write(report, now)
    return report


def generate_today(actor, office) -> DailyReport:
    """The head asks for today's report now, before (or after) the scheduled one."""
    if not jurisdiction_of(actor).holds(office.pk, Role.HEAD):
        raise PermissionDenied(_("Hanya kepala kantor ini yang dapat membuat laporan hariannya."))
    return generate_daily_report(office, local_date(timezone.now(), office))


def _locked_report(office, day: date, now: datetime) -> DailyReport:
    # get_or_create first: two workers inserting the same (office, day) meet on the unique key.
    report, _created = DailyReport.objects.get_or_create(
        office=office, day=day, defaults={"generated_at": now}
    )
    return DailyReport.objects.select_for_update().select_related("office").get(pk=report.pk)


def _write(report: DailyReport, now: datetime) -> None:
    # The queue's figures of the day are written at night; today's are counted now.
    rollup_day(report.office, report.day, now=now)
    body = render_pdf(gather(report.office, report.day, now))
    old_name = report.pdf.name
    report.pdf.save("laporan-harian.pdf", ContentFile(body), save=False)
    report.sha256 = hashlib.sha256(body).hexdigest()
    report.generated_at = now
    report.save(update_fields=["pdf", "sha256", "generated_at"])
    if old_name:
        storage = report.pdf.storage
        transaction.on_commit(lambda: storage.delete(old_name))


# Scheduled sending --------------------------------------------------------------------------


def report_due(office, now: datetime) -> date | None:
    """The office's local date when its report should be sent now, else None."""
    local = now.astimezone(ZoneInfo(office_time_zone(office)))
    if local.hour < settings.DAILY_REPORT_HOUR or not is_working_day(local.date(), office):
        return None
    return local.date()


def send_due_daily_reports(now: datetime | None = None) -> int:
    """Make and send the report of each active office past its report hour; count them."""
    now = now or timezone.now()
    utc_day = now.date()
    sent = set(
        DailyReport.objects.filter(
            day__range=(utc_day - timedelta(days=1), utc_day + timedelta(days=1)),
            sent_at__isnull=False,
        ).values_list("office_id", "day")
    )
    count = 0
    for office in Office.objects.active().order_by("pk"):
        day = report_due(office, now)
        if day is not None and (office.pk, day) not in sent:
            count += int(send_daily_report(office, day, now))
    return count


def send_daily_report(office, day: date, now: datetime | None = None) -> bool:
    """Generate the report and queue it for the heads, unless that was done already."""
    now = now or timezone.now()
    with transaction.atomic():
        report = _locked_report(office, day, now)
        if report.sent_at is not None:
            return False
        _write(report, now)
        heads = _notify_heads(report)
        report.sent_at = now
        report.save(update_fields=["sent_at"])
    logger.info("Daily report %s of office %s sent to %s head(s)", day, office.pk, heads)
    return True


def _notify_heads(report: DailyReport) -> int:
    memberships = (
        Membership.objects.active()
        .filter(office=report.office, role=Role.HEAD)
        .exclude(user__email="")
        .select_related("user")
    )
    context = _message_context(report)
    queued = 0
    for user in {m.user.pk: m.user for m in memberships}.values():
        try:
            queued += bool(
                queue_message(
                    channel="email",
                    recipient=user.email,
                    template="daily_report",
                    context=context,
                    dedupe_key=f"daily-report:{report.office_id}:{report.day}:{user.pk}",
                    subject_ref=f"daily_report:{report.pk}",
                )
            )
        except ValueError:
            # An unusable address must not stop the reports of the other offices.
            logger.warning("Daily report %s: unusable address of user %s", report.pk, user.pk)
    return queued


def archive_url(report: DailyReport) -> str:
    query = urlencode({"kantor": report.office_id, "bulan": f"{report.day:%Y-%m}"})
    return f"{settings.SITE_URL.rstrip('/')}{reverse('stats:daily_reports')}?{query}"


def _message_context(report: DailyReport) -> dict:
    with translation.override(settings.LANGUAGE_CODE):
        day = formats.date_format(report.day, "l, j F Y")
    return {"office_name": report.office.name, "day": day, "url": archive_url(report)}
