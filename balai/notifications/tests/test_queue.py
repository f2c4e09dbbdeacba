"""Queueing: messages are rendered in Indonesian, never twice, never to those who opted out,
never to an invalid address, and never for a change that was rolled back."""

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from balai.notifications.constants import SMS_MAX_CHARS, Channel, MessageStatus
from balai.notifications.models import Message, OptOut
from balai.notifications.services import normalize_phone, opt_in, opt_out, queue_message

from .conftest import EMAIL, PHONE, REQUEST_CONTEXT

pytestmark = pytest.mark.django_db

TEMPLATE_KEYS = [
    "request_submitted",
    "request_returned",
    "request_completed",
    "request_ready_for_pickup",
    "request_handed_over",
    "request_rejected",
    "request_due_soon_staff",
    "request_overdue_staff",
    "request_overdue_head",
    "confirmation_code",
]


def queue(**overrides):
    arguments = {
        "channel": Channel.SMS,
        "recipient": "0812-3456-7890",
        "template": "request_submitted",
        "context": REQUEST_CONTEXT,
    }
    return queue_message(**arguments | overrides)


def test_a_queued_message_is_rendered_in_indonesian_with_its_context():
    message = queue(channel=Channel.EMAIL, recipient=EMAIL, subject_ref="request:12")
    assert message.status == MessageStatus.QUEUED
    assert message.subject == "Permohonan KX7P-Q3 sudah diterima"
    assert "permohonan Surat Keterangan Tidak Mampu Anda sudah diterima" in message.body
    assert "kode KX7P-Q3" in message.body
    assert "26 Maret 2026" in message.body
    assert "https://balai.example/lacak/KX7P-Q3" in message.body
    assert message.subject_ref == "request:12"


def test_messages_are_indonesian_even_when_the_request_was_in_english():
    from django.utils import translation

    with translation.override("en"):
        message = queue()
    assert "26 Maret 2026" in message.body


def test_plain_text_messages_are_not_html_escaped():
    message = queue(context=REQUEST_CONTEXT | {"service_name": "Izin Keramaian & Hiburan"})
    assert "Izin Keramaian & Hiburan" in message.body


@pytest.mark.parametrize("template", TEMPLATE_KEYS)
def test_every_template_fits_two_sms_pages_with_long_values(template):
    long_context = REQUEST_CONTEXT | {
        "service_name": "Penerbitan Surat Keterangan Tidak Mampu untuk Keringanan Biaya Sekolah",
        "office_name": "Kantor Kelurahan Kota Bambu Utara",
        "note": "Lampiran surat pengantar RT/RW belum ada. " * 5,
        "code": "482913",
        "minutes": 10,
    }
    message = queue(template=template, context=long_context)
    assert "..." not in message.body  # nothing had to be cut
    assert len(message.body) <= SMS_MAX_CHARS
    assert "{{" not in message.body and "{%" not in message.body


def test_a_long_sms_is_cut_to_two_pages():
    message = queue(context=REQUEST_CONTEXT | {"service_name": "Surat " * 80})
    assert len(message.body) == SMS_MAX_CHARS
    assert message.body.endswith("...")


def test_the_same_event_is_queued_once_per_recipient_and_channel():
    first = queue(dedupe_key="request:12:submitted")
    again = queue(dedupe_key="request:12:submitted", recipient="+62 812 3456 7890")
    by_whatsapp = queue(dedupe_key="request:12:submitted", channel=Channel.WHATSAPP)
    to_someone_else = queue(dedupe_key="request:12:submitted", recipient="081399998888")
    assert first is not None and again is None
    assert by_whatsapp is not None and to_someone_else is not None
    assert Message.objects.count() == 3


def test_an_opted_out_recipient_gets_nothing_on_that_channel(django_capture_on_commit_callbacks):
    opt_out(Channel.SMS, "0812 3456 7890")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert queue() is None
    assert callbacks == []
    skipped = Message.objects.get()
    assert skipped.status == MessageStatus.SKIPPED
    assert DBTaskResult.objects.count() == 0
    assert queue(channel=Channel.WHATSAPP) is not None


def test_an_opt_out_keeps_no_readable_number():
    entry = opt_out(Channel.SMS, "081234567890")
    assert entry.recipient_masked == "+62812••••7890"
    assert "1234567890" not in entry.recipient_hash
    assert opt_out(Channel.SMS, "+6281234567890") == entry
    assert opt_in(Channel.SMS, "081234567890") is True
    assert not OptOut.objects.exists()


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        ("081234567890", PHONE),
        ("0812-3456-7890", PHONE),
        ("6281234567890", PHONE),
        ("+62 812 3456 7890", PHONE),
        ("+62 (0)812 3456 7890", PHONE),
        ("0811234567", "+62811234567"),
    ],
)
def test_phone_numbers_are_normalized_to_e164(raw, normalized):
    assert normalize_phone(raw) == normalized


@pytest.mark.parametrize(
    "raw", ["", "12345", "0212345678", "+1 202 555 0100", "0812", "08123456789012345", "08ab"]
)
def test_invalid_phone_numbers_are_refused_in_indonesian(raw):
    with pytest.raises(ValueError, match="Nomor HP"):
        normalize_phone(raw)


def test_an_invalid_recipient_queues_nothing():
    with pytest.raises(ValueError, match="Nomor HP"):
        queue(recipient="021-555-1234")
    with pytest.raises(ValueError, match="surel tidak sah"):
        queue(channel=Channel.EMAIL, recipient="siti@")
    with pytest.raises(ValueError, match="Saluran"):
        queue(channel="pigeon")
    assert not Message.objects.exists()


def test_an_unknown_template_is_refused():
    with pytest.raises(ValueError, match=r"[Tt]emplat"):
        queue(template="no_such_message")
    with pytest.raises(ValueError, match=r"[Tt]emplat"):
        queue(template="../secrets")


def test_the_send_task_is_queued_only_when_the_transaction_commits(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        message = queue()
    task = DBTaskResult.objects.get()
    assert task.args_kwargs["args"] == [message.pk]
    message.refresh_from_db()
    assert message.enqueued_at is not None


def test_nothing_is_queued_when_the_surrounding_transaction_rolls_back(
    django_capture_on_commit_callbacks,
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        queue(dedupe_key="request:12:submitted")
        raise RuntimeError("the workflow failed")
    assert callbacks == []
    assert not Message.objects.exists()
    assert not DBTaskResult.objects.exists()
    # The event was never told, so it can still be told later.
    assert queue(dedupe_key="request:12:submitted") is not None


def test_lists_show_addresses_masked():
    from balai.notifications.recipients import mask_recipient

    assert mask_recipient(Channel.SMS, PHONE) == "+62812••••7890"
    assert mask_recipient(Channel.EMAIL, EMAIL) == "si••••••••h@contoh.id"
    assert mask_recipient(Channel.EMAIL, "ab@contoh.id") == "••@contoh.id"
