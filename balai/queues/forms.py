from django import forms
from django.utils.translation import gettext_lazy as _

from .constants import Priority


class TicketForm(forms.Form):
    """Taking a number at the kiosk or at the officer's desk."""

    group = forms.TypedChoiceField(label=_("Layanan"), coerce=int)
    priority = forms.ChoiceField(
        label=_("Perlu didahulukan?"),
        choices=Priority.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    phone = forms.CharField(
        label=_("Nomor HP (tidak wajib, untuk pesan saat hampir giliran)"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel"}),
    )

    def __init__(self, *args, groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = [(g.id, str(g)) for g in groups]


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("Kode pemesanan"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off"}),
    )


class TransferForm(forms.Form):
    to_desk = forms.TypedChoiceField(
        label=_("Ke loket"), coerce=int, required=False, empty_value=None
    )
    to_group = forms.TypedChoiceField(
        label=_("Atau ke layanan"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, desks=(), groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_desk"].choices = [("", "—"), *((d.id, d.name) for d in desks)]
        self.fields["to_group"].choices = [("", "—"), *((g.id, str(g)) for g in groups)]


class BookingForm(forms.Form):
    slot = forms.TypedChoiceField(label=_("Jadwal"), coerce=int, widget=forms.RadioSelect)
    service = forms.TypedChoiceField(
        label=_("Keperluan"), coerce=int, required=False, empty_value=None
    )
    name = forms.CharField(label=_("Nama panggilan (tidak wajib)"), max_length=100, required=False)
    phone = forms.CharField(
        label=_("Nomor HP (tidak wajib, untuk pengingat)"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel"}),
    )

    def __init__(self, *args, slots=(), services=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].choices = [
            (s.id, f"{s.starts:%H.%M}–{s.ends:%H.%M} ({s.remaining})") for s in slots
        ]
        self.fields["service"].choices = [("", "—"), *((s.id, s.name) for s in services)]


class FindForm(forms.Form):
    code = forms.CharField(label=_("Kode tiket atau kode pemesanan"), max_length=20)
