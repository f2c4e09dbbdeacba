from django import forms
from django.utils.translation import gettext_lazy as _

from .constants import Weekday
from .models import Office

# Two periods a day (a break at noon) across the week is the most an office needs.
MAX_PERIODS = 14
TIME_FORMAT = "%H:%M"
TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format=TIME_FORMAT)


class OfficeProfileForm(forms.ModelForm):
    """The public profile an office keeps up to date itself."""

    class Meta:
        model = Office
        fields = ["address", "phone", "whatsapp", "email", "maklumat"]
        widgets = {
            "address": forms.Textarea(attrs={"rows": 3}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "whatsapp": forms.TextInput(attrs={"type": "tel"}),
            "maklumat": forms.Textarea(attrs={"rows": 6}),
        }


class OpeningPeriodForm(forms.Form):
    # An empty first choice, so an untouched spare row is not read as Monday.
    weekday = forms.TypedChoiceField(
        label=_("Hari"), choices=[("", "—"), *Weekday.choices], coerce=int, empty_value=None
    )
    opens = forms.TimeField(label=_("Buka"), widget=TIME_WIDGET)
    closes = forms.TimeField(label=_("Tutup"), widget=TIME_WIDGET)

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("opens"), cleaned.get("closes")
        if opens and closes and closes <= opens:
            self.add_error("closes", _("Jam tutup harus sesudah jam buka."))
        return cleaned


OpeningHoursFormSet = forms.formset_factory(
    OpeningPeriodForm, extra=2, can_delete=True, max_num=MAX_PERIODS, validate_max=True
)


def hours_initial(office: Office) -> list[dict]:
    return [
        {"weekday": period.weekday, "opens": period.opens, "closes": period.closes}
        for period in office.hours.order_by("weekday", "opens")
    ]


def hours_from(formset) -> list[dict]:
    """The periods kept in a valid formset: filled in and not marked for deletion."""
    return [
        {key: form.cleaned_data[key] for key in ("weekday", "opens", "closes")}
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]
