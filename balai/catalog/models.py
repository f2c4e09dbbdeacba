from dataclasses import dataclass

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from balai.offices.constants import Agency, OfficeKind

from .constants import PUBLIC_COMPONENTS, Category, Channel, Component, FileType, VersionStatus
from .formatting import fee_text, working_days


@dataclass(frozen=True)
class PublicComponent:
    """One of the six published components, as written or derived from the version's data."""

    key: str
    label: str
    content: str
    derived: bool


class ServiceQuerySet(models.QuerySet):
    def published(self):
        """Services the public can see: active, with a published version."""
        return self.filter(active=True, current_version__isnull=False)

    def for_listing(self):
        """With what a list shows (fee, channels, total time limit) in a fixed number of queries."""
        return self.select_related("current_version").prefetch_related("current_version__steps")

    def for_detail(self):
        """With the current version's components, requirements and steps."""
        return self.select_related("current_version").prefetch_related(
            "current_version__components",
            "current_version__requirements",
            "current_version__steps",
        )


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
                violation_error_message=_("Layanan berbayar wajib mencantumkan dasar hukum biaya."),
            ),
            # At most one draft and one published version per service, even under
            # concurrent edits: the database refuses a second one.
            models.UniqueConstraint(
                fields=["service"],
                condition=models.Q(status=VersionStatus.DRAFT),
                name="serviceversion_one_draft",
                violation_error_message=_("Layanan ini sudah punya draf versi."),
            ),
            models.UniqueConstraint(
                fields=["service"],
                condition=models.Q(status=VersionStatus.PUBLISHED),
                name="serviceversion_one_published",
                violation_error_message=_("Layanan ini sudah punya versi terbit."),
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

    def public_components(self) -> list[PublicComponent]:
        """The six public components in their official order.

        A component written by the administrator wins; otherwise its text is derived from
        the version's requirements, steps, fee and product. Pengaduan cannot be derived:
        when it is missing (or nothing can be derived) the content is empty.
        """
        written = {c.component: c.content for c in self.components.all() if c.content.strip()}
        derived = self._derived_components()
        result = []
        for key in PUBLIC_COMPONENTS:
            content = written.get(key) or derived.get(key, "")
            result.append(
                PublicComponent(
                    key=str(key),
                    label=str(Component(key).label),
                    content=content,
                    derived=key not in written,
                )
            )
        return result

    def _derived_components(self) -> dict[str, str]:
        steps = list(self.steps.all())
        requirements = list(self.requirements.all())
        derived = {
            Component.REQUIREMENTS: "\n".join(
                f"{i}. {r.name}" for i, r in enumerate(requirements, 1)
            ),
            Component.PROCEDURE: "\n".join(
                f"{s.position}. {s.name} ({s.performer_label()}, {working_days(s.time_limit_days)})"
                for s in steps
            ),
            Component.TIME_LIMIT: working_days(self.time_limit_days()) if steps else "",
            Component.FEE: self._fee_component(),
            Component.PRODUCT: self.output_product.strip(),
        }
        return {key: text for key, text in derived.items() if text}

    def _fee_component(self) -> str:
        if self.is_free or not self.fee_legal_basis:
            return fee_text(self.fee_amount)
        return gettext("%(fee)s (dasar hukum: %(basis)s)") % {
            "fee": fee_text(self.fee_amount),
            "basis": self.fee_legal_basis,
        }


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

    def performer_label(self) -> str:
        """Who does the step: the agency's name for agency steps, else the office kind."""
        if self.agency:
            return str(self.get_agency_display())
        return str(self.get_office_kind_display())
