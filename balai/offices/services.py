"""Changes to offices and their members; views, API and commands call these, never save."""

from collections.abc import Iterable, Mapping
from itertools import pairwise

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .constants import Role
from .jurisdiction import forget_jurisdiction, jurisdiction_of
from .models import Membership, Office, OpeningHours

__all__ = [
    "PROFILE_FIELDS",
    "add_membership",
    "can_edit_profile",
    "can_manage_members",
    "end_membership",
    "update_office_profile",
]

PROFILE_FIELDS = ("address", "phone", "whatsapp", "email", "maklumat")
PROFILE_EDITORS = (Role.HEAD, Role.SECTION_HEAD)
MEMBER_MANAGERS = (Role.HEAD,)


def can_edit_profile(user, office: Office) -> bool:
    jurisdiction = jurisdiction_of(user)
    return jurisdiction.is_kabupaten_admin or jurisdiction.holds(office.pk, *PROFILE_EDITORS)


def can_manage_members(user, office: Office) -> bool:
    jurisdiction = jurisdiction_of(user)
    return jurisdiction.is_kabupaten_admin or jurisdiction.holds(office.pk, *MEMBER_MANAGERS)


def update_office_profile(actor, office: Office, **fields) -> Office:
    """Change the public profile: contacts, maklumat and, when `hours` is given, the hours.

    `hours` replaces every opening period; each item is a mapping with weekday, opens and
    closes (a day with a break has two items).
    """
    if not can_edit_profile(actor, office):
        raise PermissionDenied(
            _("Hanya kepala kantor, kasi/sekdes atau admin kabupaten yang dapat mengubah profil.")
        )
    hours = fields.pop("hours", None)
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise ValidationError(_("Kolom tidak dikenal: %(names)s") % {"names": ", ".join(unknown)})
    for name, value in fields.items():
        setattr(office, name, value)
    office.full_clean()
    new_hours = _valid_hours(office, hours) if hours is not None else None
    with transaction.atomic():
        if fields:
            office.save(update_fields=list(fields))
        if new_hours is not None:
            office.hours.all().delete()
            OpeningHours.objects.bulk_create(new_hours)
    return office


def _valid_hours(office: Office, items: Iterable[Mapping]) -> list[OpeningHours]:
    periods = [
        OpeningHours(
            office=office, weekday=item["weekday"], opens=item["opens"], closes=item["closes"]
        )
        for item in items
    ]
    for period in periods:
        period.full_clean(exclude=["office"])
    by_day = sorted(periods, key=lambda p: (p.weekday, p.opens))
    for earlier, later in pairwise(by_day):
        if earlier.weekday == later.weekday and later.opens < earlier.closes:
            raise ValidationError(
                _("Jam layanan hari %(day)s saling tumpang tindih.")
                % {"day": later.get_weekday_display()}
            )
    return periods


def add_membership(actor, office: Office, user, role: str, region=None) -> Membership:
    """Give `user` a role in `office`; an ended membership with that role is reopened."""
    if not can_manage_members(actor, office):
        raise PermissionDenied(
            _("Hanya kepala kantor atau admin kabupaten yang dapat menambah anggota.")
        )
    if role == Role.KABUPATEN_ADMIN and not jurisdiction_of(actor).is_kabupaten_admin:
        raise PermissionDenied(_("Hanya admin kabupaten yang dapat mengangkat admin kabupaten."))
    with transaction.atomic():
        membership = (
            Membership.objects.select_for_update()
            .filter(user=user, office=office, role=role)
            .first()
        )
        if membership is not None and membership.active:
            raise ValidationError(_("Pengguna ini sudah memegang peran tersebut di kantor ini."))
        if membership is None:
            membership = Membership(user=user, office=office, role=role)
        membership.region = region
        membership.active = True
        membership.full_clean()
        membership.save()
    forget_jurisdiction(user)
    return membership


def end_membership(actor, membership: Membership) -> Membership:
    """End a membership; the row stays for the record."""
    office = membership.office
    if not can_manage_members(actor, office):
        raise PermissionDenied(
            _("Hanya kepala kantor atau admin kabupaten yang dapat mengakhiri keanggotaan.")
        )
    if membership.user_id == actor.pk:
        raise PermissionDenied(_("Anda tidak dapat mengakhiri keanggotaan Anda sendiri."))
    if membership.role == Role.KABUPATEN_ADMIN and not jurisdiction_of(actor).is_kabupaten_admin:
        raise PermissionDenied(_("Hanya admin kabupaten yang dapat mengakhiri peran admin."))
    with transaction.atomic():
        locked = Membership.objects.select_for_update().get(pk=membership.pk)
        if not locked.active:
            raise ValidationError(_("Keanggotaan ini sudah berakhir."))
        locked.active = False
        locked.save(update_fields=["active"])
    membership.active = False
    forget_jurisdiction(membership.user)
    return membership
