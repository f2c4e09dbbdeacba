"""Which office and unit handle a complaint, and who is next when a limit is missed.

Routing reads the category's rules (the most specific area containing the location wins);
a hotline category goes straight to the head of region; without a rule the village office
of the location handles it. A level with nobody to act (no RT head registered, no agency
office) passes to the next level up, so a complaint never lands where no one can see it.
"""

from dataclasses import dataclass

from balai.offices.constants import OfficeKind, Role
from balai.offices.models import Membership, Office
from balai.regions.constants import Level as RegionLevel

from .constants import Level
from .models import RoutingRule

NEXT_LEVEL = {
    Level.RT: Level.RW,
    Level.RW: Level.VILLAGE,
    Level.LMK: Level.VILLAGE,
    Level.VILLAGE: Level.KECAMATAN,
    Level.KECAMATAN: Level.KABUPATEN,
    Level.AGENCY: Level.KABUPATEN,
    Level.KABUPATEN: None,
}
OFFICE_KIND = {
    Level.VILLAGE: OfficeKind.VILLAGE,
    Level.LMK: OfficeKind.VILLAGE,
    Level.KECAMATAN: OfficeKind.KECAMATAN,
    Level.AGENCY: OfficeKind.AGENCY,
    Level.KABUPATEN: OfficeKind.HEAD,
}


@dataclass(frozen=True)
class Route:
    level: int
    office: Office
    unit: object = None  # the RT or RW region for neighbourhood levels


class NoOffice(Exception):
    """No office in the chain serves this location."""


def route(category, region) -> Route:
    if category.is_hotline:
        return resolve(Level.KABUPATEN, region)
    rule = matching_rule(category, region.code)
    if rule is None:
        return resolve(Level.VILLAGE, region)
    return resolve(rule.level, region, rule.agency)


def matching_rule(category, code: str):
    rules = RoutingRule.objects.filter(category=category).select_related("region")
    best, best_length = None, -1
    for rule in rules:
        area = rule.region_id or ""
        covers = not area or code == area or code.startswith(area + ".")
        if covers and len(area) > best_length:
            best, best_length = rule, len(area)
    return best


def resolve(level, region, agency: str = "") -> Route:
    """The office (and unit) for `level` at this location, climbing while nobody is there."""
    current = Level(level)
    while current is not None:
        found = _at_level(current, region, agency)
        if found is not None:
            return found
        current = NEXT_LEVEL[current]
    raise NoOffice(region.code)


def escalate(level, region, agency: str = "") -> Route | None:
    """The route one level up, or None at the top."""
    following = NEXT_LEVEL[Level(level)]
    return resolve(following, region, agency) if following is not None else None


def village_code(code: str) -> str:
    return ".".join(code.split(".")[:4])


def _at_level(level, region, agency):
    village = village_code(region.code)
    if level in (Level.RT, Level.RW):
        unit = _unit(region, RegionLevel.RT if level == Level.RT else RegionLevel.RW)
        if unit is None:
            return None
        office = Office.objects.serving(village, OfficeKind.VILLAGE).first()
        has_head = Membership.objects.active().filter(
            office=office, role=Role.NEIGHBOURHOOD_HEAD, region=unit
        )
        return Route(level, office, unit) if office and has_head.exists() else None
    office = Office.objects.serving(
        village, OFFICE_KIND[level], agency if level == Level.AGENCY else ""
    )
    office = office.first()
    if office is None:
        return None
    if (
        level == Level.LMK
        and not Membership.objects.active().filter(office=office, role=Role.LMK).exists()
    ):
        return None
    return Route(level, office)


def _unit(region, wanted_level):
    """The RT or RW containing the location (the location itself or one of its ancestors)."""
    if region.level == wanted_level:
        return region
    if region.level < wanted_level:
        return None
    for ancestor in region.ancestors():
        if ancestor.level == wanted_level:
            return ancestor
    return None
