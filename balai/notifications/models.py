"""The outbox: one row per message to a citizen or an officer, and who asked for none."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .constants import SECRET_TEMPLATES, Channel, MessageStatus
from .recipients import mask_recipient


class Message(models.Model):
    """A message rendered when queued and sent by a background task, retried on failure.

    `recipient` is personal data: it is never logged, never part of `last_error`, and lists
    show it masked.
    """

    channel = models.CharField(_("saluran"), max_length=16, choices=Channel.choices)
    recipient = models.CharField(_("penerima"), max_length=254)
    template = models.CharField(_("templat"), max_length=64)
    subject = models.CharField(_("subjek"), max_length=200, blank=True)
    body = models.TextField(_("isi"))
    status = models.CharField(
        _("status"), max_length=16, choices=MessageStatus.choices, default=MessageStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("jumlah percobaan"), default=0)
    next_attempt_at = models.DateTimeField(_("percobaan berikutnya"), null=True, blank=True)
    enqueued_at = models.DateTimeField(_("tugas kirim diantrekan"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("mulai dikirim"), null=True, blank=True)
    sent_at = models.DateTimeField(_("terkirim pada"), null=True, blank=True)
    last_error = models.CharField(_("galat terakhir"), max_length=300, blank=True)
    dedupe_key = models.CharField(
        _("kunci anti-ganda"), max_length=255, null=True, blank=True, unique=True
    )
    subject_ref = models.CharField(
        _("rujukan"), max_length=64, blank=True, db_index=True, help_text=_("mis. request:123")
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("pesan")
        verbose_name_plural = _("pesan")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The retry scan: queued rows whose next attempt is due, stuck 'sending' rows.
            models.Index(fields=["status", "next_attempt_at"], name="notif_msg_retry_scan"),
            models.Index(
                fields=["claimed_at"],
                name="notif_msg_sending",
                condition=Q(status=MessageStatus.SENDING),
            ),
        ]

    def __str__(self):
        return f"{self.get_channel_display()} {self.template} #{self.pk}"

    @property
    def masked_recipient(self) -> str:
        return mask_recipient(self.channel, self.recipient)

    @property
    def body_is_secret(self) -> bool:
        return self.template in SECRET_TEMPLATES


class OptOut(models.Model):
    """A recipient who asked for no more messages on one channel.

    Only a hash of the address or number is kept, with a masked form to recognise it.
    """

    channel = models.CharField(_("saluran"), max_length=16, choices=Channel.choices)
    recipient_hash = models.CharField(_("sidik penerima"), max_length=64)
    recipient_masked = models.CharField(_("penerima (tersamar)"), max_length=254)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("penolakan pesan")
        verbose_name_plural = _("penolakan pesan")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "recipient_hash"], name="notif_optout_once_per_channel"
            )
        ]

    def __str__(self):
        return f"{self.get_channel_display()} {self.recipient_masked}"
