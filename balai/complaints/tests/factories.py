"""Complaints for tests: a drain category routed to the RT head in Desa A."""

from django.core.files.uploadedfile import SimpleUploadedFile

from balai.complaints.constants import Level
from balai.complaints.models import Category, RoutingRule
from balai.complaints.services import Reporter, file_complaint
from balai.offices.constants import Role
from balai.offices.tests.factories import MembershipFactory, UserFactory
from balai.regions.models import Region

JPEG_BYTES = b"\xff\xd8\xff\xe0" + b"\x00" * 64


def jpeg(name="foto.jpg"):
    return SimpleUploadedFile(name, JPEG_BYTES, content_type="image/jpeg")


def local_units(world):
    """RW 001 and its RT 002 in Desa A, each with a head who has an e-mail address."""
    village = world.regions.desa_a
    rw, _ = Region.objects.get_or_create(
        code=f"{village.code}.RW001",
        defaults={"name": "001", "level": 6, "kind": "rw", "parent": village},
    )
    rt, _ = Region.objects.get_or_create(
        code=f"{rw.code}.RT002", defaults={"name": "002", "level": 7, "kind": "rt", "parent": rw}
    )
    rt_head = UserFactory(username="ketua.rt002", email="rt002@example.id")
    MembershipFactory(
        user=rt_head, office=world.offices.desa_a, role=Role.NEIGHBOURHOOD_HEAD, region=rt
    )
    rw_head = UserFactory(username="ketua.rw001", email="rw001@example.id")
    MembershipFactory(
        user=rw_head, office=world.offices.desa_a, role=Role.NEIGHBOURHOOD_HEAD, region=rw
    )
    return rw, rt, rt_head, rw_head


def drain_category(level=Level.RT, **extra):
    category, _ = Category.objects.get_or_create(
        code="saluran", defaults={"name": "Saluran air dan drainase", **extra}
    )
    RoutingRule.objects.get_or_create(category=category, region=None, defaults={"level": level})
    return category


def filed_complaint(world, region=None, category=None, reporter=None, **extra):
    if region is None:
        region = local_units(world)[1]
    fields = {
        "category": category or drain_category(),
        "title": "Saluran tersumbat",
        "text": "Saluran air di depan rumah nomor 12 tersumbat sampah dan meluap saat hujan.",
        "region": region,
        "channel": "web",
        "reporter": reporter or Reporter(anonymous=True, phone="081234567890"),
    }
    return file_complaint(**(fields | extra))


def category(code, name=None, *, level=None, region=None, agency="", **extra):
    """A category, with a routing rule for `region` (None: everywhere) when `level` is given."""
    found, _ = Category.objects.get_or_create(code=code, defaults={"name": name or code, **extra})
    if level is not None:
        RoutingRule.objects.update_or_create(
            category=found, region=region, defaults={"level": level, "agency": agency}
        )
    return found


def give_emails(world=None):
    """Every user without an e-mail address gets one named after the username, so the
    messages to staff can be counted; the world's persona objects are updated too."""
    from balai.accounts.models import User

    for user in User.objects.filter(email=""):
        user.email = f"{user.username}@example.id"
        user.save(update_fields=["email"])
    for persona in vars(world).values() if world is not None else ():
        if isinstance(persona, User):
            persona.email = persona.email or f"{persona.username}@example.id"


def office_member(username, office, role=Role.FRONT_OFFICE, **extra):
    user = UserFactory(username=username, email=f"{username}@example.id")
    MembershipFactory(user=user, office=office, role=role, **extra)
    return user


def force_status(complaint, status, **fields):
    """Put a complaint in a status directly, to set up a test (never done outside tests)."""
    from balai.complaints.models import Complaint

    Complaint.objects.filter(pk=complaint.pk).update(status=status, **fields)
    complaint.refresh_from_db()
    return complaint
