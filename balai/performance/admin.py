from django.contrib import admin

from .models import Aspect, Assessment, CategoryBand, Indicator


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0
    fields = ["position", "code", "name", "weight", "auto_source", "verified", "active"]


@admin.register(Aspect)
class AspectAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "weight", "position"]
    list_editable = ["weight", "position"]
    inlines = [IndicatorInline]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "aspect", "weight", "auto_source", "verified", "active"]
    list_filter = ["aspect", "verified", "active"]
    list_select_related = ["aspect"]
    search_fields = ["name", "code"]


@admin.register(CategoryBand)
class CategoryBandAdmin(admin.ModelAdmin):
    list_display = ["code", "label", "low", "high"]


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    """Read-only: assessments change only through the staff pages and their rules."""

    list_display = ["office", "year", "status", "index", "category_code"]
    list_filter = ["status", "year"]
    list_select_related = ["office"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
