from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from .constants import Level
from .forms import LOCAL_KIND_CHOICES
from .models import Region
from .services import create_local_unit


class LocalUnitAdminForm(forms.ModelForm):
    """Adding a region in the admin means adding a local unit; its code is built for it."""

    kind = forms.ChoiceField(label=_("jenis"), choices=LOCAL_KIND_CHOICES)
    number_or_name = forms.CharField(
        label=_("nomor atau nama"),
        max_length=60,
        help_text=_("RW dan RT: nomor, misalnya 3. Dusun/lingkungan: nomor atau nama."),
    )

    class Meta:
        model = Region
        fields = ["parent"]

    def clean(self):
        data = super().clean()
        parent = data.get("parent")
        if parent is None:
            raise ValidationError({"parent": _("Pilih desa/kelurahan, dusun atau RW induknya.")})
        # The service validates and saves in one step; the admin has no inlines that could
        # still fail after this, so creating here keeps every rule in one place.
        try:
            self.instance = create_local_unit(
                self.request_user, parent, data["kind"], data.get("number_or_name", "")
            )
        except PermissionDenied as error:
            raise ValidationError(str(error)) from None
        return data

    def save(self, commit=True):
        self.save_m2m = lambda: None  # nothing more to save: the service saved the unit
        return self.instance


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "level", "active", "updated_at"]
    list_filter = ["level", "kind", "active"]
    search_fields = ["^code", "name"]
    raw_id_fields = ["parent"]
    list_per_page = 50
    show_full_result_count = False  # counting 90,000 rows on every search is wasted work
    readonly_fields = ["code", "level", "kind", "parent", "updated_at"]
    fields = ["code", "name", "level", "kind", "parent", "active", "updated_at"]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = LocalUnitAdminForm
            form = super().get_form(request, obj, **kwargs)
            form.request_user = request.user
            return form
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["parent", "kind", "number_or_name"]
        return self.fields

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def has_change_permission(self, request, obj=None):
        # Official regions (levels 1–4) belong to the Kemendagri list and its loader.
        if obj is not None and obj.level <= Level.VILLAGE:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.level <= Level.VILLAGE:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
        # A new unit was saved by `create_local_unit` while the form was validated.
