from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Membership, Office, OpeningHours


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["user", "role", "region", "active"]
    # Thousands of users and tens of thousands of regions: pick by id, never a full select.
    raw_id_fields = ["user", "region"]


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "agency", "region", "region_id", "timezone", "active"]
    list_filter = ["kind", "agency", "active", "timezone"]
    search_fields = ["name", "^region__code", "region__name"]
    raw_id_fields = ["region"]
    list_select_related = ["region"]
    inlines = [OpeningHoursInline, MembershipInline]
    fieldsets = [
        (None, {"fields": ["name", "kind", "agency", "region", "timezone", "active"]}),
        (_("Profil"), {"fields": ["address", "phone", "whatsapp", "email", "maklumat"]}),
    ]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "office", "role", "region", "active", "created_at"]
    list_filter = ["role", "active", "office__kind"]
    search_fields = ["user__username", "user__full_name", "office__name", "^office__region__code"]
    raw_id_fields = ["user", "office", "region"]
    list_select_related = ["user", "office", "region"]
