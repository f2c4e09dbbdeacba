from django import forms
from django.utils.translation import gettext_lazy as _

from .constants import Kind
from .models import Region

LOCAL_KIND_CHOICES = [
    (kind.value, kind.label) for kind in (Kind.DUSUN, Kind.LINGKUNGAN, Kind.RW, Kind.RT)
]


class LocalUnitForm(forms.Form):
    """Add a dusun/lingkungan, RW or RT; the rules live in `services.create_local_unit`."""

    parent = forms.ChoiceField(label=_("Berada di bawah"))
    kind = forms.ChoiceField(label=_("Jenis"), choices=LOCAL_KIND_CHOICES)
    number_or_name = forms.CharField(
        label=_("Nomor atau nama"),
        max_length=60,
        help_text=_("RW dan RT: nomor, misalnya 3. Dusun/lingkungan: nomor atau nama."),
    )

    def __init__(self, *args, parents: list[Region], **kwargs):
        super().__init__(*args, **kwargs)
        self.parents = {region.code: region for region in parents}
        self.fields["parent"].choices = [
            (region.code, f"{region} ({region.code})") for region in parents
        ]

    def clean_parent(self) -> Region:
        return self.parents[self.cleaned_data["parent"]]
