"""Kiosks are switched on here. Responses are not listed: results are read as an index."""

from django.contrib import admin

from .models import SurveyKiosk


@admin.register(SurveyKiosk)
class SurveyKioskAdmin(admin.ModelAdmin):
    list_display = ["office", "active", "created_at"]
    list_filter = ["active"]
    autocomplete_fields = ["office"]
