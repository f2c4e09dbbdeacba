"""The queue API: public board, tickets and bookings by code; staff actions with a token;
the outsider's token gets 404 on Desa A's desks, tickets and offices."""

import pytest

from balai.accounts.services import issue_token
from balai.queues.constants import Source, TicketStatus
from balai.queues.models import BookingSlot, Ticket
from balai.queues.services import call_next, issue_ticket

from .conftest import DAY, wib


def bearer(user):
    _token, raw = issue_token(user, name="uji")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_a_ticket_taken_through_the_api_can_be_followed_by_its_code(client, queue, at_nine):
    response = client.post(
        f"/api/v1/offices/{queue.office.id}/tickets",
        {"group_id": queue.a.id, "service_code": "ktp-el-uji"},
        content_type="application/json",
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["label"], body["position"], body["status"]) == ("A001", 0, "waiting")
    followed = client.get(f"/api/v1/tickets/{body['code'].lower()}").json()
    assert (
        followed["label"] == "A001" and followed["estimated_minutes"] == 3
    )  # 5 min default ÷ 2 desks, rounded up
    assert "phone" not in followed


def test_taking_a_ticket_while_closed_is_a_clear_400(client, queue):
    response = client.post(
        f"/api/v1/offices/{queue.office.id}/tickets",
        {"group_id": queue.a.id},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "tutup" in response.json()["detail"]


def test_the_board_data(client, queue, at_nine):
    issue_ticket(queue.office, queue.a, source=Source.KIOSK)
    body = client.get(f"/api/v1/offices/{queue.office.id}/queue").json()
    assert body["next"] == ["A001"] and body["waiting"] == 1 and len(body["desks"]) == 2


def test_booking_through_the_api_and_cancelling(client, queue, at_nine):
    slot = BookingSlot.objects.create(
        office=queue.office,
        group=queue.a,
        day=DAY,
        starts=wib(11).time(),
        ends=wib(11, 30).time(),
        capacity=1,
    )
    slots = client.get(f"/api/v1/offices/{queue.office.id}/slots", {"day": DAY.isoformat()}).json()
    assert slots[0]["remaining"] == 1
    made = client.post(
        f"/api/v1/offices/{queue.office.id}/bookings",
        {"slot_id": slot.id},
        content_type="application/json",
    )
    assert made.status_code == 201
    full = client.post(
        f"/api/v1/offices/{queue.office.id}/bookings",
        {"slot_id": slot.id},
        content_type="application/json",
    )
    assert full.status_code == 409
    code = made.json()["code"]
    assert client.get(f"/api/v1/bookings/{code}").json()["status"] == "booked"
    assert client.post(f"/api/v1/bookings/{code}/cancel").json()["status"] == "cancelled"
    assert client.post(f"/api/v1/bookings/{code}/cancel").status_code == 409


def test_staff_call_serve_and_finish_with_a_token(client, world, queue, at_nine):
    ticket = issue_ticket(queue.office, queue.a, source=Source.KIOSK)
    auth = bearer(world.officer_a)
    called = client.post(f"/api/v1/desks/{queue.desk_1.id}/call-next", **auth)
    assert called.status_code == 200 and called.json()["desk"] == "Loket 1"
    assert client.post(f"/api/v1/desks/{queue.desk_1.id}/call-next", **auth).status_code == 409
    base = f"/api/v1/desks/{queue.desk_1.id}/tickets/{ticket.id}"
    assert client.post(f"{base}/finish", **auth).status_code == 409
    assert client.post(f"{base}/start", **auth).json()["status"] == "serving"
    assert client.post(f"{base}/finish", **auth).json()["status"] == "done"
    assert client.post(f"/api/v1/desks/{queue.desk_1.id}/call-next", **auth).status_code == 204
    stats = client.get(f"/api/v1/offices/{queue.office.id}/queue-stats", **auth).json()
    assert stats[0]["scope"] == "office" and stats[0]["served"] == 1


def test_staff_actions_need_a_token(client, queue):
    assert client.post(f"/api/v1/desks/{queue.desk_1.id}/call-next").status_code == 401


@pytest.mark.parametrize(
    "method, path",
    [
        ("POST", "/api/v1/desks/{desk}/call-next"),
        ("POST", "/api/v1/desks/{desk}/tickets/{ticket}/start"),
        ("POST", "/api/v1/desks/{desk}/tickets/{ticket}/transfer"),
        ("POST", "/api/v1/offices/{office}/check-ins"),
        ("GET", "/api/v1/offices/{office}/queue-stats"),
    ],
)
def test_the_outsider_token_gets_404_on_desa_a(client, world, queue, at_nine, method, path):
    ticket = issue_ticket(queue.office, queue.a, source=Source.KIOSK)
    call_next(queue.desk_1)
    url = path.format(desk=queue.desk_1.id, ticket=ticket.id, office=queue.office.id)
    response = client.generic(
        method,
        url,
        f'{{"code": "x", "to_desk_id": {queue.desk_2.id}}}',
        content_type="application/json",
        **bearer(world.officer_b),
    )
    assert response.status_code == 404
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.CALLED
    assert Ticket.objects.count() == 1


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/desks/{desk}/call-next",
        "/api/v1/desks/{desk}/tickets/{ticket}/start",
        "/api/v1/desks/{desk}/tickets/{ticket}/transfer",
        "/api/v1/offices/{office}/check-ins",
    ],
)
def test_the_outsider_gets_404_even_without_a_body(client, world, queue, at_nine, path):
    ticket = issue_ticket(queue.office, queue.a, source=Source.KIOSK)
    url = path.format(desk=queue.desk_1.id, ticket=ticket.id, office=queue.office.id)
    assert client.generic("POST", url, **bearer(world.officer_b)).status_code == 404
