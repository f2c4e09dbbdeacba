"""The demo shows the whole lifecycle: an anonymous drain complaint in Tawangrejo's first
RT, routed to the RW head, escalated after the missed limit, visited, resolved, confirmed;
a few complaints still open; one Open311 client. A second run changes nothing."""

import pytest

from balai.complaints.constants import Action, Level, Status
from balai.complaints.demo import (
    FIRST_RT,
    FIRST_RW,
    OPEN311_CLIENT,
    STORY_TITLE,
    build_complaint_demo,
)
from balai.complaints.models import Category, Complaint, ComplaintEvent, Open311Client, RoutingRule
from balai.complaints.services import can_see_reporter
from balai.core.demo import build_demo
from balai.offices.constants import Role
from balai.offices.models import Membership


@pytest.fixture
def demo(db):
    build_demo()
    return build_complaint_demo()


def test_the_drain_story_went_through_every_step(demo):
    story = Complaint.objects.get(title=STORY_TITLE)
    assert story.region_id == FIRST_RT
    assert (story.anonymous, story.channel, story.status) == (True, "web", Status.CLOSED)
    actions = list(
        story.events.order_by("at", "id").values_list("action", "from_level", "to_level")
    )
    assert actions[0] == ("", None, Level.RW)  # filed and routed to the RW head
    assert actions[1] == (Action.ESCALATE, Level.RW, Level.VILLAGE)
    assert [action for action, *_levels in actions[2:]] == [
        Action.ACCEPT,
        Action.FOLLOW_UP,
        "",  # visit planned
        "",  # visit done
        Action.RESOLVE,
        Action.CONFIRM,
    ]
    visit = story.visits.get()
    assert visit.arrived_at is not None and visit.latitude is not None
    assert story.office.name == "Kantor Desa Tawangrejo"


def test_the_rw_head_exists_and_handled_the_first_step(demo):
    head = Membership.objects.get(user__username="ketua.rw001")
    assert (head.role, head.region_id, head.office.name) == (
        Role.NEIGHBOURHOOD_HEAD,
        FIRST_RW,
        "Kantor Desa Tawangrejo",
    )
    story = Complaint.objects.get(title=STORY_TITLE)
    # The anonymous reporter is hidden from the RW head; the village office verified it.
    assert not can_see_reporter(story, head.user)


def test_some_complaints_stay_open_and_one_is_confidential(demo):
    open_ones = Complaint.objects.open()
    assert open_ones.count() >= 2
    assert open_ones.filter(confidential=True).count() == 1
    assert Complaint.objects.public().filter(confidential=True).count() == 0


def test_categories_rules_and_the_open311_client_are_there(demo):
    codes = set(Category.objects.values_list("code", flat=True))
    assert {"saluran-air", "jalan-rusak", "hotline-bupati", "izin-usaha", "kesehatan"} <= codes
    assert Category.objects.get(code="hotline-bupati").is_hotline
    drains = RoutingRule.objects.get(category__code="saluran-air", region_id="35.16.01.2001")
    assert drains.level == Level.RW
    permits = RoutingRule.objects.get(category__code="izin-usaha", region=None)
    assert (permits.level, permits.agency) == (Level.AGENCY, "dpmptsp")
    # No Dinas Kesehatan office in the demo: health complaints go to the village office.
    assert RoutingRule.objects.get(category__code="kesehatan", region=None).level == Level.VILLAGE
    client = Open311Client.objects.get(name=OPEN311_CLIENT)
    assert len(client.key_hash) == 64


def test_a_second_run_creates_nothing(demo):
    complaints, events = Complaint.objects.count(), ComplaintEvent.objects.count()
    again = build_complaint_demo()
    assert all(counts["created"] == 0 for counts in again.values()), again
    assert (Complaint.objects.count(), ComplaintEvent.objects.count()) == (complaints, events)
    assert Open311Client.objects.filter(name=OPEN311_CLIENT).count() == 1


def test_without_the_core_demo_nothing_is_built(db):
    assert build_complaint_demo() == {}
    assert not Complaint.objects.exists()
