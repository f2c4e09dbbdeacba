"""Likely duplicates at intake: same category, same RT or within 250 m, similar words,
received in the last 30 days, not archived or merged; the most similar first."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from balai.complaints.constants import Action, Level, Status
from balai.complaints.services import likely_duplicates, perform
from balai.complaints.tests.factories import (
    category,
    drain_category,
    filed_complaint,
    force_status,
    local_units,
)
from balai.regions.models import Region

WIB = ZoneInfo("Asia/Jakarta")
# A point in Tawangrejo, and the latitude change for a given distance north of it.
LAT, LON = Decimal("-7.580000"), Decimal("112.470000")
DEGREES_PER_METRE = Decimal(1) / Decimal(111_320)

NEW_TEXT = "Saluran air di depan masjid tersumbat sampah dan meluap ke jalan saat hujan."


def north(metres):
    return (LAT + DEGREES_PER_METRE * metres).quantize(Decimal("0.000001"))


@pytest.fixture
def place(world):
    rw, rt, _rt_head, _rw_head = local_units(world)
    neighbour = Region.objects.create(
        code=f"{rw.code}.RT003", name="003", level=7, kind="rt", parent=rw
    )
    return rt, neighbour


def file(world, region, text=NEW_TEXT, title="Saluran tersumbat", **extra):
    return filed_complaint(world, region=region, text=text, title=title, **extra).complaint


def suggestions(region, text=NEW_TEXT, latitude=None, longitude=None, kind=None):
    return likely_duplicates(kind or drain_category(), region, text, latitude, longitude)


def test_the_same_problem_in_the_same_rt_is_suggested(world, place):
    rt, _neighbour = place
    earlier = file(world, rt)
    assert suggestions(rt) == [earlier]


def test_another_category_is_not_suggested(world, place):
    rt, _neighbour = place
    file(world, rt, category=category("jalan", "Jalan rusak", level=Level.VILLAGE))
    assert suggestions(rt) == []


def test_a_different_problem_in_the_same_rt_is_not_suggested(world, place):
    rt, _neighbour = place
    file(world, rt, title="Bau menyengat", text="Ada bangkai tikus besar di parit belakang pasar.")
    assert suggestions(rt) == []


def test_a_complaint_older_than_thirty_days_is_not_suggested(world, place):
    rt, _neighbour = place
    with time_machine.travel(datetime(2026, 3, 2, 9, tzinfo=WIB), tick=False):
        file(world, rt)
    with time_machine.travel(datetime(2026, 3, 31, 9, tzinfo=WIB), tick=False):
        assert len(suggestions(rt)) == 1
    with time_machine.travel(datetime(2026, 4, 2, 9, tzinfo=WIB), tick=False):
        assert suggestions(rt) == []


def test_another_rt_within_250_metres_is_suggested(world, place):
    rt, neighbour = place
    near = file(world, neighbour, latitude=north(200), longitude=LON)
    assert suggestions(rt) == []  # without a point only the same RT counts
    assert suggestions(rt, latitude=LAT, longitude=LON) == [near]


def test_another_rt_400_metres_away_is_not_suggested(world, place):
    rt, neighbour = place
    file(world, neighbour, latitude=north(400), longitude=LON)
    assert suggestions(rt, latitude=LAT, longitude=LON) == []


def test_the_same_rt_counts_even_when_the_points_are_far_apart(world, place):
    rt, _neighbour = place
    far = file(world, rt, latitude=north(900), longitude=LON)
    assert suggestions(rt, latitude=LAT, longitude=LON) == [far]


@pytest.mark.parametrize("gone", [Status.ARCHIVED, Status.MERGED])
def test_archived_and_merged_complaints_are_not_suggested(world, place, gone):
    rt, _neighbour = place
    force_status(file(world, rt), gone)
    assert suggestions(rt) == []


def test_a_merge_leaves_only_the_survivor_suggested(world, place):
    rt, _neighbour = place
    rt_head = world.offices.desa_a.memberships.get(region=rt).user
    first, survivor = file(world, rt), file(world, rt)
    perform(first, Action.MERGE, actor=rt_head, note="Laporan sama", into=survivor)
    assert suggestions(rt) == [survivor]


def test_closed_complaints_of_the_month_are_still_suggested(world, place):
    # A problem fixed last week that comes back is worth seeing next to the new report.
    rt, _neighbour = place
    fixed = force_status(file(world, rt), Status.CLOSED)
    assert suggestions(rt) == [fixed]


def test_the_most_similar_comes_first(world, place):
    rt, _neighbour = place
    loosely = file(
        world,
        rt,
        title="Jalan becek",
        text="Jalan depan masjid becek, air hujan meluap dari saluran kecil.",
    )
    closely = file(world, rt)
    somewhat = file(
        world, rt, title="Saluran", text="Saluran air depan masjid tersumbat sampah plastik."
    )
    assert suggestions(rt) == [closely, somewhat, loosely]


def test_the_complaint_itself_is_left_out(world, place):
    rt, _neighbour = place
    complaint = file(world, rt)
    assert likely_duplicates(drain_category(), rt, NEW_TEXT, exclude=complaint) == []
