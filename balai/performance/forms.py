from django import forms
from django.utils.translation import gettext_lazy as _

from balai.offices.models import Office

SCORE_CHOICES = [("", "—")] + [(str(n), str(n)) for n in range(0, 6)]


class StartForm(forms.Form):
    office = forms.ModelChoiceField(label=_("Kantor"), queryset=Office.objects.none())
    year = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100)

    def __init__(self, *args, offices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices if offices is not None else Office.objects.none()


class EvidenceForm(forms.Form):
    indicator = forms.IntegerField(widget=forms.HiddenInput)
    description = forms.CharField(label=_("Keterangan bukti"), max_length=255)
    file = forms.FileField(
        label=_("Berkas (PDF, JPEG atau PNG)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )
    url = forms.URLField(
        label=_("atau tautan"), required=False, max_length=500, assume_scheme="https"
    )
