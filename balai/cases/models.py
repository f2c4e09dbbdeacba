import uuid

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from balai.catalog.constants import Channel
from balai.core.models import AppendOnlyModel
from balai.lib.nik import mask
from balai.offices.jurisdiction import jurisdiction_of, region_q

from .constants import (
    OPEN_STATUSES,
    Action,
    Alert,
    DocumentKind,
    EventKind,
    HandoverMethod,
    Status,
    StepStatus,
)


class ServiceRequestQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Requests of villages in the user's area, and requests that pass their offices.

        An agency sees the requests that have a step at one of its offices, not every
        request of the kabupaten it serves.
        """
        jurisdiction = jurisdiction_of(user)
        if jurisdiction.everything:
            return self.all()
        # Only those who work requests at an office (not its RT/RW heads) see them there.
        from .workflow import STAFF_ROLES

        work_offices = {office for office, role in jurisdiction.office_roles if role in STAFF_ROLES}
        at_my_offices = RequestStep.objects.filter(
            request=OuterRef("pk"), office_id__in=work_offices
        )
        # A request waiting at one of the user's offices has a step there: saying so first
        # spares the database the step look-up for every inbox row (PostgreSQL stops at the
        # first true branch of an OR, and the agencies' steps are counted in hundreds of
        # thousands).
        return self.filter(
            region_q("village__code", jurisdiction.without_agencies())
            | Q(current_office_id__in=work_offices)
            | Exists(at_my_offices)
        )

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def inbox(self, office):
        """What waits at an office, the nearest deadline first."""
        return self.filter(current_office=office, status__in=OPEN_STATUSES).order_by(
            "current_due", "id"
        )


class ServiceRequest(models.Model):
    """A citizen's request for a service (permohonan), from intake to hand-over."""

    code = models.CharField(_("kode lacak"), max_length=12, unique=True)
    pin_hash = models.CharField(_("PIN (tersandi)"), max_length=128)
    service = models.ForeignKey(
        "catalog.Service", verbose_name=_("layanan"), on_delete=models.PROTECT
    )
    version = models.ForeignKey(
        "catalog.ServiceVersion", verbose_name=_("versi layanan"), on_delete=models.PROTECT
    )
    channel = models.CharField(_("kanal"), max_length=10, choices=Channel.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    # Bumped by every change; a form or API call that saw an older value is refused (409).
    lock_version = models.PositiveIntegerField(_("versi data"), default=0)

    applicant_name = models.CharField(_("nama pemohon"), max_length=150)
    applicant_nik = models.CharField(_("NIK pemohon"), max_length=16)
    applicant_phone = models.CharField(_("telepon pemohon"), max_length=20, blank=True)
    applicant_email = models.EmailField(_("surel pemohon"), blank=True)
    applicant_address = models.CharField(_("alamat"), max_length=255)
    applicant_region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("wilayah pemohon (sampai RT)"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    village = models.ForeignKey(
        "regions.Region",
        verbose_name=_("desa/kelurahan"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    origin_office = models.ForeignKey(
        "offices.Office",
        verbose_name=_("kantor penerima"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dibuat oleh"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    idempotency_key = models.CharField(max_length=64, null=True, blank=True, unique=True)

    current_step = models.ForeignKey(
        "RequestStep", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    current_office = models.ForeignKey(
        "offices.Office",
        verbose_name=_("kantor saat ini"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    step_count = models.PositiveSmallIntegerField(_("jumlah tahap"), default=0)
    current_due = models.DateField(_("batas tahap ini"), null=True, blank=True)
    due_date = models.DateField(_("batas penyelesaian"), null=True, blank=True)
    returned_from = models.CharField(max_length=12, choices=Status.choices, blank=True)
    returned_at = models.DateTimeField(_("dikembalikan pada"), null=True, blank=True)
    suspended_days = models.PositiveIntegerField(_("hari kerja tertunda"), default=0)

    confirmation_hash = models.CharField(max_length=128, blank=True)
    confirmation_expires_at = models.DateTimeField(null=True, blank=True)
    confirmation_attempts = models.PositiveSmallIntegerField(default=0)

    handover_method = models.CharField(
        _("cara penyerahan"), max_length=10, choices=HandoverMethod.choices, blank=True
    )
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now)
    submitted_at = models.DateTimeField(_("diajukan"), null=True, blank=True)
    completed_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    handed_over_at = models.DateTimeField(_("diserahkan"), null=True, blank=True)
    closed_at = models.DateTimeField(_("ditutup"), null=True, blank=True)

    objects = ServiceRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("permohonan")
        verbose_name_plural = _("permohonan")
        indexes = [
            # The inbox: requests waiting at an office, nearest deadline first (keyset).
            # Status and village ride along so the counts per status are read from the
            # index alone (an agency has tens of thousands of open requests).
            models.Index(
                fields=["current_office", "current_due", "id", "status", "village"],
                name="request_inbox",
                condition=Q(status__in=OPEN_STATUSES),
            ),
            models.Index(fields=["current_office", "status"], name="request_office_status"),
            models.Index(fields=["village", "status"], name="request_village_status"),
            models.Index(fields=["status", "current_due"], name="request_status_due"),
            models.Index(fields=["created_at"], name="request_created"),
            # Reconciling the statistics of a day reads what was submitted or completed.
            models.Index(fields=["submitted_at"], name="request_submitted"),
            models.Index(
                fields=["completed_at"],
                name="request_completed",
                condition=Q(completed_at__isnull=False),
            ),
        ]

    def __str__(self):
        return self.code

    @property
    def masked_nik(self) -> str:
        return mask(self.applicant_nik)

    @property
    def masked_phone(self) -> str:
        return mask(self.applicant_phone, keep_start=4, keep_end=3)

    @property
    def at_last_step(self) -> bool:
        return self.current_step is not None and self.current_step.position == self.step_count


class RequestStep(models.Model):
    """One step of a request's workflow, at a concrete office, with its own deadline."""

    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(_("urutan"))
    name = models.CharField(_("nama"), max_length=150)
    catalog_step = models.ForeignKey("catalog.Step", on_delete=models.PROTECT, related_name="+")
    office = models.ForeignKey(
        "offices.Office", verbose_name=_("kantor"), on_delete=models.PROTECT, related_name="+"
    )
    time_limit_days = models.PositiveSmallIntegerField(_("batas waktu (hari kerja)"))
    status = models.CharField(
        _("status"), max_length=8, choices=StepStatus.choices, default=StepStatus.PENDING
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("petugas"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    started_at = models.DateTimeField(_("mulai"), null=True, blank=True)
    due_date = models.DateField(_("batas"), null=True, blank=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    alert = models.PositiveSmallIntegerField(
        _("peringatan"), choices=Alert.choices, default=Alert.NONE
    )

    class Meta:
        verbose_name = _("tahapan permohonan")
        verbose_name_plural = _("tahapan permohonan")
        ordering = ["request", "position"]
        constraints = [
            models.UniqueConstraint(fields=["request", "position"], name="requeststep_once")
        ]
        indexes = [
            models.Index(fields=["office", "request"], name="requeststep_office"),
            models.Index(
                fields=["due_date"],
                name="requeststep_active_due",
                condition=Q(status="active"),
            ),
            # Reconciling the statistics of a day reads the steps started or finished.
            models.Index(fields=["started_at"], name="requeststep_started"),
            models.Index(
                fields=["finished_at"],
                name="requeststep_finished",
                condition=Q(finished_at__isnull=False),
            ),
        ]

    def __str__(self):
        return f"{self.request.code} {self.position}. {self.name}"


class RequestEvent(AppendOnlyModel):
    """An entry of the request's history. Events are only ever added."""

    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("jenis"), max_length=10, choices=EventKind.choices)
    action = models.CharField(_("tindakan"), max_length=10, choices=Action.choices, blank=True)
    at = models.DateTimeField(_("waktu"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pelaku"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    by_applicant = models.BooleanField(_("oleh pemohon"), default=False)
    office = models.ForeignKey(
        "offices.Office",
        verbose_name=_("kantor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    from_status = models.CharField(_("dari"), max_length=12, choices=Status.choices, blank=True)
    to_status = models.CharField(_("ke"), max_length=12, choices=Status.choices, blank=True)
    step_position = models.PositiveSmallIntegerField(_("tahap"), null=True, blank=True)
    note = models.TextField(_("catatan"), blank=True)
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        verbose_name = _("riwayat permohonan")
        verbose_name_plural = _("riwayat permohonan")
        ordering = ["request", "at", "id"]
        indexes = [models.Index(fields=["request", "at"], name="requestevent_timeline")]

    def __str__(self):
        return f"{self.request_id} {self.kind} {self.action}"


def document_path(instance, filename):
    # A random name: the original name may carry personal data and is kept in the row.
    return f"requests/{timezone.now():%Y/%m}/{uuid.uuid4().hex}"


class RequestDocument(models.Model):
    """A file of a request: a requirement's scan, an attachment, or the output document."""

    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("jenis"), max_length=12, choices=DocumentKind.choices)
    requirement = models.ForeignKey(
        "catalog.Requirement",
        verbose_name=_("persyaratan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    event = models.ForeignKey(
        RequestEvent, on_delete=models.PROTECT, null=True, blank=True, related_name="documents"
    )
    file = models.FileField(_("berkas"), upload_to=document_path)
    original_name = models.CharField(_("nama berkas"), max_length=255)
    content_type = models.CharField(_("jenis isi"), max_length=50)
    size = models.PositiveIntegerField(_("ukuran (bita)"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("diunggah"), default=timezone.now)

    class Meta:
        verbose_name = _("berkas permohonan")
        verbose_name_plural = _("berkas permohonan")
        ordering = ["request", "uploaded_at", "id"]

    def __str__(self):
        return self.original_name


class RequirementCheck(models.Model):
    """Whether the officer saw a requirement (the original or a copy)."""

    request = models.ForeignKey(
        ServiceRequest, on_delete=models.CASCADE, related_name="requirement_checks"
    )
    requirement = models.ForeignKey(
        "catalog.Requirement", on_delete=models.PROTECT, related_name="+"
    )
    seen = models.BooleanField(_("sudah diperiksa"), default=False)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("pemeriksaan persyaratan")
        verbose_name_plural = _("pemeriksaan persyaratan")
        constraints = [
            models.UniqueConstraint(fields=["request", "requirement"], name="requirementcheck_once")
        ]

    def __str__(self):
        return f"{self.request_id} {self.requirement_id}"
