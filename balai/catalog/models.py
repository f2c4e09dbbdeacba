from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from balai.offices.constants import Agency, OfficeKind

from .constants import PUBLIC_COMPONENTS, Category, Channel, Component, FileType, VersionStatus


class ServiceQuerySet(models.QuerySet):
    def published(self):
        """Services the public can see: active, with a published version."""
        return self.filter(active=True, current_version__isnull=False)


class Service(models.Model):
    """A kind of service (jenis layanan). Its content lives in versions.

    A request keeps the version it started with, so changing a service that requests
    already use creates a new version instead of editing the old one.
    """

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama"), max_length=150)
    category = models.CharField(_("kelompok"), max_length=12, choices=Category.choices)
    current_version = models.OneToOneField(
        "ServiceVersion",
        verbose_name=_("versi berlaku"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("layanan")
        verbose_name_plural = _("layanan")
        ordering = ["category", "name"]
        indexes = [models.Index(fields=["active", "category", "name"], name="service_listing")]

    def __str__(self):
        return self.name


class ServiceVersion(models.Model):
    """One version of a service's Standar Pelayanan, requirements, steps and fee."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("nomor versi"))
    status = models.CharField(
        _("status"), max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    description = models.TextField(_("uraian"), blank=True)
    fee_amount = models.PositiveIntegerField(
        _("biaya (Rp)"), default=0, help_text=_("0 berarti gratis.")
    )
    fee_legal_basis = models.CharField(
        _("dasar hukum biaya"),
        max_length=255,
        blank=True,
        help_text=_("Wajib bila layanan berbayar."),
    )
    output_product = models.CharField(_("produk layanan"), max_length=255)
    via_counter = models.BooleanField(Channel.COUNTER.label, default=True)
    via_assisted = models.BooleanField(Channel.ASSISTED.label, default=True)
    via_online = models.BooleanField(Channel.ONLINE.label, default=False)
    via_outreach = models.BooleanField(Channel.OUTREACH.label, default=False)
    in_use_since = models.DateTimeField(
        _("dipakai sejak"),
        null=True,
        blank=True,
        help_text=_("Sejak permohonan pertama memakai versi ini; setelah itu isinya tetap."),
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    published_at = models.DateTimeField(_("diterbitkan"), null=True, blank=True)

    class Meta:
        verbose_name = _("versi layanan")
        verbose_name_plural = _("versi layanan")
        ordering = ["service", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["service", "number"], name="serviceversion_number"),
            models.CheckConstraint(
                condition=models.Q(fee_amount=0) | ~models.Q(fee_legal_basis=""),
                name="serviceversion_fee_has_basis",
            ),
        ]

    def __str__(self):
        return f"{self.service} v{self.number}"

    @property
    def is_free(self) -> bool:
        return self.fee_amount == 0

    @property
    def is_locked(self) -> bool:
        """A version in use, or no longer current, keeps its content."""
        return self.in_use_since is not None or self.status == VersionStatus.RETIRED

    @property
    def channels(self) -> list[str]:
        flags = {
            Channel.COUNTER: self.via_counter,
            Channel.ASSISTED: self.via_assisted,
            Channel.ONLINE: self.via_online,
            Channel.OUTREACH: self.via_outreach,
        }
        return [channel for channel, allowed in flags.items() if allowed]

    def time_limit_days(self) -> int:
        """Total time limit: the sum of the steps' limits, in working days."""
        return sum(step.time_limit_days for step in self.steps.all())


class StandardComponent(models.Model):
    """The text of one of the 14 Standar Pelayanan components for a version."""

    version = models.ForeignKey(ServiceVersion, on_delete=models.CASCADE, related_name="components")
    component = models.CharField(_("komponen"), max_length=20, choices=Component.choices)
    content = models.TextField(_("isi"))

    class Meta:
        verbose_name = _("komponen standar pelayanan")
        verbose_name_plural = _("komponen standar pelayanan")
        constraints = [
            models.UniqueConstraint(fields=["version", "component"], name="component_once")
        ]

    def __str__(self):
        return self.get_component_display()

    @property
    def is_public(self) -> bool:
        return self.component in PUBLIC_COMPONENTS


def default_file_types() -> list[str]:
    return [FileType.PDF, FileType.JPEG, FileType.PNG]


class Requirement(models.Model):
    """A document or condition the applicant must bring (persyaratan)."""

    version = models.ForeignKey(
        ServiceVersion, on_delete=models.CASCADE, related_name="requirements"
    )
    position = models.PositiveSmallIntegerField(_("urutan"), default=1)
    name = models.CharField(_("nama"), max_length=200)
    explanation = models.TextField(_("penjelasan"), blank=True)
    mandatory = models.BooleanField(_("wajib"), default=True)
    original_required = models.BooleanField(_("tunjukkan asli"), default=False)
    upload_allowed = models.BooleanField(_("boleh diunggah"), default=True)
    file_types = models.JSONField(_("jenis berkas"), default=default_file_types, blank=True)

    class Meta:
        verbose_name = _("persyaratan")
        verbose_name_plural = _("persyaratan")
        ordering = ["version", "position", "id"]

    def __str__(self):
        return self.name


class Step(models.Model):
    """A step of the service's workflow, done by an office of the named kind."""

    version = models.ForeignKey(ServiceVersion, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(_("urutan"), default=1)
    name = models.CharField(_("nama"), max_length=150)
    description = models.TextField(_("uraian"), blank=True)
    office_kind = models.CharField(
        _("jenis kantor pelaksana"), max_length=12, choices=OfficeKind.choices
    )
    agency = models.CharField(
        _("instansi"),
        max_length=20,
        choices=Agency.choices,
        blank=True,
        help_text=_("Untuk langkah di dinas/instansi."),
    )
    time_limit_days = models.PositiveSmallIntegerField(
        _("batas waktu (hari kerja)"), validators=[MinValueValidator(1)]
    )

    class Meta:
        verbose_name = _("tahapan")
        verbose_name_plural = _("tahapan")
        ordering = ["version", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "position"], name="step_position_once"),
            models.CheckConstraint(
                condition=models.Q(time_limit_days__gte=1), name="step_limit_positive"
            ),
        ]

    def __str__(self):
        return f"{self.position}. {self.name}"
