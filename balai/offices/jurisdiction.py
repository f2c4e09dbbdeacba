"""Who sees what: the one place that turns memberships into a jurisdiction.

Every scoped queryset's `visible_to(user)` is built from `jurisdiction_of(user)`:
- a kabupaten admin (or a superuser) sees everything in the deployment;
- a neighbourhood head sees their RT or RW;
- any other member sees the region their office serves (a village, a kecamatan with its
  villages, the kabupaten for an agency or the head-of-region office);
- a user with no active membership sees nothing.

Only active memberships of active users in active offices count. The result is cached on
the user object; services that change memberships call `forget_jurisdiction`.
"""

from dataclasses import dataclass, field

from django.db.models import Q

from .constants import Role

CACHE_ATTRIBUTE = "_balai_jurisdiction"


@dataclass(frozen=True)
class Jurisdiction:
    everything: bool = False
    region_codes: frozenset[str] = field(default_factory=frozenset)
    office_ids: frozenset[int] = field(default_factory=frozenset)
    agencies: frozenset[str] = field(default_factory=frozenset)
    roles: frozenset[str] = field(default_factory=frozenset)
    # (office id, role) of every active membership: who may manage which office.
    office_roles: frozenset[tuple[int, str]] = field(default_factory=frozenset)
    # The regions of memberships outside agencies. An agency serves the whole kabupaten,
    # but sees only the work that passes its own offices (requests, complaints).
    area_codes: frozenset[str] = field(default_factory=frozenset)

    @property
    def is_empty(self) -> bool:
        return not (self.everything or self.region_codes or self.office_ids)

    @property
    def is_kabupaten_admin(self) -> bool:
        return self.everything

    def holds(self, office_id: int, *roles: str) -> bool:
        """Whether the user has one of `roles` in that very office."""
        return any((office_id, role) in self.office_roles for role in roles)

    def without_agencies(self) -> "Jurisdiction":
        """The same user seen through their non-agency memberships only."""
        if self.everything:
            return self
        return Jurisdiction(region_codes=self.area_codes, office_ids=self.office_ids)

    def covers(self, region_code: str) -> bool:
        if self.everything:
            return True
        return any(
            region_code == code or region_code.startswith(code + ".") for code in self.region_codes
        )


NOBODY = Jurisdiction()
EVERYTHING = Jurisdiction(everything=True)


def jurisdiction_of(user) -> Jurisdiction:
    """Compute once per user object (so once per request) from the active memberships."""
    if user is None or not user.is_authenticated or not user.is_active:
        return NOBODY
    cached = getattr(user, CACHE_ATTRIBUTE, None)
    if cached is not None:
        return cached
    jurisdiction = _compute(user)
    setattr(user, CACHE_ATTRIBUTE, jurisdiction)
    return jurisdiction


def forget_jurisdiction(user) -> None:
    """Drop the cached value after memberships change."""
    if hasattr(user, CACHE_ATTRIBUTE):
        delattr(user, CACHE_ATTRIBUTE)


def _compute(user) -> Jurisdiction:
    from .models import Membership

    memberships = list(
        Membership.objects.active()
        .filter(user=user, office__active=True)
        .select_related("office")
        .only("role", "region_id", "office__id", "office__region_id", "office__agency")
    )
    roles = frozenset(m.role for m in memberships)
    office_roles = frozenset((m.office.id, m.role) for m in memberships)
    if user.is_superuser or Role.KABUPATEN_ADMIN in roles:
        return Jurisdiction(
            everything=True,
            office_ids=frozenset(m.office.id for m in memberships),
            roles=roles,
            office_roles=office_roles,
        )
    codes, area_codes = set(), set()
    for membership in memberships:
        if membership.role == Role.NEIGHBOURHOOD_HEAD:
            code = membership.region_id
        else:
            code = membership.office.region_id
        codes.add(code)
        if not membership.office.agency:
            area_codes.add(code)
    return Jurisdiction(
        region_codes=frozenset(codes),
        office_ids=frozenset(m.office.id for m in memberships),
        agencies=frozenset(m.office.agency for m in memberships if m.office.agency),
        roles=roles,
        office_roles=office_roles,
        area_codes=frozenset(area_codes),
    )


def region_q(field_name: str, jurisdiction: Jurisdiction) -> Q:
    """A filter on a region-code field that keeps rows inside the jurisdiction.

    For a foreign key to Region pass the path to the code (`"region__code"`): Django reads
    it from the key column without a join, and the key's own name takes no prefix lookups.
    """
    if jurisdiction.everything:
        return Q()
    condition = Q(pk__in=[])
    for code in sorted(jurisdiction.region_codes):
        condition |= Q(**{field_name: code}) | Q(**{f"{field_name}__startswith": code + "."})
    return condition
