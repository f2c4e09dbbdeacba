"""Demo figures for Kelurahan Kauman: two weeks of requests, survey answers, the rollups
reconciled, and the lurah's daily report of the last working day with its message.

Requests are filed and worked through the services, the way the lurah would at the desk,
then moved back to the working days they stand for (the services stamp "now"); the rollups
are then recomputed from those rows, so every dashboard agrees with the raw data. Each
request carries an idempotency key, so a second run files nothing.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from balai.accounts.models import User
from balai.cases.constants import Action, EventKind
from balai.cases.models import RequestDocument, RequestEvent, RequestStep, ServiceRequest
from balai.cases.services import Applicant, Upload, file_request, perform
from balai.catalog.constants import Channel
from balai.catalog.models import Service
from balai.offices.constants import OfficeKind
from balai.offices.models import Office
from balai.regions.models import Region
from balai.surveys.constants import ELEMENTS
from balai.surveys.models import SurveyInvitation, SurveyResponse
from balai.surveys.services import submit_response
from balai.workdays.calendar import add_working_days, is_working_day, local_date, office_time_zone

from .rollups import reconcile, snapshot_backlog
from .services import send_daily_report

__all__ = ["build_stats_demo"]

KAUMAN = "35.16.08.1004"
LURAH = "lurah.kauman"
SERVICES = ("sk-domisili", "sktm", "pengantar-skck", "sk-usaha")
WORKING_DAYS = 10  # how far back the requests go
PER_DAY = 4
KEY_PREFIX = "demo-kauman-"
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
NAMES = ("Siti Aminah", "Bambang Susanto", "Dewi Lestari", "Agus Salim", "Nur Hidayah")

CREATED, UNCHANGED = "created", "unchanged"


@dataclass(frozen=True)
class Plan:
    number: int
    service_code: str
    submitted: date
    completed: date | None  # None: still open
    rated: bool


def build_stats_demo() -> dict:
    """{label: {status: count}} of what was written; empty without the core demo."""
    office = Office.objects.filter(region_id=KAUMAN, kind=OfficeKind.VILLAGE).first()
    lurah = User.objects.filter(username=LURAH).first()
    if office is None or lurah is None:
        return {}
    today = local_date(timezone.now(), office)
    plans = _plans(office, today)
    counts = {"requests": {CREATED: 0, UNCHANGED: 0}, "daily reports": {}}
    for plan in plans:
        key = f"{KEY_PREFIX}{plan.number:02d}"
        if ServiceRequest.objects.filter(idempotency_key=key).exists():
            counts["requests"][UNCHANGED] += 1
            continue
        with transaction.atomic():
            _work_through(plan, key, office, lurah)
        counts["requests"][CREATED] += 1
    responses = SurveyResponse.objects.filter(request__idempotency_key__startswith=KEY_PREFIX)
    counts["survey responses"] = {UNCHANGED: responses.count()}
    last_day = _working_days_before(office, today, 1)[0]
    reconcile(min(plan.submitted for plan in plans), today)
    snapshot_backlog(last_day)
    snapshot_backlog(today)
    sent = send_daily_report(office, last_day, now=_at(office, last_day, time(16, 30)))
    counts["daily reports"] = {CREATED if sent else UNCHANGED: 1}
    return counts


def _working_days_before(office, today: date, count: int) -> list[date]:
    """The `count` working days before `today`, latest first."""
    days, day = [], today
    while len(days) < count:
        day -= timedelta(days=1)
        if is_working_day(day, office):
            days.append(day)
    return days


def _plans(office, today: date) -> list[Plan]:
    days = list(reversed(_working_days_before(office, today, WORKING_DAYS)))
    plans = []
    for number in range(WORKING_DAYS * PER_DAY):
        submitted = days[number // PER_DAY]
        # Most are done the same or the next working day (the limit is one); some take
        # three and are late; every seventh still waits, long past its limit.
        took = (0, 1, 1, 3)[number % 4]
        completed = add_working_days(submitted, took, office) if took else submitted
        if number % 7 == 3 or completed >= today:
            completed = None
        plans.append(
            Plan(number, SERVICES[number % len(SERVICES)], submitted, completed, number % 5 != 0)
        )
    return plans


def _at(office, day: date, moment: time) -> datetime:
    return datetime.combine(day, moment, tzinfo=ZoneInfo(office_time_zone(office)))


def _work_through(plan: Plan, key: str, office, lurah) -> None:
    applicant = Applicant(
        name=NAMES[plan.number % len(NAMES)],
        nik=f"35160840{plan.number:02d}900001",
        address=f"Jl. Pahlawan No. {plan.number + 1}, Kauman",
        region=Region.objects.get(code=KAUMAN),
    )
    request = file_request(
        service=Service.objects.get(code=plan.service_code),
        applicant=applicant,
        channel=Channel.COUNTER,
        actor=lurah,
        origin_office=office,
        idempotency_key=key,
    ).request
    perform(request, Action.ACCEPT, actor=lurah)
    if plan.completed is not None:
        output = SimpleUploadedFile("surat.pdf", PDF_BYTES, content_type="application/pdf")
        perform(request, Action.COMPLETE, actor=lurah, uploads=[Upload(file=output)])
    _move_back(request, plan, office)
    if plan.completed is not None and plan.rated:
        _rate(request, plan, office)


def _move_back(request, plan: Plan, office) -> None:
    """Stamp the request with the working days it stands for."""
    submitted = _at(office, plan.submitted, time(8, 30 + plan.number % 4 * 7))
    step_due = add_working_days(submitted, 1, office)
    completed = plan.completed and _at(office, plan.completed, time(13, 0))
    ServiceRequest.objects.filter(pk=request.pk).update(
        created_at=submitted,
        submitted_at=submitted,
        due_date=step_due,
        current_due=plan.completed or step_due,
        completed_at=completed,
    )
    RequestStep.objects.filter(request=request).update(
        started_at=submitted, due_date=step_due, finished_at=completed
    )
    events = RequestEvent.objects.filter(request=request)
    events.exclude(action=Action.COMPLETE).update(at=submitted)
    events.filter(kind=EventKind.ACTION, action=Action.COMPLETE).update(at=completed)
    RequestDocument.objects.filter(request=request).update(uploaded_at=completed or submitted)
    if completed:
        SurveyInvitation.objects.filter(request=request).update(created_at=completed)


def _rate(request, plan: Plan, office) -> None:
    invitation = SurveyInvitation.objects.get(request=request)
    answers = {
        key: 3 if (plan.number + index) % 3 == 0 else 4 for index, key in enumerate(ELEMENTS)
    }
    response = submit_response(invitation, answers)
    rated_at = _at(office, plan.completed, time(15, 0))
    SurveyResponse.objects.filter(pk=response.pk).update(submitted_at=rated_at)
    SurveyInvitation.objects.filter(pk=invitation.pk).update(used_at=rated_at)
