from django.contrib import admin
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .models import CalendarDay


class ScopeFilter(admin.SimpleListFilter):
    title = _("cakupan")
    parameter_name = "cakupan"

    def lookups(self, request, model_admin):
        return [
            ("nasional", _("Nasional")),
            ("wilayah", _("Wilayah")),
            ("kantor", _("Kantor")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "nasional":
            return queryset.filter(region__isnull=True, office__isnull=True)
        if self.value() == "wilayah":
            return queryset.filter(region__isnull=False)
        if self.value() == "kantor":
            return queryset.filter(office__isnull=False)
        return queryset


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "weekday", "change", "scope", "reason"]
    list_filter = ["change", ScopeFilter, "date"]
    date_hierarchy = "date"
    search_fields = ["reason", "^region__code", "region__name", "office__name"]
    # Tens of thousands of regions and many offices: never a select of them all.
    raw_id_fields = ["region", "office"]
    list_select_related = ["region", "office"]
    ordering = ["-date"]

    @admin.display(description=_("hari"))
    def weekday(self, obj):
        return date_format(obj.date, "l") if obj.date else ""

    @admin.display(description=_("cakupan"))
    def scope(self, obj):
        return obj.scope_label
