"""The outbox, read-only: what was sent, what failed and why; failed ones can be resent.

Recipients appear masked only, and one-time codes never appear at all.
"""

from django.contrib import admin, messages
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .constants import MessageStatus
from .models import Message, OptOut


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "status",
        "channel",
        "template",
        "masked_recipient",
        "attempts",
        "sent_at",
        "subject_ref",
    ]
    list_filter = ["status", "channel", "template"]
    search_fields = ["subject_ref", "template"]
    date_hierarchy = "created_at"
    show_full_result_count = False
    actions = ["resend"]
    fields = [
        "status",
        "channel",
        "template",
        "masked_recipient",
        "subject",
        "shown_body",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "last_error",
        "subject_ref",
        "created_at",
    ]
    readonly_fields = fields

    @admin.display(description=_("penerima"))
    def masked_recipient(self, obj):
        return obj.masked_recipient

    @admin.display(description=_("isi"))
    def shown_body(self, obj):
        return _("(disembunyikan: berisi kode rahasia)") if obj.body_is_secret else obj.body

    @admin.action(description=_("Kirim ulang pesan yang gagal"), permissions=["change"])
    def resend(self, request, queryset):
        not_failed = queryset.exclude(status=MessageStatus.FAILED).count()
        with transaction.atomic():
            count = services.resend_failed(queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d pesan diantrekan untuk dikirim ulang.",
                "%(count)d pesan diantrekan untuk dikirim ulang.",
                count,
            )
            % {"count": count},
            messages.SUCCESS if count else messages.WARNING,
        )
        if not_failed:
            self.message_user(
                request,
                _("Hanya pesan berstatus gagal yang dapat dikirim ulang."),
                messages.WARNING,
            )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # The view page is read-only; the action needs the change permission.
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OptOut)
class OptOutAdmin(admin.ModelAdmin):
    list_display = ["created_at", "channel", "recipient_masked"]
    list_filter = ["channel"]
    fields = ["channel", "recipient_masked", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        # Opt-outs come through `services.opt_out`, which normalises and hashes the number.
        return False
