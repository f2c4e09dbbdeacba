"""Forms of the public complaint pages: the report, tracking by code, the PIN, the reporter's answer.

The location is chosen in two steps so the form works without JavaScript: the citizen
searches a village by name (the server lists matches), then picks its RT/RW in the form.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from balai.cases.public_forms import PinForm, TrackForm, village_label, village_matches
from balai.cases.uploads import inspect_upload
from balai.notifications.recipients import normalize_phone
from balai.regions.constants import Level as RegionLevel
from balai.regions.models import Region

from .constants import MAX_PHOTOS
from .models import Category
from .services import likely_duplicates

__all__ = [
    "ComplaintForm",
    "PinForm",
    "ReopenForm",
    "TrackForm",
    "local_units",
    "village_label",
    "village_matches",
]

PHOTO_ACCEPT = ".jpg,.jpeg,.png,image/jpeg,image/png"


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Up to three photos, each a real JPEG or PNG (judged by content, not by name)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", MultiplePhotoInput(attrs={"accept": PHOTO_ACCEPT, "multiple": True})
        )
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > MAX_PHOTOS:
            raise ValidationError(_("Paling banyak %(n)s foto.") % {"n": MAX_PHOTOS})
        for upload in files:
            super().clean(upload, initial)
            inspect_upload(upload, ["jpeg", "png"])
        return files


def local_units(village):
    """The dusun, RW and RT of a village, in code order."""
    return list(
        Region.objects.active()
        .within(village.code)
        .filter(level__gt=RegionLevel.VILLAGE)
        .select_related("parent")
        .order_by("code")
    )


def unit_label(unit) -> str:
    if (
        unit.level == RegionLevel.RT
        and unit.parent is not None
        and unit.parent.level == RegionLevel.RW
    ):
        return f"RW {unit.parent.name} / RT {unit.name}"
    return f"{unit.get_kind_display()} {unit.name}"


def category_choices(categories):
    """Ordinary categories first, the head-of-region hotline ones in their own group."""
    ordinary = [(c.code, c.name) for c in categories if not c.is_hotline]
    hotline = [(c.code, c.name) for c in categories if c.is_hotline]
    choices = [("", _("— pilih —")), *ordinary]
    if hotline:
        choices.append((_("Hotline kepala daerah"), hotline))
    return choices


class ComplaintForm(forms.Form):
    """A report from a citizen about one place in one village (the village is chosen before)."""

    category = forms.ChoiceField(label=_("Kategori"))
    title = forms.CharField(label=_("Judul singkat"), max_length=150)
    text = forms.CharField(
        label=_("Isi laporan"),
        min_length=10,
        max_length=5000,
        help_text=_("Apa masalahnya, sejak kapan, dan siapa yang terdampak."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    unit = forms.ChoiceField(label=_("RT/RW"), required=False)
    address = forms.CharField(
        label=_("Alamat atau patokan (boleh kosong)"), max_length=255, required=False
    )
    latitude = forms.DecimalField(
        label=_("Lintang (boleh kosong)"),
        max_digits=9,
        decimal_places=6,
        min_value=-90,
        max_value=90,
        required=False,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )
    longitude = forms.DecimalField(
        label=_("Bujur (boleh kosong)"),
        max_digits=9,
        decimal_places=6,
        min_value=-180,
        max_value=180,
        required=False,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )
    photos = PhotosField(
        label=_("Foto (paling banyak 3, JPEG atau PNG)"),
        help_text=_("Paling besar 5 MB per foto."),
    )
    name = forms.CharField(label=_("Nama"), max_length=150, required=False)
    phone = forms.CharField(
        label=_("Nomor HP"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(label=_("Surel (e-mail)"), required=False)
    anonymous = forms.BooleanField(
        label=_("Lapor secara anonim"),
        required=False,
        help_text=_("Identitas Anda hanya terlihat oleh kantor yang memverifikasi laporan."),
    )
    confidential = forms.BooleanField(
        label=_("Rahasiakan isi laporan"),
        required=False,
        help_text=_("Isi laporan tidak ditampilkan di halaman publik."),
    )
    # Set on the second submission, once the reporter has seen the likely duplicates.
    confirm_duplicates = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, village, categories=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.village = village
        if categories is None:
            categories = Category.objects.filter(active=True)
        self.categories = {c.code: c for c in categories}
        self.fields["category"].choices = category_choices(list(self.categories.values()))
        self.units = {u.code: u for u in local_units(village)}
        self.fields["unit"].choices = [("", _("— tidak tahu / seluruh desa —"))] + [
            (u.code, unit_label(u)) for u in self.units.values()
        ]

    def clean_category(self):
        category = self.categories.get(self.cleaned_data["category"])
        if category is None:
            raise ValidationError(_("Pilih kategori dari daftar."))
        return category

    def clean_unit(self):
        code = self.cleaned_data["unit"]
        if not code:
            return None
        if code not in self.units:
            raise ValidationError(_("Pilih RT/RW dari daftar."))
        return self.units[code]

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if not phone:
            return ""
        try:
            return normalize_phone(phone)
        except ValueError as error:
            raise ValidationError(str(error)) from error

    def clean(self):
        cleaned = super().clean()
        has_contact = cleaned.get("phone") or cleaned.get("email")
        named = (cleaned.get("name") or "").strip()
        contact_errors = "phone" in self.errors or "email" in self.errors
        if not cleaned.get("anonymous") and not (named and has_contact) and not contact_errors:
            raise ValidationError(
                _("Isi nama dan nomor HP atau surel, atau pilih “Lapor secara anonim”.")
            )
        if (cleaned.get("latitude") is None) != (cleaned.get("longitude") is None):
            raise ValidationError(
                _("Titik peta harus berisi lintang dan bujur, atau kosongkan keduanya.")
            )
        return cleaned

    @property
    def location(self):
        return self.cleaned_data.get("unit") or self.village

    def unseen_duplicates(self):
        """Likely duplicates the reporter has not been shown yet; they may still send theirs."""
        data = self.cleaned_data
        if data.get("confirm_duplicates"):
            return []
        found = likely_duplicates(
            data["category"],
            self.location,
            data["title"] + " " + data["text"],
            data.get("latitude"),
            data.get("longitude"),
        )
        if found:
            # The next submission goes through; photos must be chosen again (browsers forget them).
            self.data = self.data.copy()
            self.data["confirm_duplicates"] = "on"
        return found


class ReopenForm(forms.Form):
    note = forms.CharField(
        label=_("Mengapa masalahnya belum selesai?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
