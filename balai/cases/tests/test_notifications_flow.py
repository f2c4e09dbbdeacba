"""What the applicant hears as the request moves, queued with the change and sent once.

Messages are rows of the notification outbox written in the action's transaction; a send
task (or a worker) delivers them. Gateways are replaced by a recorder for SMS, and e-mail
goes to Django's test outbox.
"""

import pytest
from django.core import mail
from django.core.management import call_command

from balai.cases import notify
from balai.cases.constants import Action, Status
from balai.cases.services import ActionRefused, confirm_online_request, file_request, perform
from balai.cases.tests import factories as f
from balai.core import periodic
from balai.notifications.gateways import Gateway
from balai.notifications.models import Message
from balai.notifications.services import normalize_phone
from balai.notifications.tasks import send_message

PHONE = normalize_phone("081234567890")
EMAIL = "sri@example.id"


class RecordingSms(Gateway):
    sent: list = []

    def send(self, message):
        RecordingSms.sent.append((message.recipient, message.body))


@pytest.fixture(autouse=True)
def gateways(settings, tmp_path):
    settings.NOTIFY_SMS_GATEWAY = f"{__name__}.RecordingSms"
    settings.NOTIFY_APPLICANT_PHONE_CHANNEL = "sms"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MEDIA_ROOT = tmp_path
    RecordingSms.sent = []


def messages_of(request, template=None):
    rows = Message.objects.filter(subject_ref=f"request:{request.pk}")
    if template:
        rows = rows.filter(template=template)
    return rows


def assert_applicant_told(request, action, template):
    event = request.events.get(action=action)
    rows = {m.channel: m for m in messages_of(request, template)}
    assert set(rows) == {"sms", "email"}
    assert rows["sms"].recipient == PHONE
    assert rows["email"].recipient == EMAIL
    for channel, message in rows.items():
        assert message.status == "queued"
        assert message.dedupe_key.endswith(f"event:{event.uuid}:{channel}")
        assert "-" in message.body  # the tracking code is shown as 7KQ2-M9XD-H
    return rows


def test_submitting_queues_an_sms_and_an_email_for_the_applicant(world):
    request = f.filed_request(world)
    rows = assert_applicant_told(request, Action.SUBMIT, "request_submitted")
    assert rows["email"].subject


@pytest.mark.parametrize(
    ("build", "action", "template"),
    [
        (lambda w: f.returned(w, 2), Action.RETURN, "request_returned"),
        (lambda w: f.completed(w), Action.COMPLETE, "request_completed"),
        (lambda w: f.handed_over(w), Action.HAND_OVER, "request_handed_over"),
        (lambda w: f.rejected(w), Action.REJECT, "request_rejected"),
    ],
)
def test_each_turn_that_concerns_the_applicant_is_told(world, build, action, template):
    request = build(world)
    assert_applicant_told(request, action, template)


def test_the_reason_for_a_return_reaches_the_applicant(world):
    request = f.returned(world, 2)
    sms = messages_of(request, "request_returned").get(channel="sms")
    assert "Foto KK buram" in sms.body


def test_moves_inside_the_offices_tell_the_applicant_nothing(world):
    request = f.in_process(world, 3)  # accepted, forwarded twice
    assert set(messages_of(request).values_list("template", flat=True)) == {"request_submitted"}


def test_a_send_task_run_twice_delivers_once(world):
    request = f.filed_request(world)
    for message in messages_of(request):
        assert send_message.call(message.pk) == "sent"
        assert send_message.call(message.pk) == "not_due"
    assert RecordingSms.sent == [(PHONE, messages_of(request).get(channel="sms").body)]
    assert [m.to for m in mail.outbox] == [[EMAIL]]
    assert set(messages_of(request).values_list("status", flat=True)) == {"sent"}


@pytest.fixture
def no_periodic_jobs(monkeypatch):
    periodic.discover()
    monkeypatch.setattr(periodic, "REGISTRY", {})


@pytest.mark.django_db(transaction=True)
def test_the_worker_run_twice_delivers_each_message_once(world, no_periodic_jobs):
    request = f.returned(world)  # submitted, then returned: four messages
    assert messages_of(request).count() == 4
    call_command("worker", once=True)
    call_command("worker", once=True)
    assert sorted(body for _to, body in RecordingSms.sent) == sorted(
        messages_of(request, None).filter(channel="sms").values_list("body", flat=True)
    )
    assert len(RecordingSms.sent) == 2
    assert len(mail.outbox) == 2
    assert set(messages_of(request).values_list("status", flat=True)) == {"sent"}


def test_a_refused_action_queues_nothing(world):
    request = f.filed_request(world)
    before = Message.objects.count()
    with pytest.raises(ActionRefused):
        perform(request, Action.REJECT, actor=world.kepala_desa_a, note="")
    with pytest.raises(ActionRefused):
        perform(request, Action.REJECT, actor=world.officer_b, note="Bukan warga.")
    assert Message.objects.count() == before


def test_an_action_that_fails_after_queueing_leaves_no_message(world, monkeypatch):
    request = f.filed_request(world)
    before = Message.objects.count()
    real = notify.after_action

    def then_fail(request, event):
        real(request, event)
        raise RuntimeError("disk penuh")

    monkeypatch.setattr(notify, "after_action", then_fail)
    with pytest.raises(RuntimeError):
        perform(request, Action.REJECT, actor=world.kepala_desa_a, note="Bukan warga.")
    assert Message.objects.count() == before
    assert f.fresh(request).status == Status.SUBMITTED


def test_an_unusable_phone_number_does_not_block_the_action(world):
    citizen = f.applicant(world, phone="12345")
    request = f.filed_request(world, applicant=citizen)
    assert request.status == Status.SUBMITTED
    assert list(messages_of(request).values_list("channel", flat=True)) == ["email"]
    perform(request, Action.RETURN, actor=world.officer_a, note="KTP kurang.")
    assert f.fresh(request).status == Status.RETURNED


def test_an_applicant_without_phone_or_email_is_told_nothing_and_served_anyway(world):
    request = f.filed_request(world, applicant=f.applicant(world, phone="", email=""))
    assert request.status == Status.SUBMITTED
    assert not messages_of(request).exists()


def test_an_online_request_is_submitted_and_announced_after_its_code(world):
    service = f.kk_service(code="kk-daring", via_online=True)
    filed = file_request(service=service, applicant=f.applicant(world), channel="online")
    request = filed.request
    assert request.status == Status.DRAFT
    codes = messages_of(request, "confirmation_code")
    assert set(codes.values_list("channel", flat=True)) == {"sms", "email"}
    assert not messages_of(request, "request_submitted").exists()
    confirm_online_request(request, filed.confirmation_code)
    request = f.fresh(request)
    assert request.status == Status.SUBMITTED
    assert_applicant_told(request, Action.SUBMIT, "request_submitted")
