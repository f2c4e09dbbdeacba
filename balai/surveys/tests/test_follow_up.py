"""The follow-up plan (rencana tindak lanjut) of an office's weak elements: who may plan
and update it, and how its status moves."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from balai.offices.constants import Role
from balai.offices.tests.factories import MembershipFactory, UserFactory
from balai.surveys.constants import Element, FollowUpStatus
from balai.surveys.models import FollowUpAction
from balai.surveys.services import plan_follow_up, update_follow_up

pytestmark = pytest.mark.django_db

DUE = date(2026, 6, 30)


def plan(world, actor=None, **extra):
    return plan_follow_up(
        actor or world.kepala_desa_a,
        world.offices.desa_a,
        extra.pop("element", Element.WAKTU),
        extra.pop("action", "Menambah petugas loket pada hari Senin."),
        extra.pop("owner", "Kasi Pelayanan"),
        DUE,
        year=extra.pop("year", 2026),
        **extra,
    )


def test_the_village_head_plans_a_follow_up_for_a_weak_element(world):
    action = plan(world)

    assert (action.office, action.year, action.element) == (world.offices.desa_a, 2026, "waktu")
    assert action.status == FollowUpStatus.PLANNED
    assert action.done_at is None
    assert action.created_by == world.kepala_desa_a


def test_a_section_head_and_the_kabupaten_admin_may_plan_too(world):
    section_head = UserFactory(username="sekdes.a")
    MembershipFactory(user=section_head, office=world.offices.desa_a, role=Role.SECTION_HEAD)

    plan(world, actor=section_head)
    plan(world, actor=world.admin)

    assert FollowUpAction.objects.count() == 2


@pytest.mark.parametrize("who", ["officer_a", "officer_b", "kecamatan_operator", "lurah"])
def test_front_office_staff_and_other_offices_may_not_plan(world, who):
    with pytest.raises(PermissionDenied, match="Hanya kepala kantor"):
        plan(world, actor=getattr(world, who))
    assert not FollowUpAction.objects.exists()


def test_a_follow_up_needs_a_known_element_an_action_and_an_owner(world):
    with pytest.raises(ValidationError, match="Unsur survei tidak dikenal"):
        plan(world, element="parkir")
    with pytest.raises(ValidationError, match="Tuliskan tindak lanjut"):
        plan(world, action="   ")
    with pytest.raises(ValidationError, match="penanggung jawab"):
        plan(world, owner="")
    assert not FollowUpAction.objects.exists()


def test_a_follow_up_moves_from_planned_through_in_progress_to_done(world):
    action = plan(world)

    action = update_follow_up(world.kepala_desa_a, action, FollowUpStatus.IN_PROGRESS, "Mulai.")
    assert (action.status, action.done_at, action.note) == ("in_progress", None, "Mulai.")

    action = update_follow_up(world.admin, action, FollowUpStatus.DONE)
    assert action.status == FollowUpStatus.DONE
    assert action.done_at is not None
    assert action.note == "Mulai."  # an empty note keeps the earlier one


def test_a_done_follow_up_may_be_reopened_but_not_sent_back_to_planned(world):
    action = update_follow_up(world.kepala_desa_a, plan(world), FollowUpStatus.DONE)

    with pytest.raises(ValidationError, match="tidak dapat diubah"):
        update_follow_up(world.kepala_desa_a, action, FollowUpStatus.PLANNED)
    reopened = update_follow_up(world.kepala_desa_a, action, FollowUpStatus.IN_PROGRESS)

    assert (reopened.status, reopened.done_at) == ("in_progress", None)


def test_an_unknown_status_is_refused(world):
    action = plan(world)
    with pytest.raises(ValidationError, match="Status tindak lanjut tidak dikenal"):
        update_follow_up(world.kepala_desa_a, action, "cancelled")
    action.refresh_from_db()
    assert action.status == FollowUpStatus.PLANNED


def test_the_outsider_may_not_update_another_village_s_follow_up(world, outsider):
    action = plan(world)

    with pytest.raises(PermissionDenied):
        update_follow_up(outsider, action, FollowUpStatus.DONE)

    action.refresh_from_db()
    assert action.status == FollowUpStatus.PLANNED
