"""Deadlines of a request and its steps, in working days of the responsible office."""

import math

from django.utils import timezone

from balai.workdays.calendar import add_working_days, local_date, working_days_between

from .constants import DUE_SOON_SHARE, Alert


def overall_due(request, start):
    """The request's deadline: the sum of the steps' limits from submission."""
    total = sum(step.time_limit_days for step in request.steps.all())
    return add_working_days(start, total, request.origin_office)


def start_step(request, step, now=None):
    """Make `step` the current one and give it its deadline."""
    now = now or timezone.now()
    step.status = "active"
    step.started_at = now
    step.due_date = add_working_days(now, step.time_limit_days, step.office)
    step.alert = Alert.NONE
    step.save(update_fields=["status", "started_at", "due_date", "alert"])
    request.current_step = step
    request.current_office = step.office
    request.current_due = step.due_date


def finish_step(step, now=None):
    step.status = "done"
    step.finished_at = now or timezone.now()
    step.save(update_fields=["status", "finished_at"])


def resume_after_return(request, now=None) -> int:
    """Move the deadlines by the working days the request waited for the applicant."""
    now = now or timezone.now()
    step = request.current_step
    waited = max(0, working_days_between(request.returned_at, now, step.office))
    if waited:
        step.due_date = add_working_days(step.due_date, waited, step.office)
        step.save(update_fields=["due_date"])
        request.due_date = add_working_days(request.due_date, waited, request.origin_office)
    request.current_due = step.due_date
    request.suspended_days += waited
    return waited


def alert_for(step, now) -> int:
    """DUE_SOON once 80% of the step's working days have passed, OVERDUE after the deadline."""
    if local_date(now, step.office) > step.due_date:
        return Alert.OVERDUE
    elapsed = working_days_between(step.started_at, now, step.office)
    if elapsed >= math.ceil(DUE_SOON_SHARE * step.time_limit_days):
        return Alert.DUE_SOON
    return Alert.NONE


def local_today(office):
    return local_date(timezone.now(), office)
