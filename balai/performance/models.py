"""PEKPPP self-assessment: the editable framework (aspects, indicators, category bands) and
each office's yearly assessment with its scores and evidence."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from balai.offices.models import Office

from .constants import MAX_SCORE, MIN_SCORE, AutoSource, Status
from .pekppp import Band

PERCENT_VALIDATORS = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]
SCORE_VALIDATORS = [MinValueValidator(Decimal(MIN_SCORE)), MaxValueValidator(Decimal(MAX_SCORE))]


class Aspect(models.Model):
    """One of the six aspects of PEKPPP with its weight in the index."""

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama"), max_length=150)
    weight = models.DecimalField(
        _("bobot (%)"), max_digits=5, decimal_places=2, validators=PERCENT_VALIDATORS
    )
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("aspek PEKPPP")
        verbose_name_plural = _("aspek PEKPPP")
        ordering = ["position", "code"]

    def __str__(self):
        return self.name


class Indicator(models.Model):
    """An indicator scored 0–5, weighing a share of its aspect."""

    aspect = models.ForeignKey(
        Aspect, verbose_name=_("aspek"), on_delete=models.PROTECT, related_name="indicators"
    )
    code = models.SlugField(_("kode"), max_length=60, unique=True)
    name = models.CharField(_("nama"), max_length=255)
    guidance = models.TextField(_("panduan penilaian"), blank=True)
    weight = models.DecimalField(
        _("bobot dalam aspek (%)"), max_digits=5, decimal_places=2, validators=PERCENT_VALIDATORS
    )
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)
    auto_source = models.CharField(
        _("sumber otomatis"),
        max_length=40,
        choices=AutoSource.choices,
        blank=True,
        help_text=_("Bila Balai dapat membuktikan sendiri nilai indikator ini."),
    )
    verified = models.BooleanField(
        _("sesuai lampiran peraturan"),
        default=False,
        help_text=_("Kosong berarti indikator/bobot bawaan yang belum dicocokkan dengan lampiran."),
    )
    active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("indikator PEKPPP")
        verbose_name_plural = _("indikator PEKPPP")
        ordering = ["aspect__position", "position", "code"]

    def __str__(self):
        return self.name


class CategoryBandQuerySet(models.QuerySet):
    def as_bands(self) -> list[Band]:
        return [Band(b.low, b.high, b.code, b.label) for b in self.order_by("-low")]


class CategoryBand(models.Model):
    """A category of the index (e.g. 4.51–5.00 A Pelayanan Prima), editable by the admin."""

    low = models.DecimalField(_("batas bawah"), max_digits=3, decimal_places=2)
    high = models.DecimalField(_("batas atas"), max_digits=3, decimal_places=2)
    code = models.CharField(_("kategori"), max_length=4, unique=True)
    label = models.CharField(_("predikat"), max_length=60)

    objects = CategoryBandQuerySet.as_manager()

    class Meta:
        verbose_name = _("kategori indeks")
        verbose_name_plural = _("kategori indeks")
        ordering = ["-low"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(high__gte=models.F("low")), name="categoryband_high_after_low"
            )
        ]

    def __str__(self):
        return f"{self.code} {self.label} ({self.low}–{self.high})"

    def clean(self):
        if self.low is not None and self.high is not None and self.high < self.low:
            raise ValidationError({"high": _("Batas atas harus tidak kurang dari batas bawah.")})


class AssessmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(office__in=Office.objects.visible_to(user))


class Assessment(models.Model):
    """An office's PEKPPP self-assessment for one year."""

    office = models.ForeignKey(
        Office, verbose_name=_("kantor"), on_delete=models.PROTECT, related_name="assessments"
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    index = models.DecimalField(_("indeks"), max_digits=3, decimal_places=2, null=True, blank=True)
    category_code = models.CharField(_("kategori"), max_length=4, blank=True)
    category_label = models.CharField(_("predikat"), max_length=60, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("dikirim"), null=True, blank=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("penilaian mandiri PEKPPP")
        verbose_name_plural = _("penilaian mandiri PEKPPP")
        ordering = ["-year", "office__name"]
        constraints = [
            models.UniqueConstraint(fields=["office", "year"], name="assessment_office_year")
        ]

    def __str__(self):
        return f"PEKPPP {self.office} {self.year}"

    @property
    def is_submitted(self) -> bool:
        return self.status == Status.SUBMITTED


class IndicatorScore(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(
        _("nilai"), max_digits=3, decimal_places=2, validators=SCORE_VALIDATORS
    )
    note = models.TextField(_("catatan"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        verbose_name = _("nilai indikator")
        verbose_name_plural = _("nilai indikator")
        ordering = ["assessment", "indicator__aspect__position", "indicator__position"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "indicator"], name="indicatorscore_once"),
            models.CheckConstraint(
                condition=models.Q(score__gte=MIN_SCORE, score__lte=MAX_SCORE),
                name="indicatorscore_0_to_5",
            ),
        ]

    def __str__(self):
        return f"{self.indicator} = {self.score}"


def evidence_path(instance, filename):
    return f"performance/{timezone.now():%Y/%m}/{uuid.uuid4().hex}"


class Evidence(models.Model):
    """A document, photo or link that backs an indicator's score."""

    score = models.ForeignKey(IndicatorScore, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("berkas"), upload_to=evidence_path, blank=True)
    content_type = models.CharField(max_length=50, blank=True)
    size = models.PositiveIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    url = models.URLField(_("tautan"), max_length=500, blank=True)
    description = models.CharField(_("keterangan"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("diunggah"), default=timezone.now)

    class Meta:
        verbose_name = _("bukti dukung")
        verbose_name_plural = _("bukti dukung")
        ordering = ["score", "uploaded_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(file="") | ~models.Q(url=""), name="evidence_file_or_link"
            )
        ]

    def __str__(self):
        return self.description
