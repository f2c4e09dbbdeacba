"""Queueing, sending and retrying messages; the only code that changes the outbox.

A workflow calls `queue_message` inside its own transaction: the row is written with the
transaction and the send task is queued only once it commits, so a rolled-back change never
tells anyone anything. The task claims the row with one conditional UPDATE, which makes a
duplicated or retried task harmless: it finds nothing to claim and returns.
"""

import logging
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .constants import (
    DEFAULT_MAX_ATTEMPTS,
    ERROR_MAX_CHARS,
    LOST_TASK_AFTER,
    RETRY_BATCH_SIZE,
    RETRY_FACTOR,
    RETRY_FIRST_WAIT,
    RETRY_LONGEST_WAIT,
    STUCK_SENDING_AFTER,
    Channel,
    MessageStatus,
)
from .gateways import DeliveryError, gateway_for
from .models import Message, OptOut
from .recipients import (
    mask_recipient,
    normalize_phone,
    normalize_recipient,
    recipient_hash,
    scrub,
)
from .rendering import render_message

__all__ = [
    "deliver",
    "is_opted_out",
    "max_attempts",
    "normalize_phone",
    "opt_in",
    "opt_out",
    "queue_message",
    "requeue_due_messages",
    "resend_failed",
    "retry_wait",
]

logger = logging.getLogger("balai.notifications")


def max_attempts() -> int:
    return getattr(settings, "NOTIFY_MAX_ATTEMPTS", DEFAULT_MAX_ATTEMPTS)


def retry_wait(failed_attempts: int) -> timedelta:
    """1, 5, 25 minutes… after the 1st, 2nd, 3rd failure, never longer than an hour."""
    wait = RETRY_FIRST_WAIT * RETRY_FACTOR ** max(failed_attempts - 1, 0)
    return min(wait, RETRY_LONGEST_WAIT)


def queue_message(
    *,
    channel: str,
    recipient: str,
    template: str,
    context: dict,
    dedupe_key: str | None = None,
    subject_ref: str = "",
) -> Message | None:
    """Render a message and queue it for sending once the current transaction commits.

    `dedupe_key` names the event (e.g. "request:123:submitted"); with the channel and the
    recipient it makes the message unique, so the same event never reaches the same person
    twice on one channel. Returns None, queueing nothing, for such a repeat and for a
    recipient who opted out (an opted-out message is kept as 'skipped' for the record).
    Raises ValueError, with a message for the user, for an invalid address or number.
    """
    channel = _known_channel(channel)
    recipient = normalize_recipient(channel, recipient)
    key = _full_dedupe_key(dedupe_key, channel, recipient)
    if key and Message.objects.filter(dedupe_key=key).exists():
        return None
    rendered = render_message(template, context, channel)
    opted_out = is_opted_out(channel, recipient)
    now = timezone.now()
    try:
        with transaction.atomic():
            message = Message.objects.create(
                channel=channel,
                recipient=recipient,
                template=template,
                subject=rendered.subject,
                body=rendered.body,
                status=MessageStatus.SKIPPED if opted_out else MessageStatus.QUEUED,
                last_error=_("Penerima menolak pesan di saluran ini.") if opted_out else "",
                next_attempt_at=None if opted_out else now,
                dedupe_key=key,
                subject_ref=subject_ref,
            )
    except IntegrityError:
        if key is None:
            raise
        return None  # the same message was queued a moment ago by a concurrent request
    if opted_out:
        logger.info("Pesan #%s (%s, %s) dilewati: penerima menolak", message.pk, channel, template)
        return None
    logger.info("Pesan #%s (%s, %s) diantrekan", message.pk, channel, template)
    _enqueue_on_commit(message.pk)
    return message


def opt_out(channel: str, recipient: str) -> OptOut:
    """The recipient gets no more messages on this channel, including those already queued."""
    channel = _known_channel(channel)
    recipient = normalize_recipient(channel, recipient)
    entry, _created = OptOut.objects.get_or_create(
        channel=channel,
        recipient_hash=recipient_hash(recipient),
        defaults={"recipient_masked": mask_recipient(channel, recipient)},
    )
    return entry


def opt_in(channel: str, recipient: str) -> bool:
    channel = _known_channel(channel)
    recipient = normalize_recipient(channel, recipient)
    deleted, _details = OptOut.objects.filter(
        channel=channel, recipient_hash=recipient_hash(recipient)
    ).delete()
    return bool(deleted)


def is_opted_out(channel: str, recipient: str) -> bool:
    return OptOut.objects.filter(channel=channel, recipient_hash=recipient_hash(recipient)).exists()


def deliver(message_id: int) -> str:
    """Send one queued message if it is due and nobody else has taken it; say what happened."""
    now = timezone.now()
    claimed = (
        Message.objects.filter(pk=message_id, status=MessageStatus.QUEUED)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .update(status=MessageStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    )
    if not claimed:
        return "not_due"  # sent, failed, taken by another worker, or waiting for its retry
    message = Message.objects.get(pk=message_id)
    if is_opted_out(message.channel, message.recipient):
        _finish(message, status=MessageStatus.SKIPPED, last_error=_("Penerima menolak pesan."))
        return MessageStatus.SKIPPED.value
    try:
        gateway_for(message.channel).send(message)
    except Exception as exc:
        # Any failure, a gateway's or a bug's, is retried; the error is kept without the recipient.
        return _record_failure(message, exc)
    _finish(message, status=MessageStatus.SENT, sent_at=timezone.now(), last_error="")
    logger.info("Pesan #%s (%s, %s) terkirim", message.pk, message.channel, message.template)
    return MessageStatus.SENT.value


def requeue_due_messages(now: datetime | None = None) -> int:
    """Queue a send task for every queued message that is due and has no task waiting.

    Also gives back rows left 'sending' by a worker that died mid-send. Returns how many
    messages got a task.
    """
    now = now or timezone.now()
    _recover_stuck_sending(now)
    due = list(
        Message.objects.filter(status=MessageStatus.QUEUED, next_attempt_at__lte=now)
        .filter(
            Q(enqueued_at__isnull=True)
            | Q(enqueued_at__lt=F("next_attempt_at"))
            | Q(enqueued_at__lt=now - LOST_TASK_AFTER)
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:RETRY_BATCH_SIZE]
    )
    for message_id in due:
        _send_task().enqueue(message_id)
    Message.objects.filter(pk__in=due).update(enqueued_at=now)
    return len(due)


def resend_failed(messages) -> int:
    """Give messages that failed for good a new round of attempts (the admin's "kirim ulang")."""
    ids = list(messages.filter(status=MessageStatus.FAILED).values_list("pk", flat=True))
    Message.objects.filter(pk__in=ids, status=MessageStatus.FAILED).update(
        status=MessageStatus.QUEUED, attempts=0, next_attempt_at=timezone.now(), enqueued_at=None
    )
    for message_id in ids:
        _enqueue_on_commit(message_id)
    return len(ids)


def _known_channel(channel: str) -> str:
    if channel not in Channel.values:
        raise ValueError(_("Saluran pesan tidak dikenal: %(channel)s") % {"channel": channel})
    return Channel(channel)


def _full_dedupe_key(event_key: str | None, channel: str, recipient: str) -> str | None:
    if not event_key:
        return None
    key = f"{channel}:{recipient_hash(recipient)[:20]}:{event_key}"
    if len(key) > 255:
        key = f"{channel}:{recipient_hash(recipient)[:20]}:{recipient_hash(event_key)}"
    return key


def _send_task():
    # Imported here: the task module imports this one.
    from .tasks import send_message

    return send_message


def _enqueue_now(message_id: int) -> None:
    _send_task().enqueue(message_id)
    Message.objects.filter(pk=message_id).update(enqueued_at=timezone.now())


def _enqueue_on_commit(message_id: int) -> None:
    # robust: a failure to queue must not break the caller's request; the periodic
    # retry job queues any due message that has no task.
    transaction.on_commit(partial(_enqueue_now, message_id), robust=True)


def _finish(message: Message, **changes) -> None:
    # Only the claim we hold may be finished: after a stuck-row recovery it belongs to another.
    Message.objects.filter(
        pk=message.pk, status=MessageStatus.SENDING, claimed_at=message.claimed_at
    ).update(claimed_at=None, **changes)


def _record_failure(message: Message, exc: Exception) -> str:
    error = _short_error(message, exc)
    limit = max_attempts()
    if message.attempts >= limit:
        status, next_attempt_at = MessageStatus.FAILED, None
    else:
        status = MessageStatus.QUEUED
        next_attempt_at = timezone.now() + retry_wait(message.attempts)
    _finish(message, status=status, next_attempt_at=next_attempt_at, last_error=error)
    logger.warning(
        "Pesan #%s (%s, %s) gagal dikirim, percobaan %d dari %d: %s",
        message.pk,
        message.channel,
        message.template,
        message.attempts,
        limit,
        error,
    )
    return status.value


def _short_error(message: Message, exc: Exception) -> str:
    text = str(exc) if isinstance(exc, DeliveryError) else f"{type(exc).__name__}: {exc}"
    return scrub(text, message.channel, message.recipient)[:ERROR_MAX_CHARS]


def _recover_stuck_sending(now: datetime) -> None:
    stuck = Message.objects.filter(
        status=MessageStatus.SENDING, claimed_at__lt=now - STUCK_SENDING_AFTER
    )
    note = _("Pengiriman terputus (pekerja berhenti).")
    stuck.filter(attempts__gte=max_attempts()).update(
        status=MessageStatus.FAILED, claimed_at=None, last_error=note
    )
    stuck.filter(attempts__lt=max_attempts()).update(
        status=MessageStatus.QUEUED, claimed_at=None, next_attempt_at=now, last_error=note
    )
