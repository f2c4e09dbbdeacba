"""Survey responses for tests, with answers chosen by the test or at random."""

import random

from balai.surveys.constants import ELEMENTS, Channel
from balai.surveys.models import SurveyKiosk, SurveyResponse


def answers(value=None, **by_element):
    """All nine answers set to `value` (default 3), with `by_element` overriding some."""
    base = dict.fromkeys(ELEMENTS, 3 if value is None else value)
    return base | by_element


def random_answers(rng: random.Random) -> dict[str, int]:
    return {key: rng.randint(1, 4) for key in ELEMENTS}


def response(office, channel=Channel.KIOSK, **fields):
    return SurveyResponse.objects.create(office=office, channel=channel, **fields)


def kiosk(office, active=True):
    return SurveyKiosk.objects.create(office=office, active=active)
