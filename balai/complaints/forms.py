"""Forms of the staff complaint pages: the worklist filter, intake for a citizen, the actions."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from balai.cases.forms import CodeChoiceField, PlainSelect
from balai.offices.constants import OfficeKind, Role
from balai.offices.models import Membership, Office

from .constants import Action, IntakeChannel, Level, Status
from .models import HANDLER_ROLES, Category
from .public_forms import ComplaintForm, PhotosField
from .workflow import TRANSITIONS

# Channels an officer records a complaint from (web, API and Open311 file themselves).
OFFICER_CHANNELS = (
    IntakeChannel.WALK_IN,
    IntakeChannel.PHONE,
    IntakeChannel.WHATSAPP,
    IntakeChannel.SMS,
    IntakeChannel.HOTLINE,
)
FORWARD_KINDS = (OfficeKind.VILLAGE, OfficeKind.KECAMATAN, OfficeKind.AGENCY, OfficeKind.HEAD)
ALL = "semua"


class WorklistFilterForm(forms.Form):
    """The worklist filters, read from the query string.

    Every select is written out in Python (`PlainSelect`) and the categories are plain codes
    read once per page: rendering options through Django's widget templates was a good part
    of the page's time.
    """

    cakupan = forms.ChoiceField(
        label=_("Cakupan"),
        required=False,
        choices=[("", _("Ditangani kantor/wilayah saya")), (ALL, _("Semua yang boleh saya lihat"))],
        widget=PlainSelect,
    )
    status = forms.ChoiceField(label=_("Status"), required=False, widget=PlainSelect)
    kategori = CodeChoiceField(label=_("Kategori"), required=False)
    tingkat = forms.TypedChoiceField(
        label=_("Tingkat"),
        coerce=int,
        required=False,
        choices=[("", _("Semua tingkat")), *Level.choices],
        widget=PlainSelect,
    )
    desa = forms.CharField(
        label=_("Kode desa/kelurahan"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "35.16.01.2001"}),
    )
    terlambat = forms.BooleanField(label=_("Hanya yang melewati batas"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            ("", _("Semua yang terbuka")),
            *Status.choices,
            (ALL, _("Semua status")),
        ]
        categories = list(
            Category.objects.order_by("position", "name").values_list("pk", "code", "name")
        )
        self.category_ids = {code: pk for pk, code, _name in categories}
        self.fields["kategori"].choices = [("", gettext("Semua kategori"))] + [
            (code, name) for _pk, code, name in categories
        ]

    def filters(self) -> dict:
        """The chosen filters; the category as its primary key."""
        if not self.is_bound or not self.is_valid():
            return {}
        chosen = {
            key: value for key, value in self.cleaned_data.items() if value not in ("", None, False)
        }
        if "kategori" in chosen:
            chosen["kategori"] = self.category_ids[chosen["kategori"]]
        return chosen


class OfficerComplaintForm(ComplaintForm):
    """A complaint entered by an officer for a citizen, with the channel it came by."""

    channel = forms.ChoiceField(
        label=_("Diterima melalui"),
        choices=[(c, IntakeChannel(c).label) for c in OFFICER_CHANNELS],
        help_text=_("Untuk hotline kepala daerah, pilih salah satu kategori hotline."),
    )

    field_order = ["channel"]

    def clean(self):
        cleaned = super().clean()
        category = cleaned.get("category")
        hotline_channel = cleaned.get("channel") == IntakeChannel.HOTLINE
        if category is not None and hotline_channel and not category.is_hotline:
            self.add_error("category", _("Laporan hotline memakai kategori hotline kepala daerah."))
        return cleaned


def hotline_first(categories, channel):
    """For the hotline channel, only the hotline categories."""
    if channel == IntakeChannel.HOTLINE:
        return [c for c in categories if c.is_hotline]
    return list(categories)


def forward_offices(complaint):
    """Offices in the complaint's kabupaten that may take it over."""
    kabupaten = ".".join(complaint.region_id.split(".")[:2])
    return (
        Office.objects.active()
        .filter(kind__in=FORWARD_KINDS)
        .filter(Q(region_id=kabupaten) | Q(region__code__startswith=kabupaten + "."))
        .exclude(pk=complaint.office_id)
        .order_by("kind", "name")
    )


def _area_codes(region_code: str) -> list[str]:
    """The location and its dusun/RW ancestors (codes longer than the village's)."""
    parts = region_code.split(".")
    return [".".join(parts[:i]) for i in range(5, len(parts) + 1)]


def possible_assignees(complaint):
    """Handlers of the responsible office and the RT/RW heads of the location."""
    memberships = (
        Membership.objects.active()
        .filter(office_id=complaint.office_id)
        .filter(
            Q(role__in=HANDLER_ROLES)
            | Q(role=Role.NEIGHBOURHOOD_HEAD, region_id__in=_area_codes(complaint.region_id))
        )
    )
    return (
        get_user_model()
        .objects.filter(is_active=True, pk__in=memberships.values("user_id"))
        .order_by("first_name", "username")
    )


def person_label(user) -> str:
    return user.get_full_name() or user.username


class ActionForm(forms.Form):
    """The inputs one action needs: a note, and for some a target office, person or level."""

    action = forms.CharField(widget=forms.HiddenInput)
    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, action, complaint, **kwargs):
        super().__init__(*args, **kwargs)
        self.action = action
        self.complaint = complaint
        self.label = Action(action).label
        self.initial |= {"action": action, "expected_version": complaint.lock_version}
        needs_note = TRANSITIONS[action].needs_note
        self.fields["note"] = forms.CharField(
            label=_("Keterangan") if needs_note else _("Keterangan (boleh kosong)"),
            required=needs_note,
            max_length=4000,
            widget=forms.Textarea(attrs={"rows": 2}),
        )
        if action == Action.FOLLOW_UP:
            self.fields["note"].label = _("Rencana tindak lanjut")
        elif action == Action.RESOLVE:
            self.fields["note"].label = _("Yang sudah dilakukan")
        if action == Action.FORWARD:
            self.fields["office"] = forms.ModelChoiceField(
                label=_("Teruskan ke kantor"), queryset=forward_offices(complaint)
            )
        elif action == Action.ASSIGN:
            self.fields["assignee"] = forms.ModelChoiceField(
                label=_("Petugas"), queryset=possible_assignees(complaint)
            )
            self.fields["assignee"].label_from_instance = person_label
        elif action == Action.REROUTE:
            self.fields["level"] = forms.TypedChoiceField(
                label=_("Tingkat penanganan baru"), coerce=int, choices=Level.choices
            )
        elif action == Action.MERGE:
            self.fields["into"] = forms.CharField(
                label=_("Kode lacak pengaduan tujuan"), max_length=20
            )
        self.order_fields(
            ["action", "expected_version", "office", "assignee", "level", "into", "note"]
        )

    def perform_arguments(self) -> dict:
        data = self.cleaned_data
        arguments = {"note": data.get("note", ""), "expected_version": data["expected_version"]}
        for name in ("office", "assignee", "level"):
            if data.get(name) is not None:
                arguments[name] = data[name]
        return arguments


class PrivacyForm(forms.Form):
    anonymous = forms.BooleanField(label=_("Rahasiakan identitas pelapor (anonim)"), required=False)
    confidential = forms.BooleanField(
        label=_("Rahasiakan isi laporan dari halaman publik"), required=False
    )


class PlanVisitForm(forms.Form):
    assignee = forms.ModelChoiceField(label=_("Petugas yang berkunjung"), queryset=None)
    due_date = forms.DateField(
        label=_("Tanggal kunjungan"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, complaint, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = possible_assignees(complaint)
        self.fields["assignee"].label_from_instance = person_label


class ArrivalForm(forms.Form):
    latitude = forms.DecimalField(
        label=_("Lintang"),
        max_digits=9,
        decimal_places=6,
        min_value=-90,
        max_value=90,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )
    longitude = forms.DecimalField(
        label=_("Bujur"),
        max_digits=9,
        decimal_places=6,
        min_value=-180,
        max_value=180,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            raise ValidationError(
                _(
                    "Koordinat lokasi diperlukan; izinkan akses lokasi di ponsel atau ketik lintang dan bujur."
                )
            )
        return cleaned


class VisitResultForm(forms.Form):
    notes = forms.CharField(
        label=_("Catatan hasil kunjungan"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["photos"] = PhotosField(label=_("Foto lapangan (paling banyak 3)"))
