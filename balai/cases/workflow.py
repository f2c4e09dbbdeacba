"""The request workflow as data: which action moves which status, and who may fire it.

`services.perform` reads this table; nothing else decides whether an action is allowed.
Actors are relative to the request:
- APPLICANT: the citizen, proven by the tracking code and PIN (or the one-time code);
- ORIGIN_STAFF: staff of the office where the request was filed (the village office);
- CURRENT_STAFF: staff of the office at the request's current step;
- CURRENT_LEAD: the head or section head of that office.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from balai.offices.constants import Role

from .constants import Action, Status


class Actor(models.TextChoices):
    APPLICANT = "applicant", _("Pemohon")
    ORIGIN_STAFF = "origin_staff", _("Petugas kantor penerima")
    CURRENT_STAFF = "current_staff", _("Petugas kantor tahap ini")
    CURRENT_LEAD = "current_lead", _("Kepala/Kasi kantor tahap ini")


# Roles that work on requests at an office; RT/RW heads and admins do not.
STAFF_ROLES = (Role.FRONT_OFFICE, Role.SECTION_HEAD, Role.HEAD, Role.OPERATOR)
LEAD_ROLES = (Role.SECTION_HEAD, Role.HEAD)

# Stands for "the status the request had before it was returned".
PREVIOUS = "previous"


@dataclass(frozen=True)
class Transition:
    sources: tuple[str, ...]
    target: str | None  # None: the status stays (moving between steps, reassigning)
    actors: tuple[str, ...]
    needs_note: bool = False


TRANSITIONS: dict[str, Transition] = {
    Action.SUBMIT: Transition(
        (Status.DRAFT,), Status.SUBMITTED, (Actor.APPLICANT, Actor.ORIGIN_STAFF)
    ),
    Action.ACCEPT: Transition((Status.SUBMITTED,), Status.IN_PROCESS, (Actor.CURRENT_STAFF,)),
    Action.RETURN: Transition(
        (Status.SUBMITTED, Status.IN_PROCESS),
        Status.RETURNED,
        (Actor.CURRENT_STAFF,),
        needs_note=True,
    ),
    Action.RESUBMIT: Transition(
        (Status.RETURNED,), PREVIOUS, (Actor.APPLICANT, Actor.ORIGIN_STAFF)
    ),
    Action.FORWARD: Transition((Status.IN_PROCESS,), None, (Actor.CURRENT_STAFF,)),
    Action.REJECT: Transition(
        (Status.SUBMITTED, Status.IN_PROCESS),
        Status.REJECTED,
        (Actor.CURRENT_LEAD,),
        needs_note=True,
    ),
    Action.COMPLETE: Transition((Status.IN_PROCESS,), Status.COMPLETED, (Actor.CURRENT_STAFF,)),
    Action.HAND_OVER: Transition((Status.COMPLETED,), Status.HANDED_OVER, (Actor.CURRENT_STAFF,)),
    Action.CLOSE: Transition((Status.HANDED_OVER,), Status.CLOSED, (Actor.ORIGIN_STAFF,)),
    Action.CANCEL: Transition(
        (Status.DRAFT, Status.SUBMITTED),
        Status.CANCELLED,
        (Actor.APPLICANT, Actor.ORIGIN_STAFF),
        needs_note=True,
    ),
    Action.REASSIGN: Transition((Status.SUBMITTED, Status.IN_PROCESS), None, (Actor.CURRENT_LEAD,)),
}


# Conditions beyond the status: moving on needs a next step, finishing needs the last.
GUARDS = {
    Action.FORWARD: lambda request: not request.at_last_step,
    Action.COMPLETE: lambda request: request.at_last_step,
}


def actors_of(request, user=None, applicant=False) -> set[str]:
    """Which actor roles this person plays for this request."""
    found = set()
    if applicant:
        found.add(Actor.APPLICANT)
    if user is None or not user.is_authenticated:
        return found
    from balai.offices.jurisdiction import jurisdiction_of

    jurisdiction = jurisdiction_of(user)
    if jurisdiction.holds(request.origin_office_id, *STAFF_ROLES):
        found.add(Actor.ORIGIN_STAFF)
    if request.current_office_id and jurisdiction.holds(request.current_office_id, *STAFF_ROLES):
        found.add(Actor.CURRENT_STAFF)
    if request.current_office_id and jurisdiction.holds(request.current_office_id, *LEAD_ROLES):
        found.add(Actor.CURRENT_LEAD)
    return found


def allowed_actions(request, user=None, applicant=False) -> list[str]:
    """Actions this person may fire now, in the table's order (for buttons and the API)."""
    actors = actors_of(request, user, applicant)
    return [
        action
        for action, transition in TRANSITIONS.items()
        if request.status in transition.sources
        and actors & set(transition.actors)
        and GUARDS.get(action, lambda _request: True)(request)
    ]
