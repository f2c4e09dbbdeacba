"""The complaint lifecycle as data (SP4N-LAPOR!): which action moves which status, by whom.

Actors are relative to the complaint:
- HANDLER: staff of the responsible office, or the RT/RW head of the responsible unit;
- REPORTER: the citizen, proven by the tracking code and PIN;
- SYSTEM: the periodic job (escalation on a missed limit, closing when unanswered).
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from balai.offices.constants import Role

from .constants import Action, Level, Limit, Status
from .models import HANDLER_ROLES


class Actor(models.TextChoices):
    HANDLER = "handler", _("Penanggung jawab")
    REPORTER = "reporter", _("Pelapor")
    SYSTEM = "system", _("Sistem")


@dataclass(frozen=True)
class Transition:
    sources: tuple[str, ...]
    target: str | None  # None: the status stays
    actors: tuple[str, ...]
    needs_note: bool = False
    # The SP4N-LAPOR! limit that starts once the action is done (None: leave it as it is).
    starts: str | None = None


WORKING = (Status.RECEIVED, Status.ON_HOLD, Status.ACCEPTED, Status.ASSIGNED, Status.IN_PROGRESS)

TRANSITIONS: dict[str, Transition] = {
    Action.ACCEPT: Transition(
        (Status.RECEIVED, Status.ON_HOLD), Status.ACCEPTED, (Actor.HANDLER,), starts=Limit.FOLLOW_UP
    ),
    Action.HOLD: Transition(
        (Status.RECEIVED,), Status.ON_HOLD, (Actor.HANDLER,), needs_note=True, starts=Limit.NONE
    ),
    Action.FORWARD: Transition(
        (Status.RECEIVED, Status.ON_HOLD, Status.ACCEPTED),
        Status.RECEIVED,
        (Actor.HANDLER,),
        needs_note=True,
        starts=Limit.VERIFY,
    ),
    Action.ARCHIVE: Transition(
        (Status.RECEIVED, Status.ON_HOLD),
        Status.ARCHIVED,
        (Actor.HANDLER,),
        needs_note=True,
        starts=Limit.NONE,
    ),
    Action.ASSIGN: Transition(
        (Status.ACCEPTED, Status.ASSIGNED), Status.ASSIGNED, (Actor.HANDLER,)
    ),
    Action.FOLLOW_UP: Transition(
        (Status.ACCEPTED, Status.ASSIGNED),
        Status.IN_PROGRESS,
        (Actor.HANDLER,),
        needs_note=True,
        starts=Limit.NONE,
    ),
    Action.RESOLVE: Transition(
        (Status.IN_PROGRESS,),
        Status.RESOLVED,
        (Actor.HANDLER,),
        needs_note=True,
        starts=Limit.CONFIRM,
    ),
    Action.CONFIRM: Transition(
        (Status.RESOLVED,), Status.CLOSED, (Actor.REPORTER,), starts=Limit.NONE
    ),
    Action.REOPEN: Transition(
        (Status.RESOLVED,),
        Status.IN_PROGRESS,
        (Actor.REPORTER,),
        needs_note=True,
        starts=Limit.FOLLOW_UP,
    ),
    Action.CLOSE: Transition((Status.RESOLVED,), Status.CLOSED, (Actor.SYSTEM,), starts=Limit.NONE),
    Action.REROUTE: Transition(WORKING, None, (Actor.HANDLER,), needs_note=True),
    Action.MERGE: Transition(
        WORKING, Status.MERGED, (Actor.HANDLER,), needs_note=True, starts=Limit.NONE
    ),
    Action.ESCALATE: Transition(
        (Status.RECEIVED, Status.ACCEPTED, Status.ASSIGNED, Status.IN_PROGRESS),
        None,
        (Actor.SYSTEM,),
    ),
}


def is_handler(complaint, user) -> bool:
    if user is None or not user.is_authenticated:
        return False
    from balai.offices.jurisdiction import jurisdiction_of

    jurisdiction = jurisdiction_of(user)
    if jurisdiction.holds(complaint.office_id, *HANDLER_ROLES):
        return True
    if complaint.level == Level.LMK and jurisdiction.holds(complaint.office_id, Role.LMK):
        return True
    if complaint.unit_id and Role.NEIGHBOURHOOD_HEAD in jurisdiction.roles:
        from balai.offices.models import Membership

        # A RW head also handles what is routed to an RT of their RW.
        return (
            Membership.objects.active()
            .filter(user=user, role=Role.NEIGHBOURHOOD_HEAD, office_id=complaint.office_id)
            .filter(region_id__in=_unit_and_parents(complaint.unit_id))
            .exists()
        )
    return False


def _unit_and_parents(code: str) -> list[str]:
    parts = code.split(".")
    return [".".join(parts[:i]) for i in range(5, len(parts) + 1)]


def actors_of(complaint, user=None, reporter=False, system=False) -> set[str]:
    found = set()
    if reporter:
        found.add(Actor.REPORTER)
    if system:
        found.add(Actor.SYSTEM)
    if is_handler(complaint, user):
        found.add(Actor.HANDLER)
    return found


def allowed_actions(complaint, user=None, reporter=False) -> list[str]:
    actors = actors_of(complaint, user, reporter)
    return [
        action
        for action, transition in TRANSITIONS.items()
        if complaint.status in transition.sources and actors & set(transition.actors)
    ]
