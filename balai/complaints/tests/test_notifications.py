"""The reporter hears about intake, every change of status and the resolution, on the phone
and the e-mail they left; each event reaches each address once. A reporter who left no
contact hears nothing, and nothing fails for it."""

import pytest

from balai.complaints import notify
from balai.complaints.constants import Action, Level, Status
from balai.complaints.services import Reporter, perform, run_time_limits
from balai.complaints.tests.factories import category, filed_complaint, give_emails
from balai.lib import codes
from balai.notifications.models import Message

PHONE, EMAIL = "+6281234567890", "wahyu@example.id"


@pytest.fixture
def roads(world):
    give_emails(world)
    return category("jalan", "Jalan rusak", level=Level.VILLAGE)


def to_reporter(complaint):
    """(channel, template) of every message to the reporter, oldest first."""
    return list(
        Message.objects.filter(
            subject_ref=f"complaint:{complaint.pk}", recipient__in=[PHONE, EMAIL]
        )
        .order_by("pk")
        .values_list("channel", "template")
    )


def file(world, roads, reporter):
    return filed_complaint(
        world, region=world.regions.desa_a, category=roads, reporter=reporter
    ).complaint


def work_through(world, complaint):
    perform(complaint, Action.ACCEPT, actor=world.officer_a)
    perform(complaint, Action.ASSIGN, actor=world.officer_a, assignee=world.kepala_desa_a)
    perform(complaint, Action.FOLLOW_UP, actor=world.officer_a, note="Jalan ditambal pekan ini.")
    perform(complaint, Action.RESOLVE, actor=world.officer_a, note="Lubang sudah ditambal.")


def test_the_reporter_hears_about_intake_progress_and_resolution_on_both_channels(world, roads):
    complaint = file(world, roads, Reporter(name="Wahyu", phone="0812-3456-7890", email=EMAIL))
    work_through(world, complaint)
    perform(complaint, Action.CONFIRM, reporter=True)
    assert to_reporter(complaint) == [
        ("sms", "complaint_received"),
        ("email", "complaint_received"),
        ("sms", "complaint_status"),  # accepted
        ("email", "complaint_status"),
        ("sms", "complaint_status"),  # follow-up formulated
        ("email", "complaint_status"),
        ("sms", "complaint_resolved"),
        ("email", "complaint_resolved"),
    ]


def test_the_messages_carry_the_code_the_link_and_what_was_done(world, roads):
    complaint = file(world, roads, Reporter(name="Wahyu", email=EMAIL))
    work_through(world, complaint)
    received = Message.objects.get(recipient=EMAIL, template="complaint_received")
    resolved = Message.objects.get(recipient=EMAIL, template="complaint_resolved")
    assert codes.display(complaint.code) in received.subject
    assert notify.track_url(complaint) in received.body
    assert "Lubang sudah ditambal." in resolved.body


def test_closing_unanswered_tells_the_reporter(world, roads):
    import time_machine

    complaint = file(world, roads, Reporter(name="Wahyu", email=EMAIL))
    work_through(world, complaint)
    complaint.refresh_from_db()
    with time_machine.travel(complaint.limit_due.isoformat() + " 23:00 +0000", tick=False):
        assert run_time_limits()["closed"] == 1
    assert to_reporter(complaint)[-1] == ("email", "complaint_status")
    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED


def test_an_event_is_never_messaged_twice(world, roads):
    complaint = file(world, roads, Reporter(name="Wahyu", phone="081234567890", email=EMAIL))
    perform(complaint, Action.ACCEPT, actor=world.officer_a)
    complaint.refresh_from_db()
    intake, accepted = complaint.events.order_by("pk")
    before = Message.objects.count()
    # A retried task or a double call runs the same notifications again.
    notify.received(complaint, intake)
    notify.after_action(complaint, accepted, previous_office=complaint.office)
    assert Message.objects.count() == before


def test_an_anonymous_reporter_without_contact_gets_nothing_and_nothing_fails(world, roads):
    complaint = file(world, roads, Reporter(anonymous=True))
    work_through(world, complaint)
    perform(complaint, Action.REOPEN, reporter=True, note="Masih berlubang.")
    complaint.refresh_from_db()
    assert complaint.status == Status.IN_PROGRESS
    recipients = set(
        Message.objects.filter(subject_ref=f"complaint:{complaint.pk}").values_list(
            "recipient", flat=True
        )
    )
    # Only staff were written to.
    assert recipients
    assert all(recipient.endswith("@example.id") for recipient in recipients)
    assert not Message.objects.filter(
        subject_ref=f"complaint:{complaint.pk}",
        template__in=["complaint_received", "complaint_status", "complaint_resolved"],
    ).exists()


def test_an_unusable_phone_number_skips_the_sms_but_not_the_e_mail(world, roads):
    complaint = file(world, roads, Reporter(name="Wahyu", phone="12345", email=EMAIL))
    assert complaint.pk
    templates = set(
        Message.objects.filter(subject_ref=f"complaint:{complaint.pk}").values_list(
            "channel", "template"
        )
    )
    assert ("email", "complaint_received") in templates
    assert ("sms", "complaint_received") not in templates


def test_the_office_hears_of_a_new_complaint_and_of_a_reopening(world, roads):
    complaint = file(world, roads, Reporter(anonymous=True))
    staff = {"petugas.a@example.id", "kades.a@example.id"}

    def told(action):
        event = complaint.events.filter(action=action).last()
        return set(
            Message.objects.filter(dedupe_key__contains=f":event:{event.uuid}:").values_list(
                "recipient", flat=True
            )
        )

    assert told("") == staff
    work_through(world, complaint)
    perform(complaint, Action.REOPEN, reporter=True, note="Masih berlubang.")
    assert told(Action.REOPEN) == staff
    assert told(Action.ASSIGN) == {"kades.a@example.id"}
