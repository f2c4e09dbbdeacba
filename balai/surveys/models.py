"""Survey responses (SKM) and the invitations that lead to them.

A response keeps no personal data: the respondent profile is in bands (age, education,
occupation), and the link to the request exists only to allow one answer per request.
Reports aggregate responses and never list them next to a request or a name.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .constants import (
    ELEMENTS,
    HIGHEST_ANSWER,
    LOWEST_ANSWER,
    AgeBand,
    Channel,
    Education,
    Element,
    FollowUpStatus,
    Occupation,
    Sex,
)


def _answer_field(element: Element):
    return models.PositiveSmallIntegerField(element.label)


class SurveyResponseQuerySet(models.QuerySet):
    def in_period(self, start=None, end=None):
        """Responses submitted from `start` (inclusive) to `end` (exclusive)."""
        queryset = self
        if start is not None:
            queryset = queryset.filter(submitted_at__gte=start)
        if end is not None:
            queryset = queryset.filter(submitted_at__lt=end)
        return queryset


class SurveyResponse(models.Model):
    """One respondent's answers to the nine elements (1 … 4 each)."""

    office = models.ForeignKey(
        "offices.Office",
        verbose_name=_("kantor"),
        on_delete=models.PROTECT,
        related_name="survey_responses",
    )
    service = models.ForeignKey(
        "catalog.Service",
        verbose_name=_("layanan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="survey_responses",
    )
    # Only there to refuse a second answer for the same request (unique when set).
    request = models.OneToOneField(
        "cases.ServiceRequest",
        verbose_name=_("permohonan"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="survey_response",
    )
    channel = models.CharField(_("kanal"), max_length=5, choices=Channel.choices)
    submitted_at = models.DateTimeField(_("dikirim"), default=timezone.now)

    age_band = models.CharField(_("umur"), max_length=5, choices=AgeBand.choices, blank=True)
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices, blank=True)
    education = models.CharField(
        _("pendidikan"), max_length=5, choices=Education.choices, blank=True
    )
    occupation = models.CharField(
        _("pekerjaan"), max_length=10, choices=Occupation.choices, blank=True
    )
    comment = models.TextField(_("saran dan masukan"), blank=True)

    persyaratan = _answer_field(Element.PERSYARATAN)
    prosedur = _answer_field(Element.PROSEDUR)
    waktu = _answer_field(Element.WAKTU)
    biaya = _answer_field(Element.BIAYA)
    produk = _answer_field(Element.PRODUK)
    kompetensi = _answer_field(Element.KOMPETENSI)
    perilaku = _answer_field(Element.PERILAKU)
    pengaduan = _answer_field(Element.PENGADUAN)
    sarana = _answer_field(Element.SARANA)

    objects = SurveyResponseQuerySet.as_manager()

    class Meta:
        verbose_name = _("jawaban survei")
        verbose_name_plural = _("jawaban survei")
        indexes = [
            models.Index(fields=["office", "submitted_at"], name="survey_office_period"),
            models.Index(fields=["service", "submitted_at"], name="survey_service_period"),
            models.Index(fields=["submitted_at"], name="survey_submitted"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(**{f"{element}__gte": LOWEST_ANSWER})
                & Q(**{f"{element}__lte": HIGHEST_ANSWER}),
                name=f"survey_{element}_1_4",
            )
            for element in ELEMENTS
        ]

    def __str__(self):
        return f"{self.office} · {self.submitted_at:%Y-%m-%d}"

    def answers(self) -> dict[str, int]:
        return {element: getattr(self, element) for element in ELEMENTS}


class SurveyInvitation(models.Model):
    """The invitation to rate a completed request: a random code, usable once."""

    request = models.OneToOneField(
        "cases.ServiceRequest",
        verbose_name=_("permohonan"),
        on_delete=models.CASCADE,
        related_name="survey_invitation",
    )
    token = models.CharField(_("kode survei"), max_length=16, unique=True)
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now)
    used_at = models.DateTimeField(_("dipakai"), null=True, blank=True)

    class Meta:
        verbose_name = _("undangan survei")
        verbose_name_plural = _("undangan survei")

    def __str__(self):
        return self.token

    @property
    def used(self) -> bool:
        return self.used_at is not None


class SurveyKiosk(models.Model):
    """An office's survey kiosk (a tablet at the counter): answers without invitation.

    Off unless switched on, so that nobody can fill an office's results from outside.
    """

    office = models.OneToOneField(
        "offices.Office",
        verbose_name=_("kantor"),
        on_delete=models.CASCADE,
        related_name="survey_kiosk",
    )
    active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now)

    class Meta:
        verbose_name = _("kios survei")
        verbose_name_plural = _("kios survei")

    def __str__(self):
        return str(self.office)


class FollowUpAction(models.Model):
    """What an office will do about a weak element of its survey results in a year."""

    office = models.ForeignKey(
        "offices.Office",
        verbose_name=_("kantor"),
        on_delete=models.PROTECT,
        related_name="survey_follow_ups",
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    element = models.CharField(_("unsur"), max_length=12, choices=Element.choices)
    action = models.TextField(_("tindak lanjut"))
    owner = models.CharField(
        _("penanggung jawab"),
        max_length=120,
        help_text=_("Jabatan, bukan nama orang, misalnya “Kasi Pelayanan”: rencana ini diumumkan."),
    )
    due_date = models.DateField(_("target selesai"))
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=FollowUpStatus.choices,
        default=FollowUpStatus.PLANNED,
    )
    done_at = models.DateTimeField(_("selesai pada"), null=True, blank=True)
    note = models.TextField(_("catatan"), blank=True)
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dibuat oleh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("rencana tindak lanjut survei")
        verbose_name_plural = _("rencana tindak lanjut survei")
        ordering = ["office", "-year", "due_date", "id"]
        indexes = [models.Index(fields=["office", "year"], name="survey_followup_office_year")]

    def __str__(self):
        return f"{self.office} · {self.year} · {self.get_element_display()}"
