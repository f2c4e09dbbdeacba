"""Sending: each message leaves once, failures are retried with growing waits, the worker
gives up after the last attempt, and the recipient never shows in logs or stored errors."""

import logging
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from balai.core import periodic
from balai.notifications.constants import Channel, MessageStatus
from balai.notifications.models import Message
from balai.notifications.services import opt_out, queue_message, retry_wait
from balai.notifications.tasks import retry_due_messages, send_message

from .conftest import EMAIL, PHONE, REQUEST_CONTEXT

pytestmark = pytest.mark.django_db


def queued(channel=Channel.SMS, recipient=PHONE, template="request_submitted"):
    return queue_message(
        channel=channel, recipient=recipient, template=template, context=REQUEST_CONTEXT
    )


def reload(message):
    message.refresh_from_db()
    return message


def test_sending_marks_the_message_sent(gateway):
    message = queued()
    assert send_message.call(message.pk) == "sent"
    message = reload(message)
    assert message.status == MessageStatus.SENT
    assert message.sent_at is not None
    assert message.attempts == 1
    assert gateway.sent == [("sms", PHONE, message.body)]


def test_email_goes_through_django_mail_with_its_subject(gateway, mailoutbox, settings):
    settings.DEFAULT_FROM_EMAIL = "layanan@balai.example"
    message = queued(channel=Channel.EMAIL, recipient=EMAIL)
    send_message.call(message.pk)
    assert reload(message).status == MessageStatus.SENT
    [mail] = mailoutbox
    assert mail.to == [EMAIL]
    assert mail.from_email == "layanan@balai.example"
    assert mail.subject == "Permohonan KX7P-Q3 sudah diterima"
    assert "26 Maret 2026" in mail.body


def test_a_task_run_twice_sends_once(gateway):
    message = queued()
    send_message.call(message.pk)
    assert send_message.call(message.pk) == "not_due"
    assert len(gateway.sent) == 1


def test_a_message_being_sent_by_another_worker_is_left_alone(gateway):
    message = queued()
    Message.objects.filter(pk=message.pk).update(
        status=MessageStatus.SENDING, claimed_at=timezone.now()
    )
    assert send_message.call(message.pk) == "not_due"
    assert gateway.sent == []


def test_a_failure_is_retried_with_growing_waits_until_sent(gateway):
    gateway.failures_left = 3
    message = queued()
    start = timezone.now()
    waits = []
    with time_machine.travel(start, tick=False) as clock:
        for _ in range(3):
            assert send_message.call(message.pk) == "queued"
            message = reload(message)
            waits.append(message.next_attempt_at - timezone.now())
            # Too early: the retry waits for its time.
            assert send_message.call(message.pk) == "not_due"
            clock.move_to(message.next_attempt_at)
        assert send_message.call(message.pk) == "sent"
    assert waits == [timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=25)]
    message = reload(message)
    assert message.status == MessageStatus.SENT and message.attempts == 4
    assert message.last_error == ""
    assert len(gateway.sent) == 1


def test_waits_between_attempts_stop_growing_at_an_hour():
    assert retry_wait(4) == timedelta(hours=1)
    assert retry_wait(9) == timedelta(hours=1)


def test_the_worker_gives_up_after_the_last_attempt(gateway, settings):
    settings.NOTIFY_MAX_ATTEMPTS = 3
    gateway.failures_left = 10
    message = queued()
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for _ in range(3):
            clock.move_to(reload(message).next_attempt_at)
            send_message.call(message.pk)
    message = reload(message)
    assert message.status == MessageStatus.FAILED
    assert message.attempts == 3
    assert message.next_attempt_at is None
    assert "ditolak" in message.last_error
    assert send_message.call(message.pk) == "not_due"
    assert gateway.sent == []


def test_an_unexpected_error_in_a_gateway_is_retried_too(gateway, monkeypatch):
    def broken(self, message):
        raise KeyError("config")

    monkeypatch.setattr(gateway, "send", broken)
    message = queued()
    assert send_message.call(message.pk) == "queued"
    assert reload(message).last_error == "KeyError: 'config'"


def test_the_recipient_never_appears_in_logs_or_stored_errors(gateway, settings, caplog):
    caplog.set_level(logging.DEBUG)
    settings.NOTIFY_SMS_GATEWAY = "console"
    sent = queued()
    send_message.call(sent.pk)
    settings.NOTIFY_SMS_GATEWAY = f"{gateway.__module__}.RecordingGateway"
    gateway.failures_left = 1
    failed = queued(template="request_completed")
    send_message.call(failed.pk)

    assert "+62812••••7890" in caplog.text  # the console gateway shows it masked
    assert "1234567890" not in caplog.text
    error = reload(failed).last_error
    assert "ditolak" in error and "+62812••••7890" in error
    assert "1234567890" not in error


def test_a_recipient_who_opts_out_after_queueing_gets_nothing(gateway):
    message = queued()
    opt_out(Channel.SMS, PHONE)
    assert send_message.call(message.pk) == "skipped"
    assert reload(message).status == MessageStatus.SKIPPED
    assert gateway.sent == []


def test_the_retry_job_queues_due_messages_once(gateway):
    gateway.failures_left = 1
    message = queued()
    send_message.call(message.pk)
    DBTaskResult.objects.all().delete()
    assert retry_due_messages.call() == 0  # its wait of a minute is not over
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        assert retry_due_messages.call() == 1
        assert retry_due_messages.call() == 0  # a task is already waiting for it
    assert DBTaskResult.objects.get().args_kwargs["args"] == [message.pk]


def test_the_retry_job_queues_a_message_whose_task_was_never_queued(gateway):
    message = queued()  # on_commit never ran: as if the process died right after commit
    assert reload(message).enqueued_at is None
    assert retry_due_messages.call() == 1


def test_the_retry_job_recovers_messages_stuck_in_sending(gateway):
    message = queued()
    long_ago = timezone.now() - timedelta(minutes=11)
    Message.objects.filter(pk=message.pk).update(
        status=MessageStatus.SENDING, claimed_at=long_ago, attempts=1, enqueued_at=long_ago
    )
    recent = queued(template="request_completed")
    Message.objects.filter(pk=recent.pk).update(
        status=MessageStatus.SENDING, claimed_at=timezone.now(), attempts=1
    )
    assert retry_due_messages.call() == 1
    assert reload(message).status == MessageStatus.QUEUED
    assert reload(recent).status == MessageStatus.SENDING
    send_message.call(message.pk)
    assert reload(message).status == MessageStatus.SENT


def test_a_message_stuck_on_its_last_attempt_fails(gateway, settings):
    settings.NOTIFY_MAX_ATTEMPTS = 2
    message = queued()
    Message.objects.filter(pk=message.pk).update(
        status=MessageStatus.SENDING,
        claimed_at=timezone.now() - timedelta(minutes=30),
        attempts=2,
    )
    retry_due_messages.call()
    assert reload(message).status == MessageStatus.FAILED


@pytest.fixture
def only_notification_jobs(monkeypatch):
    periodic.discover()
    job_name = "balai.notifications.tasks.retry_due_messages"
    monkeypatch.setattr(periodic, "REGISTRY", {job_name: periodic.REGISTRY[job_name]})


@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_a_committed_message_once(gateway, only_notification_jobs):
    message = queued()
    call_command("worker", once=True)
    call_command("worker", once=True)
    assert reload(message).status == MessageStatus.SENT
    assert len(gateway.sent) == 1
    statuses = set(DBTaskResult.objects.values_list("status", flat=True))
    assert statuses == {"SUCCESSFUL"}
