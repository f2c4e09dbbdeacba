"""The outbox in the admin: recipients masked, one-time codes hidden, failed ones resent."""

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from balai.accounts.models import User
from balai.notifications.constants import Channel, MessageStatus
from balai.notifications.models import Message
from balai.notifications.services import queue_message

from .conftest import PHONE, REQUEST_CONTEXT

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(User.objects.create_superuser("admin.pesan", "a@example.org", "x"))
    return client


def queued(template="request_submitted", context=REQUEST_CONTEXT):
    return queue_message(channel=Channel.SMS, recipient=PHONE, template=template, context=context)


def test_the_message_list_shows_recipients_masked(admin_client):
    queued()
    response = admin_client.get(reverse("admin:notifications_message_changelist"))
    assert response.status_code == 200
    assert "+62812••••7890" in response.text
    assert "1234567890" not in response.text


def test_a_one_time_code_is_not_shown_in_the_admin(admin_client):
    message = queued("confirmation_code", {"code": "482913", "minutes": 10})
    response = admin_client.get(reverse("admin:notifications_message_change", args=[message.pk]))
    assert response.status_code == 200
    assert "482913" not in response.text
    assert "1234567890" not in response.text


def test_failed_messages_can_be_resent(admin_client, django_capture_on_commit_callbacks):
    failed, sent = queued(), queued("request_completed")
    Message.objects.filter(pk=failed.pk).update(status=MessageStatus.FAILED, attempts=5)
    Message.objects.filter(pk=sent.pk).update(status=MessageStatus.SENT)
    DBTaskResult.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:notifications_message_changelist"),
            {"action": "resend", "_selected_action": [failed.pk, sent.pk]},
            follow=True,
        )
    assert "1 pesan diantrekan untuk dikirim ulang." in response.text
    assert "Hanya pesan berstatus gagal" in response.text
    failed.refresh_from_db()
    assert failed.status == MessageStatus.QUEUED and failed.attempts == 0
    assert [t.args_kwargs["args"] for t in DBTaskResult.objects.all()] == [[failed.pk]]
    sent.refresh_from_db()
    assert sent.status == MessageStatus.SENT
