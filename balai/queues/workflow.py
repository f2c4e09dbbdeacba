"""A ticket's life as data: which action moves which status. `services` reads this table;
nothing else decides whether an action is allowed.

    waiting ──call──▶ called ──start──▶ serving ──finish──▶ done
       ▲                │  ▲                │
       └──skip──────────┤  └──recall        │
       └──transfer──────┴───────────────────┘
    called ──no_show (after the office's number of calls)──▶ no_show
    waiting/called ──cancel──▶ cancelled;  ──expire (at closing)──▶ no_show
"""

from dataclasses import dataclass

from .constants import Action, TicketStatus

WAITING, CALLED, SERVING = TicketStatus.WAITING, TicketStatus.CALLED, TicketStatus.SERVING


@dataclass(frozen=True)
class Transition:
    sources: tuple[str, ...]
    target: str
    # Whether the ticket must be at the desk that fires the action.
    at_desk: bool = True


TRANSITIONS: dict[str, Transition] = {
    Action.CALL: Transition((WAITING,), CALLED, at_desk=False),
    Action.RECALL: Transition((CALLED,), CALLED),
    Action.SKIP: Transition((CALLED,), WAITING),
    Action.NO_SHOW: Transition((CALLED,), TicketStatus.NO_SHOW),
    Action.START: Transition((CALLED,), SERVING),
    Action.FINISH: Transition((SERVING,), TicketStatus.DONE),
    Action.TRANSFER: Transition((CALLED, SERVING), WAITING),
    Action.CANCEL: Transition((WAITING, CALLED), TicketStatus.CANCELLED, at_desk=False),
    Action.EXPIRE: Transition((WAITING, CALLED), TicketStatus.NO_SHOW, at_desk=False),
}

# Actions an officer fires from the console on the ticket at their desk.
DESK_ACTIONS = (Action.RECALL, Action.SKIP, Action.START, Action.FINISH, Action.TRANSFER)


def allowed(action: str, status: str) -> bool:
    transition = TRANSITIONS.get(action)
    return transition is not None and status in transition.sources
