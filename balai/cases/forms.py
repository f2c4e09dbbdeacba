"""Forms of the staff pages: the inbox filter, the intake for a citizen, the actions."""

import uuid
from html import escape

from django import forms
from django.contrib.auth import get_user_model
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from balai.catalog.constants import Channel, FileType
from balai.catalog.models import Service
from balai.lib.nik import check_nik, clean_digits
from balai.regions.constants import Level
from balai.regions.models import Region

from . import uploads as upload_checks
from .constants import OPEN_STATUSES, Action, HandoverMethod
from .services import Applicant, Upload
from .workflow import STAFF_ROLES, TRANSITIONS

ACCEPT_ATTRIBUTE = {
    FileType.PDF: ".pdf,application/pdf",
    FileType.JPEG: ".jpg,.jpeg,image/jpeg",
    FileType.PNG: ".png,image/png",
}


def accept_attribute(file_types) -> str:
    return ",".join(ACCEPT_ATTRIBUTE[t] for t in (file_types or FileType.values))


def type_labels(file_types) -> str:
    return "/".join(str(FileType(t).label) for t in (file_types or FileType.values))


def max_megabytes() -> int:
    return upload_checks.MAX_UPLOAD_BYTES // 1048576


def known_region_codes(codes):
    return Region.objects.filter(code__in=codes).values_list("code", flat=True)


class PlainSelect(forms.Select):
    """A `<select>` written out in Python, for flat choice lists only.

    Django renders every option through its widget templates, and `format_html` per option
    is not much cheaper; for the 300 villages of a kabupaten-wide office that was most of
    the inbox page's time.
    """

    def render(self, name, value, attrs=None, renderer=None):
        chosen = set(self.format_value(value))
        options = "".join(
            f'<option value="{escape(str(key))}"{" selected" if str(key) in chosen else ""}>'
            f"{escape(str(label))}</option>"
            for key, label in self.choices
        )
        attributes = flatatt(self.build_attrs(self.attrs, attrs))
        # Every value and label above is escaped; the attributes are escaped by flatatt.
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            attributes,
            mark_safe(options),  # noqa: S308
        )


class CodeChoiceField(forms.ChoiceField):
    """A choice among codes, given as flat (code, label) pairs and checked with a set.

    Django normalizes a field's choices and checks a value by walking them; for the 300
    villages of a kabupaten-wide office both show on the page's time.
    """

    widget = PlainSelect

    def _get_choices(self):
        return self._choices

    def _set_choices(self, value):
        self._choices = self.widget.choices = list(value)
        self._codes = {str(key) for key, _label in self._choices}

    choices = property(_get_choices, _set_choices)

    def valid_value(self, value):
        return str(value) in self._codes


def village_choices(office) -> list[tuple[str, str]]:
    """(code, label) of the active villages in the office's area, in code order.

    Plain rows rather than `Region` instances: the label is `str(region)` ("Desa …"),
    built from one look-up of the kind names instead of one per village.
    """
    kinds = {key: str(label) for key, label in Region._meta.get_field("kind").flatchoices}
    rows = (
        Region.objects.within(office.region_id)
        .filter(level=Level.VILLAGE, active=True)
        .order_by("code")
        .values_list("code", "name", "kind")
    )
    return [(code, f"{kinds.get(kind, kind)} {name}") for code, name, kind in rows]


class InboxFilterForm(forms.Form):
    """The inbox filters; every field is optional and read from the query string.

    Services and villages are plain choices (codes), checked against lists read once per
    page, so filtering costs no query of its own.
    """

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Semua status")), *((s.value, s.label) for s in OPEN_STATUSES)],
        widget=PlainSelect,
    )
    layanan = CodeChoiceField(label=_("Layanan"), required=False)
    kanal = forms.ChoiceField(
        label=_("Kanal"),
        required=False,
        choices=[("", _("Semua kanal")), *Channel.choices],
        widget=PlainSelect,
    )
    desa = CodeChoiceField(label=_("Desa/kelurahan"), required=False)
    terlambat = forms.BooleanField(label=_("Hanya yang terlambat"), required=False)

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        services = list(
            Service.objects.published().order_by("name").values_list("id", "code", "name")
        )
        self.service_ids = {code: pk for pk, code, _name in services}
        self.fields["layanan"].choices = [
            ("", _("Semua layanan")),
            *((code, name) for _pk, code, name in services),
        ]
        villages = village_choices(office)
        self.village_labels = dict(villages)
        self.fields["desa"].choices = [("", _("Semua desa/kelurahan")), *villages]

    def filters(self) -> dict:
        """The cleaned values, empty ones left out (an invalid filter is ignored).

        `layanan` is given as the service's id, `desa` as the village's code.
        """
        if not self.is_valid():
            return {}
        chosen = {key: value for key, value in self.cleaned_data.items() if value}
        if "layanan" in chosen:
            chosen["layanan"] = self.service_ids[chosen["layanan"]]
        return chosen


class RegionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, region):
        # Local units are indented under their village, in code order.
        return "— " * (region.level - Level.VILLAGE) + str(region)


class IntakeForm(forms.Form):
    """A request filed by an officer for a citizen, with its requirements and files."""

    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=40)
    name = forms.CharField(label=_("Nama pemohon (sesuai KTP/KK)"), max_length=150)
    nik = forms.CharField(
        label=_("NIK pemohon"),
        max_length=24,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("16 angka, tertera di KTP-el atau KK."),
    )
    phone = forms.CharField(
        label=_("Nomor ponsel (boleh kosong)"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel"}),
        help_text=_("Untuk pemberitahuan lewat SMS/WhatsApp."),
    )
    email = forms.EmailField(label=_("Surel (boleh kosong)"), required=False)
    address = forms.CharField(label=_("Alamat (jalan, nomor rumah)"), max_length=255)
    region = RegionChoiceField(
        label=_("Desa/kelurahan dan RT/RW"),
        queryset=Region.objects.none(),
        empty_label=_("Pilih wilayah"),
    )
    attachment = forms.FileField(
        label=_("Lampiran lain (boleh kosong)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": accept_attribute(None)}),
    )

    def __init__(self, *args, version, office, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.version = version
        self.nik_warnings: list[str] = []
        self.fields["idempotency_key"].initial = uuid.uuid4().hex
        self.fields["region"].queryset = (
            Region.objects.visible_to(user)
            .within(office.region_id)
            .filter(level__gte=Level.VILLAGE, active=True)
            .order_by("code")
        )
        self.requirements = list(version.requirements.all())
        for requirement in self.requirements:
            self.fields[f"seen_{requirement.pk}"] = forms.BooleanField(
                label=_("Sudah diperiksa"), required=False
            )
            if requirement.upload_allowed:
                self.fields[f"file_{requirement.pk}"] = forms.FileField(
                    label=_("Unggah berkas (%(types)s, paling besar %(mb)s MB)")
                    % {"types": type_labels(requirement.file_types), "mb": max_megabytes()},
                    required=False,
                    widget=forms.ClearableFileInput(
                        attrs={"accept": accept_attribute(requirement.file_types)}
                    ),
                )

    def requirement_rows(self):
        """Each requirement with its checkbox and file field, for the template."""
        for requirement in self.requirements:
            upload = self[f"file_{requirement.pk}"] if requirement.upload_allowed else None
            yield requirement, self[f"seen_{requirement.pk}"], upload

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

    def clean_nik(self):
        result = check_nik(self.cleaned_data["nik"], known_codes=known_region_codes)
        if result.errors:
            raise forms.ValidationError(result.errors)
        self.nik_warnings = result.warnings
        return result.nik

    def clean_phone(self):
        phone = clean_digits(self.cleaned_data["phone"]).replace("+", "")
        if phone and not (phone.isdigit() and 9 <= len(phone) <= 15):
            raise forms.ValidationError(gettext("Nomor ponsel harus 9–15 angka."))
        return phone

    def applicant(self) -> Applicant:
        data = self.cleaned_data
        return Applicant(
            name=data["name"],
            nik=data["nik"],
            address=data["address"],
            region=data["region"],
            phone=data["phone"],
            email=data["email"],
        )

    def checked_requirements(self):
        return [r for r in self.requirements if self.cleaned_data.get(f"seen_{r.pk}")]

    def uploads(self) -> list[Upload]:
        uploads = [
            Upload(file=self.cleaned_data[f"file_{r.pk}"], requirement=r)
            for r in self.requirements
            if r.upload_allowed and self.cleaned_data.get(f"file_{r.pk}")
        ]
        if self.cleaned_data.get("attachment"):
            uploads.append(Upload(file=self.cleaned_data["attachment"]))
        return uploads


def office_staff(office):
    """Active users working requests at the office, for reassigning."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            memberships__office=office,
            memberships__active=True,
            memberships__role__in=STAFF_ROLES,
        )
        .distinct()
        .order_by("full_name", "username")
    )


NOTE_LABELS = {
    Action.RETURN: _("Apa yang perlu dilengkapi pemohon"),
    Action.REJECT: _("Alasan penolakan"),
    Action.CANCEL: _("Alasan pembatalan"),
}


class ActionForm(forms.Form):
    """One action on a request; only the fields that action needs are kept."""

    action = forms.ChoiceField(choices=Action.choices, widget=forms.HiddenInput)
    lock_version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Catatan (boleh kosong)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    output = forms.FileField(label=_("Dokumen hasil (PDF/JPEG/PNG)"))
    handover_method = forms.ChoiceField(
        label=_("Cara penyerahan"),
        choices=HandoverMethod.choices,
        initial=HandoverMethod.PICKUP,
        widget=forms.RadioSelect,
    )
    assignee = forms.ModelChoiceField(
        label=_("Petugas baru"),
        queryset=get_user_model().objects.none(),
        empty_label=_("Pilih petugas"),
    )

    def __init__(self, *args, action, request_obj, **kwargs):
        kwargs.setdefault("auto_id", f"id_{action}_%s")
        kwargs.setdefault("initial", {})
        kwargs["initial"] |= {"action": action, "lock_version": request_obj.lock_version}
        super().__init__(*args, **kwargs)
        self.action = Action(action)
        self.label = self.action.label
        if TRANSITIONS[self.action].needs_note:
            self.fields["note"].required = True
            self.fields["note"].label = NOTE_LABELS.get(self.action, _("Alasan"))
        if self.action != Action.COMPLETE:
            del self.fields["output"]
        if self.action != Action.HAND_OVER:
            del self.fields["handover_method"]
        if self.action == Action.REASSIGN:
            self.fields["assignee"].queryset = office_staff(request_obj.current_office_id)
        else:
            del self.fields["assignee"]

    @property
    def needs_files(self) -> bool:
        return "output" in self.fields

    def perform_arguments(self) -> dict:
        data = self.cleaned_data
        arguments = {"note": data.get("note", ""), "expected_version": data["lock_version"]}
        if data.get("output"):
            arguments["uploads"] = [Upload(file=data["output"])]
        if data.get("handover_method"):
            arguments["handover_method"] = data["handover_method"]
        if data.get("assignee"):
            arguments["assignee"] = data["assignee"]
        return arguments
