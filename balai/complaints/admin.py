"""Configuration of complaints: categories and their routing rules, Open311 clients.

Complaints themselves are read-only here: their status changes only through the services
(the staff pages and the API), and the reporter's contact is shown masked.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from balai.offices.constants import Agency
from balai.regions.constants import Level as RegionLevel
from balai.regions.models import Region

from . import routing
from .constants import Level
from .models import Category, Complaint, ComplaintEvent, Open311Client, RoutingRule
from .open311 import issue_key


def rule_effect(rule) -> str:
    """What a rule does, in words: “Saluran air → Ketua RT (seluruh wilayah)”."""
    category = rule.category
    if category.is_hotline:
        return gettext("%(category)s → %(who)s (hotline: aturan wilayah tidak dipakai)") % {
            "category": category.name,
            "who": Level.KABUPATEN.label,
        }
    who = str(Level(rule.level).label)
    if rule.level == Level.AGENCY and rule.agency:
        who = f"{who}: {Agency(rule.agency).label}"
    where = str(rule.region) if rule.region_id else gettext("seluruh wilayah")
    return f"{category.name} → {who} ({where})"


class RoutingRuleInline(admin.TabularInline):
    model = RoutingRule
    extra = 0
    fields = ["region", "level", "agency", "note", "effect"]
    readonly_fields = ["effect"]
    raw_id_fields = ["region"]

    @admin.display(description=_("berlaku untuk"))
    def effect(self, rule):
        return rule_effect(rule) if rule.pk else "—"


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "report_type", "is_hotline", "active", "position", "tester"]
    list_filter = ["report_type", "is_hotline", "active"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"code": ["name"]}
    readonly_fields = ["tester"]
    fields = [
        "name",
        "code",
        "description",
        "report_type",
        "is_hotline",
        "active",
        "position",
        "tester",
    ]
    inlines = [RoutingRuleInline]

    @admin.display(description=_("uji aturan"))
    def tester(self, category):
        if not category.pk:
            return "—"
        url = reverse("admin:complaints_category_route_test", args=[category.pk])
        return format_html('<a href="{}">{}</a>', url, gettext("Uji ke mana pengaduan pergi"))

    def get_urls(self):
        test_view = self.admin_site.admin_view(self.route_test_view)
        return [
            path("<int:pk>/uji-aturan/", test_view, name="complaints_category_route_test"),
            *super().get_urls(),
        ]

    def route_test_view(self, request, pk):
        """Where a complaint of this category about the given place would go, right now."""
        category = get_object_or_404(Category, pk=pk)
        if not self.has_view_permission(request, category):
            raise PermissionDenied
        code = request.GET.get("region", "").strip()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "category": category,
            "title": gettext("Uji aturan: %(name)s") % {"name": category.name},
            "code": code,
            "rules": [
                rule_effect(rule)
                for rule in category.rules.select_related("region", "category").order_by("region")
            ],
        }
        if code:
            context.update(_route_for(category, code))
        return TemplateResponse(request, "admin/complaints/category/route_test.html", context)


def _route_for(category, code) -> dict:
    region = Region.objects.filter(code=code).first()
    if region is None:
        return {"error": gettext("Kode wilayah %(code)s tidak dikenal.") % {"code": code}}
    if region.level < RegionLevel.VILLAGE:
        return {"error": gettext("Pilih desa/kelurahan atau RW/RT, bukan wilayah di atasnya.")}
    rule = None if category.is_hotline else routing.matching_rule(category, region.code)
    try:
        destination = routing.route(category, region)
    except routing.NoOffice:
        return {
            "region": region,
            "error": gettext("Belum ada kantor yang melayani lokasi ini."),
        }
    return {
        "region": region,
        "rule": rule_effect(rule) if rule else None,
        "level": Level(destination.level).label,
        "office": destination.office,
        "unit": destination.unit,
    }


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    list_display = ["effect", "category", "region", "level", "agency", "note"]
    list_filter = ["level", "agency", "category"]
    search_fields = ["category__name", "category__code", "^region__code", "region__name"]
    raw_id_fields = ["region"]
    list_select_related = ["category", "region"]

    @admin.display(description=_("berlaku untuk"))
    def effect(self, rule):
        return rule_effect(rule)


class EventInline(admin.TabularInline):
    model = ComplaintEvent
    extra = 0
    fields = ["at", "action", "from_status", "to_status", "to_level", "office", "actor", "note"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Complaint)
class ComplaintAdmin(admin.ModelAdmin):
    """Read-only: a complaint changes only through its workflow."""

    list_display = [
        "code",
        "title",
        "category",
        "status",
        "level",
        "office",
        "village",
        "channel",
        "received_at",
        "limit_due",
        "masked_reporter",
    ]
    list_filter = ["status", "level", "channel", "category", "anonymous", "confidential"]
    search_fields = ["=code"]
    list_select_related = ["category", "office", "village"]
    date_hierarchy = "received_at"
    # Hundreds of thousands of rows: no full count on every filtered page.
    show_full_result_count = False
    fields = [
        "code",
        "category",
        "channel",
        "title",
        "text",
        "status",
        "level",
        "office",
        "verifying_office",
        "unit",
        "assignee",
        "region",
        "address",
        "latitude",
        "longitude",
        "masked_reporter",
        "anonymous",
        "confidential",
        "limit",
        "limit_due",
        "resolve_by",
        "follow_up",
        "resolution",
        "merged_into",
        "open311_client",
        "escalations",
        "reopenings",
        "received_at",
        "verified_at",
        "resolved_at",
        "closed_at",
    ]
    readonly_fields = fields
    inlines = [EventInline]

    @admin.display(description=_("pelapor"))
    def masked_reporter(self, complaint):
        if complaint.anonymous:
            return gettext("(anonim)")
        name = complaint.reporter_name[:1] + "…" if complaint.reporter_name else ""
        return " ".join(part for part in (name, complaint.masked_phone) if part) or "—"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Open311Client)
class Open311ClientAdmin(admin.ModelAdmin):
    list_display = ["name", "contact", "prefix", "active", "created_at"]
    list_filter = ["active"]
    search_fields = ["name", "contact", "prefix"]
    fields = ["name", "contact", "active", "prefix", "created_at"]
    readonly_fields = ["prefix", "created_at"]
    actions = ["new_key"]

    def save_model(self, request, client, form, change):
        if client.key_hash:
            super().save_model(request, client, form, change)
        else:
            _show_once(request, client, issue_key(client))

    @admin.action(description=_("Buat kunci API (kunci lama berhenti berlaku)"))
    def new_key(self, request, queryset):
        for client in queryset:
            _show_once(request, client, issue_key(client))


def _show_once(request, client, raw_key):
    messages.warning(
        request,
        gettext(
            "Kunci API %(name)s: %(key)s — salin sekarang, kunci ini tidak akan ditampilkan lagi."
        )
        % {"name": client.name, "key": raw_key},
    )
