from django import forms
from django.utils.translation import gettext_lazy as _

from .constants import ELEMENTS, QUESTIONS, AgeBand, Education, Element, Occupation, Sex
from .services import PROFILE_FIELDS


def _optional(choices, label):
    return forms.ChoiceField(
        label=label,
        choices=[("", _("Tidak ingin menjawab")), *choices],
        required=False,
        widget=forms.RadioSelect,
    )


class SurveyForm(forms.Form):
    """The nine questions (answers 1 … 4), the optional profile and a comment."""

    age_band = _optional(AgeBand.choices, _("Umur"))
    sex = _optional(Sex.choices, _("Jenis kelamin"))
    education = _optional(Education.choices, _("Pendidikan terakhir"))
    occupation = _optional(Occupation.choices, _("Pekerjaan utama"))
    comment = forms.CharField(
        label=_("Saran dan masukan (boleh dikosongkan)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Jangan menuliskan nama, NIK atau nomor telepon."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for position, key in enumerate(ELEMENTS, start=1):
            question, answers = QUESTIONS[key]
            self.fields[key] = forms.TypedChoiceField(
                label=f"{position}. {question}",
                help_text=Element(key).label,
                choices=[(value, label) for value, label in enumerate(answers, start=1)],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Mohon pilih salah satu jawaban.")},
            )

    def question_fields(self):
        return [self[key] for key in ELEMENTS]

    def profile_fields(self):
        return [self[name] for name in PROFILE_FIELDS]

    def answers(self) -> dict[str, int]:
        return {key: self.cleaned_data[key] for key in ELEMENTS}

    def profile(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in PROFILE_FIELDS}
