"""Desa A objects of the queue, for the generic outsider test (tests/test_outsider.py).

Each function takes the shared `world` and returns URL keyword arguments that point at a
Desa A desk or ticket, created on first use.
"""

from django.utils import timezone

from balai.lib import codes
from balai.queues.models import Desk, ServiceGroup, Ticket


def desa_a_desk(world) -> Desk:
    office = world.offices.desa_a
    group, _ = ServiceGroup.objects.get_or_create(
        office=office, prefix="A", defaults={"name": "Umum"}
    )
    desk, created = Desk.objects.get_or_create(office=office, name="Loket 1")
    if created:
        desk.groups.add(group)
    return desk


def desa_a_ticket(world) -> Ticket:
    desk = desa_a_desk(world)
    now = timezone.now()
    ticket, _ = Ticket.objects.get_or_create(
        office=desk.office,
        day=now.date(),
        prefix="A",
        number=1,
        defaults={
            "group": desk.groups.get(),
            "code": codes.new_code(8),
            "source": "officer",
            "order_at": now,
            "issued_at": now,
        },
    )
    return ticket


def office_kwargs(world) -> dict:
    return {"office_id": world.offices.desa_a.pk}


def desk_kwargs(world) -> dict:
    return {"desk_id": desa_a_desk(world).pk}


def ticket_kwargs(world) -> dict:
    return {"desk_id": desa_a_desk(world).pk, "ticket_id": desa_a_ticket(world).pk}


def ticket_action_kwargs(world) -> dict:
    return {**ticket_kwargs(world), "action": "start"}
