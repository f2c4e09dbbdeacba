"""Set-up of queues in the admin: counters, service groups and prefixes, rules, slots.
Tickets, events and statistics are shown read-only: they change only through services."""

from django.contrib import admin

from .models import (
    Booking,
    BookingSlot,
    DailyQueueStat,
    Desk,
    QueueSettings,
    ServiceGroup,
    Ticket,
    TicketEvent,
)


@admin.register(QueueSettings)
class QueueSettingsAdmin(admin.ModelAdmin):
    list_display = [
        "office",
        "max_calls",
        "nearly_turn",
        "early_check_in_minutes",
        "late_grace_minutes",
    ]
    raw_id_fields = ["office"]
    list_select_related = ["office"]


@admin.register(ServiceGroup)
class ServiceGroupAdmin(admin.ModelAdmin):
    list_display = ["prefix", "name", "office", "position", "bookable", "active"]
    list_filter = ["active", "bookable"]
    search_fields = ["name", "office__name"]
    raw_id_fields = ["office"]
    filter_horizontal = ["services"]
    list_select_related = ["office"]


@admin.register(Desk)
class DeskAdmin(admin.ModelAdmin):
    list_display = ["name", "office", "position", "active"]
    list_filter = ["active"]
    search_fields = ["name", "office__name"]
    raw_id_fields = ["office"]
    filter_horizontal = ["groups"]
    list_select_related = ["office"]


@admin.register(BookingSlot)
class BookingSlotAdmin(admin.ModelAdmin):
    list_display = ["day", "starts", "ends", "group", "office", "capacity", "booked"]
    list_filter = ["day"]
    raw_id_fields = ["office", "group"]
    readonly_fields = ["booked"]
    list_select_related = ["office", "group"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Booking)
class BookingAdmin(ReadOnlyAdmin):
    list_display = ["code", "slot", "office", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["=code"]
    list_select_related = ["slot__group", "office"]


@admin.register(Ticket)
class TicketAdmin(ReadOnlyAdmin):
    list_display = ["label", "day", "office", "group", "status", "priority", "source", "desk"]
    list_filter = ["status", "priority", "source", "day"]
    search_fields = ["=code"]
    list_select_related = ["office", "group", "desk"]


@admin.register(TicketEvent)
class TicketEventAdmin(ReadOnlyAdmin):
    list_display = ["ticket", "action", "from_status", "to_status", "desk", "at"]
    list_filter = ["action"]
    list_select_related = ["ticket", "desk"]


@admin.register(DailyQueueStat)
class DailyQueueStatAdmin(ReadOnlyAdmin):
    list_display = ["day", "office", "key", "tickets", "served", "no_shows", "wait_mean_seconds"]
    list_filter = ["scope", "day"]
    list_select_related = ["office"]
