"""Kiosks are switched on here. Responses are not listed: results are read as an index."""

from django.contrib import admin

from .models import FollowUpAction, SurveyKiosk


@admin.register(SurveyKiosk)
class SurveyKioskAdmin(admin.ModelAdmin):
    list_display = ["office", "active", "created_at"]
    list_filter = ["active"]
    autocomplete_fields = ["office"]


@admin.register(FollowUpAction)
class FollowUpActionAdmin(admin.ModelAdmin):
    list_display = ["office", "year", "element", "owner", "due_date", "status"]
    list_filter = ["status", "year", "element"]
    search_fields = ["office__name", "action", "owner"]
    autocomplete_fields = ["office"]
    readonly_fields = ["done_at", "created_at", "created_by"]
