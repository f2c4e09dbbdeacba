"""Catalogue administration: services and their versions.

Versions are never edited once requests use them or once they are retired: the admin shows
them read-only and offers "Buat versi baru" instead.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import Requirement, Service, ServiceVersion, StandardComponent, Step
from .services import (
    EDITABLE_FIELDS,
    create_service,
    edit_version,
    ensure_editable,
    publish_version,
    start_new_version,
)


def report_errors(modeladmin, request, label, error: ValidationError):
    for message in error.messages:
        modeladmin.message_user(request, f"{label}: {message}", messages.ERROR)


def start_versions(modeladmin, request, services):
    for service in services:
        try:
            draft = start_new_version(service)
        except ValidationError as error:
            report_errors(modeladmin, request, service, error)
        else:
            modeladmin.message_user(
                request,
                gettext("%(service)s: draf versi %(number)s dibuat.")
                % {"service": service, "number": draft.number},
                messages.SUCCESS,
            )


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "category", "current_version_number", "active"]
    list_filter = ["category", "active"]
    search_fields = ["code", "name"]
    list_select_related = ["current_version"]
    readonly_fields = ["current_version", "created_at"]
    actions = ["new_version"]

    def get_readonly_fields(self, request, obj=None):
        # The code is how requests, the API and links name the service: fixed once made.
        return [*self.readonly_fields, "code"] if obj else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        service = create_service(code=obj.code, name=obj.name, category=obj.category)
        service.active = obj.active
        service.save(update_fields=["active"])
        obj.pk = service.pk
        obj.refresh_from_db()

    @admin.action(description=_("Buat versi baru"))
    def new_version(self, request, queryset):
        start_versions(self, request, queryset)

    @admin.display(description=_("versi berlaku"), ordering="current_version__number")
    def current_version_number(self, service):
        # The number alone: the version's own name would fetch its service once per row.
        version = service.current_version
        return f"v{version.number}" if version else "—"


class VersionPartInline(admin.TabularInline):
    """Parts of a version: editable only while the version is."""

    extra = 0

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and _editable(obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and _editable(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and _editable(obj)


def _editable(version) -> bool:
    return version is None or not version.is_locked


class StandardComponentInline(VersionPartInline):
    model = StandardComponent


class RequirementInline(VersionPartInline):
    model = Requirement
    fields = [
        "position",
        "name",
        "explanation",
        "mandatory",
        "original_required",
        "upload_allowed",
        "file_types",
    ]


class StepInline(VersionPartInline):
    model = Step
    fields = ["position", "name", "description", "office_kind", "agency", "time_limit_days"]


class ServiceVersionForm(forms.ModelForm):
    class Meta:
        model = ServiceVersion
        fields = sorted(EDITABLE_FIELDS)

    def clean(self):
        cleaned = super().clean()
        try:
            ensure_editable(self.instance)
        except ValidationError as error:
            raise forms.ValidationError(error.messages) from error
        fee = cleaned.get("fee_amount") or 0
        if fee > 0 and not (cleaned.get("fee_legal_basis") or "").strip():
            self.add_error(
                "fee_legal_basis", gettext("Layanan berbayar wajib mencantumkan dasar hukum biaya.")
            )
        return cleaned


@admin.register(ServiceVersion)
class ServiceVersionAdmin(admin.ModelAdmin):
    form = ServiceVersionForm
    list_display = ["service", "number", "status", "in_use_since", "published_at"]
    list_filter = ["status"]
    search_fields = ["service__code", "service__name"]
    list_select_related = ["service"]
    readonly_fields = ["service", "number", "status", "in_use_since", "published_at"]
    inlines = [StandardComponentInline, RequirementInline, StepInline]
    actions = ["new_version", "publish"]

    def has_add_permission(self, request):
        # Versions come from creating a service or from "Buat versi baru".
        return False

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and _editable(obj)

    def save_model(self, request, obj, form, change):
        edit_version(obj, **{name: form.cleaned_data[name] for name in form.changed_data})

    @admin.action(description=_("Buat versi baru"))
    def new_version(self, request, queryset):
        services = Service.objects.filter(versions__in=queryset).distinct()
        start_versions(self, request, services)

    @admin.action(description=_("Terbitkan"))
    def publish(self, request, queryset):
        for version in queryset.select_related("service"):
            try:
                publish_version(version)
            except ValidationError as error:
                report_errors(self, request, version, error)
            else:
                self.message_user(
                    request,
                    gettext("%(version)s diterbitkan.") % {"version": version},
                    messages.SUCCESS,
                )
