"""Anonymous: the reporter's identity is for the verifying office alone. Confidential: the
content never reaches public pages or Open311. The office may impose either."""

import pytest

from balai.complaints.constants import Action, Level
from balai.complaints.models import Complaint
from balai.complaints.services import (
    ActionRefused,
    Reporter,
    can_see_reporter,
    perform,
    set_privacy,
)
from balai.complaints.tests.factories import category, filed_complaint, local_units

NAMED = Reporter(name="Wahyu Hidayat", phone="081234567890")


@pytest.fixture
def anonymous_in_rt(world):
    _rw, rt, rt_head, rw_head = local_units(world)
    complaint = filed_complaint(
        world,
        region=rt,
        reporter=Reporter(name="Sri Lestari", phone="081298765432", anonymous=True),
    ).complaint
    return complaint, rt_head, rw_head


class TestAnonymousReporter:
    def test_the_verifying_office_sees_who_reported(self, world, anonymous_in_rt):
        complaint, _rt_head, _rw_head = anonymous_in_rt
        assert complaint.verifying_office == world.offices.desa_a
        assert can_see_reporter(complaint, world.officer_a)
        assert can_see_reporter(complaint, world.kepala_desa_a)

    def test_the_rt_head_handling_it_does_not(self, world, anonymous_in_rt):
        complaint, rt_head, rw_head = anonymous_in_rt
        perform(complaint, Action.ACCEPT, actor=rt_head)
        perform(complaint, Action.ASSIGN, actor=rt_head, assignee=rt_head)
        complaint.refresh_from_db()
        assert complaint.assignee == rt_head
        assert not can_see_reporter(complaint, rt_head)
        assert not can_see_reporter(complaint, rw_head)

    @pytest.mark.parametrize(
        "who", ["kecamatan_operator", "disdukcapil_officer", "officer_b", "lurah", "admin"]
    )
    def test_nobody_outside_the_verifying_office_does(self, world, anonymous_in_rt, who):
        complaint, _rt_head, _rw_head = anonymous_in_rt
        assert not can_see_reporter(complaint, getattr(world, who))

    def test_nor_does_anyone_signed_out(self, world, anonymous_in_rt):
        from django.contrib.auth.models import AnonymousUser

        complaint, _rt_head, _rw_head = anonymous_in_rt
        assert not can_see_reporter(complaint, AnonymousUser())
        assert not can_see_reporter(complaint, None)

    def test_the_office_it_is_forwarded_to_becomes_the_verifier(self, world, anonymous_in_rt):
        complaint, _rt_head, _rw_head = anonymous_in_rt
        perform(
            complaint,
            Action.FORWARD,
            actor=world.officer_a,
            note="Saluran primer kewenangan kecamatan.",
            office=world.offices.kecamatan,
        )
        complaint.refresh_from_db()
        assert complaint.verifying_office == world.offices.kecamatan
        assert can_see_reporter(complaint, world.kecamatan_operator)
        assert not can_see_reporter(complaint, world.officer_a)

    def test_rerouting_keeps_the_verifier(self, world, anonymous_in_rt):
        complaint, _rt_head, _rw_head = anonymous_in_rt
        perform(
            complaint,
            Action.REROUTE,
            actor=world.officer_a,
            note="Lintas RW",
            level=Level.KECAMATAN,
        )
        complaint.refresh_from_db()
        assert complaint.office == world.offices.kecamatan
        assert not can_see_reporter(complaint, world.kecamatan_operator)
        assert can_see_reporter(complaint, world.officer_a)

    def test_a_named_reporter_is_seen_by_those_who_see_the_complaint(self, world):
        complaint = filed_complaint(world, region=world.regions.desa_a, reporter=NAMED).complaint
        assert can_see_reporter(complaint, world.officer_a)


class TestImposedPrivacy:
    def test_the_handler_can_make_a_report_anonymous_and_confidential(self, world):
        complaint = filed_complaint(world, region=world.regions.desa_a, reporter=NAMED).complaint
        set_privacy(complaint, world.officer_a, anonymous=True, confidential=True)
        complaint.refresh_from_db()
        assert (complaint.anonymous, complaint.confidential, complaint.lock_version) == (
            True,
            True,
            1,
        )
        event = complaint.events.last()
        assert event.actor == world.officer_a
        assert "identitas pelapor dirahasiakan" in event.note
        assert "isi laporan dirahasiakan" in event.note
        assert not can_see_reporter(complaint, world.kecamatan_operator)

    def test_asking_for_what_is_already_so_records_nothing(self, world):
        complaint = filed_complaint(
            world, region=world.regions.desa_a, reporter=NAMED, confidential=True
        ).complaint
        set_privacy(complaint, world.officer_a, confidential=True)
        complaint.refresh_from_db()
        assert (complaint.lock_version, complaint.events.count()) == (0, 1)

    @pytest.mark.parametrize("who", ["officer_b", "kecamatan_operator", "disdukcapil_officer"])
    def test_only_the_handler_can_impose_it(self, world, who):
        complaint = filed_complaint(world, region=world.regions.desa_a, reporter=NAMED).complaint
        with pytest.raises(ActionRefused):
            set_privacy(complaint, getattr(world, who), anonymous=True, confidential=True)
        complaint.refresh_from_db()
        assert (complaint.anonymous, complaint.confidential, complaint.events.count()) == (
            False,
            False,
            1,
        )

    def test_privacy_is_never_lifted_by_this_service(self, world):
        complaint = filed_complaint(
            world, region=world.regions.desa_a, reporter=NAMED, confidential=True
        ).complaint
        set_privacy(complaint, world.officer_a, anonymous=False, confidential=False)
        complaint.refresh_from_db()
        assert complaint.confidential


class TestPublicQueryset:
    def test_confidential_and_merged_complaints_are_not_public(self, world):
        roads = category("jalan", "Jalan rusak", level=Level.VILLAGE)
        shown = filed_complaint(world, region=world.regions.desa_a, category=roads).complaint
        secret = filed_complaint(
            world, region=world.regions.desa_a, category=roads, confidential=True
        ).complaint
        later_secret = filed_complaint(world, region=world.regions.desa_a, category=roads).complaint
        set_privacy(later_secret, world.officer_a, confidential=True)
        merged = filed_complaint(world, region=world.regions.desa_a, category=roads).complaint
        perform(merged, Action.MERGE, actor=world.officer_a, note="Sama", into=shown)
        public = set(Complaint.objects.public())
        assert shown in public
        assert not public & {secret, later_secret, merged}
