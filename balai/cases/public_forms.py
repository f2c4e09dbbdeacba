"""Forms of the public pages: tracking, the PIN, online applications and the applicant's actions."""

import re
import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from balai.lib import codes
from balai.lib.nik import check_nik
from balai.notifications.recipients import normalize_phone
from balai.regions.constants import Level
from balai.regions.models import Region

from .uploads import inspect_upload

MAX_VILLAGE_MATCHES = 30
IDEMPOTENCY_KEY = re.compile(r"^[0-9a-f]{32}$")
# What the file picker offers; the content is checked on the server all the same.
ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"


def known_region_codes(candidates):
    return Region.objects.filter(code__in=candidates).values_list("code", flat=True)


class TrackForm(forms.Form):
    code = forms.CharField(
        label=_("Kode lacak"),
        max_length=20,
        help_text=_("Contoh: 7KQ2-M9XD-H. Boleh tanpa tanda hubung, huruf kecil juga boleh."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )

    def clean_code(self):
        # The check character catches a typo before anything is looked up.
        code = codes.normalize(self.cleaned_data["code"])
        if not codes.is_valid(code):
            raise ValidationError(_("Kode tidak sah, periksa kembali."))
        return code


class PinForm(forms.Form):
    pin = forms.CharField(
        label=_("PIN"),
        max_length=6,
        min_length=6,
        help_text=_("6 angka yang Anda terima bersama kode lacak."),
        widget=forms.PasswordInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class CancelForm(forms.Form):
    note = forms.CharField(
        label=_("Alasan pembatalan"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


class ConfirmForm(forms.Form):
    code = forms.CharField(
        label=_("Kode konfirmasi"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


def village_label(village) -> str:
    parts = [str(village)]
    parent = village.parent
    if parent is not None:
        parts.append(str(parent))
        if parent.parent is not None:
            parts.append(str(parent.parent))
    return ", ".join(parts)


def village_matches(query: str, selected: str = ""):
    """Active villages whose name or code matches what the citizen typed (a short list)."""
    villages = Region.objects.active().filter(level=Level.VILLAGE)
    query = (query or "").strip()
    condition = Q(pk__in=[])
    if len(query) >= 3:
        condition |= Q(name__icontains=query) | Q(code__startswith=query)
    if selected:
        condition |= Q(code=selected)
    return list(
        villages.filter(condition)
        .select_related("parent__parent")
        .order_by("name", "code")[:MAX_VILLAGE_MATCHES]
    )


class UploadField(forms.FileField):
    """A requirement's scan, checked by content (PDF, JPEG or PNG, at most 5 MB)."""

    def __init__(self, *args, allowed_types=None, **kwargs):
        self.allowed_types = allowed_types
        kwargs.setdefault("widget", forms.FileInput(attrs={"accept": ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload:
            inspect_upload(upload, self.allowed_types)
        return upload


def requirement_field_name(requirement) -> str:
    return f"berkas_{requirement.pk}"


class RequirementUploadsMixin:
    """One file field per requirement that may be uploaded."""

    def add_upload_fields(self, requirements, mandatory):
        self.requirements = [r for r in requirements if r.upload_allowed]
        for requirement in self.requirements:
            self.fields[requirement_field_name(requirement)] = UploadField(
                label=requirement.name,
                required=mandatory and requirement.mandatory,
                allowed_types=requirement.file_types or None,
                help_text=requirement.explanation,
            )

    def uploads(self):
        """(requirement, file) for every file given."""
        for requirement in self.requirements:
            upload = self.cleaned_data.get(requirement_field_name(requirement))
            if upload:
                yield requirement, upload

    def upload_fields(self):
        return [self[requirement_field_name(r)] for r in self.requirements]


class ResubmitForm(RequirementUploadsMixin, forms.Form):
    def __init__(self, *args, requirements=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.add_upload_fields(requirements, mandatory=False)


class ApplyForm(RequirementUploadsMixin, forms.Form):
    name = forms.CharField(label=_("Nama lengkap (sesuai KTP/KK)"), max_length=150)
    nik = forms.CharField(
        label=_("NIK"),
        max_length=20,
        help_text=_("16 angka, tertera di KTP atau KK."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    phone = forms.CharField(
        label=_("Nomor HP"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(label=_("Surel (e-mail)"), required=False)
    address = forms.CharField(
        label=_("Alamat (jalan, nomor, RT/RW)"),
        max_length=255,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    village = forms.ChoiceField(label=_("Desa/kelurahan"))
    idempotency_key = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, requirements=(), village_query="", **kwargs):
        super().__init__(*args, **kwargs)
        selected = self.data.get("village", "") if self.is_bound else ""
        matches = village_matches(village_query, selected)
        self.village_by_code = {v.code: v for v in matches}
        self.fields["village"].choices = [("", _("— pilih —"))] + [
            (v.code, village_label(v)) for v in matches
        ]
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4().hex)
            if len(matches) == 1:
                self.initial.setdefault("village", matches[0].code)
        self.add_upload_fields(requirements, mandatory=True)

    def clean_nik(self):
        result = check_nik(self.cleaned_data["nik"], known_region_codes)
        if not result.ok:
            raise ValidationError(result.errors)
        return result.nik

    def clean_phone(self):
        # The confirmation code goes by SMS, so only a mobile number will do.
        phone = self.cleaned_data["phone"].strip()
        if not phone:
            return ""
        try:
            return normalize_phone(phone)
        except ValueError as error:
            raise ValidationError(str(error)) from error

    def clean_village(self):
        village = self.village_by_code.get(self.cleaned_data["village"])
        if village is None:
            raise ValidationError(_("Pilih desa/kelurahan dari daftar."))
        return village

    def clean_idempotency_key(self):
        key = self.cleaned_data["idempotency_key"]
        if not IDEMPOTENCY_KEY.match(key):
            raise ValidationError(_("Formulir tidak sah; muat ulang halaman."))
        return key

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("phone") and not cleaned.get("email"):
            raise ValidationError(_("Isi nomor HP atau surel: kode konfirmasi dikirim ke sana."))
        return cleaned
