import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from balai.core.models import AppendOnlyModel
from balai.lib.nik import mask
from balai.offices.constants import Agency, Role
from balai.offices.jurisdiction import jurisdiction_of, region_q

from .constants import (
    OPEN_STATUSES,
    Action,
    IntakeChannel,
    Level,
    Limit,
    ReportType,
    Status,
    VisitStatus,
)

# Roles that handle complaints at an office (RT/RW heads handle those of their area).
HANDLER_ROLES = (Role.FRONT_OFFICE, Role.SECTION_HEAD, Role.HEAD, Role.OPERATOR)


class Category(models.Model):
    """A kind of complaint (kategori), with the LAPOR! report type it belongs to."""

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama"), max_length=120)
    description = models.TextField(_("penjelasan"), blank=True)
    report_type = models.CharField(
        _("jenis laporan"), max_length=10, choices=ReportType.choices, default=ReportType.COMPLAINT
    )
    is_hotline = models.BooleanField(
        _("hotline kepala daerah"),
        default=False,
        help_text=_("Langsung ke kantor kepala daerah, tanpa melewati desa atau kecamatan."),
    )
    active = models.BooleanField(_("aktif"), default=True)
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("kategori pengaduan")
        verbose_name_plural = _("kategori pengaduan")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class RoutingRule(models.Model):
    """Where complaints of a category go, for an area (or everywhere when no area is set).

    The rule of the most specific area containing the complaint's location wins; without
    any rule the village office of the location handles it.
    """

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="rules")
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("wilayah berlaku"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("Kosongkan agar berlaku di seluruh wilayah."),
    )
    level = models.PositiveSmallIntegerField(_("ditangani oleh"), choices=Level.choices)
    agency = models.CharField(_("instansi"), max_length=20, choices=Agency.choices, blank=True)
    note = models.CharField(_("catatan"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("aturan penerusan")
        verbose_name_plural = _("aturan penerusan")
        constraints = [
            models.UniqueConstraint(
                fields=["category", "region"], name="routingrule_once_per_area"
            ),
            models.UniqueConstraint(
                fields=["category"],
                condition=Q(region__isnull=True),
                name="routingrule_once_everywhere",
            ),
        ]

    def __str__(self):
        where = self.region or _("seluruh wilayah")
        return f"{self.category} · {where} → {self.get_level_display()}"


class ComplaintQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Complaints located in the user's area, and those handled by their offices."""
        jurisdiction = jurisdiction_of(user)
        if jurisdiction.everything:
            return self.all()
        work_offices = {
            office for office, role in jurisdiction.office_roles if role in HANDLER_ROLES
        }
        return self.filter(
            region_q("region__code", jurisdiction.without_agencies())
            | Q(office_id__in=work_offices)
        )

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def public(self):
        """What the public list, the map and Open311 may show: never confidential content."""
        return self.filter(confidential=False).exclude(status=Status.MERGED)


class Complaint(models.Model):
    """A complaint, an aspiration or a request for information from a citizen."""

    code = models.CharField(_("kode lacak"), max_length=12, unique=True)
    pin_hash = models.CharField(max_length=128)
    category = models.ForeignKey(Category, verbose_name=_("kategori"), on_delete=models.PROTECT)
    channel = models.CharField(_("kanal"), max_length=10, choices=IntakeChannel.choices)
    title = models.CharField(_("judul"), max_length=150)
    text = models.TextField(_("isi laporan"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.RECEIVED
    )
    lock_version = models.PositiveIntegerField(default=0)

    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("lokasi (desa sampai RT)"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    village = models.ForeignKey(
        "regions.Region",
        verbose_name=_("desa/kelurahan"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    address = models.CharField(_("alamat/patokan"), max_length=255, blank=True)
    latitude = models.DecimalField(
        _("lintang"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("bujur"), max_digits=9, decimal_places=6, null=True, blank=True
    )

    reporter_name = models.CharField(_("nama pelapor"), max_length=150, blank=True)
    reporter_phone = models.CharField(_("telepon pelapor"), max_length=20, blank=True)
    reporter_email = models.EmailField(_("surel pelapor"), blank=True)
    anonymous = models.BooleanField(
        _("anonim"),
        default=False,
        help_text=_("Identitas pelapor hanya terlihat oleh kantor verifikator."),
    )
    confidential = models.BooleanField(
        _("rahasia"),
        default=False,
        help_text=_("Isi laporan tidak pernah tampil di halaman publik."),
    )

    level = models.PositiveSmallIntegerField(_("tingkat penanganan"), choices=Level.choices)
    office = models.ForeignKey(
        "offices.Office",
        verbose_name=_("kantor penanggung jawab"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    verifying_office = models.ForeignKey(
        "offices.Office",
        verbose_name=_("kantor verifikator"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit = models.ForeignKey(
        "regions.Region",
        verbose_name=_("RT/RW penanggung jawab"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("petugas"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    limit = models.CharField(
        _("batas berjalan"), max_length=10, choices=Limit.choices, blank=True, default=Limit.NONE
    )
    limit_due = models.DateField(_("jatuh tempo batas"), null=True, blank=True)
    resolve_by = models.DateField(_("harus selesai"), null=True, blank=True)

    follow_up = models.TextField(_("rencana tindak lanjut"), blank=True)
    resolution = models.TextField(_("yang sudah dilakukan"), blank=True)
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    open311_client = models.ForeignKey(
        "Open311Client", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    escalations = models.PositiveSmallIntegerField(_("kali dinaikkan"), default=0)
    reopenings = models.PositiveSmallIntegerField(_("kali dibuka kembali"), default=0)
    received_at = models.DateTimeField(_("diterima"), default=timezone.now)
    verified_at = models.DateTimeField(_("diverifikasi"), null=True, blank=True)
    followed_up_at = models.DateTimeField(_("tindak lanjut dirumuskan"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("selesai ditangani"), null=True, blank=True)
    closed_at = models.DateTimeField(_("ditutup"), null=True, blank=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        verbose_name = _("pengaduan")
        verbose_name_plural = _("pengaduan")
        indexes = [
            models.Index(fields=["office", "status", "limit_due", "id"], name="complaint_worklist"),
            models.Index(fields=["village", "status"], name="complaint_village_status"),
            models.Index(
                fields=["region"], name="complaint_region_prefix", opclasses=["varchar_pattern_ops"]
            ),
            models.Index(fields=["category", "received_at"], name="complaint_category_recent"),
            models.Index(fields=["latitude", "longitude"], name="complaint_point"),
            models.Index(
                fields=["limit_due"],
                name="complaint_limit_running",
                condition=~Q(limit=""),
            ),
            models.Index(fields=["received_at", "id"], name="complaint_received"),
            # Open complaints by location (a village and everything in it): the staff
            # worklist's counts per status read about a fifth of the rows they read without.
            models.Index(
                fields=["region"],
                name="complaint_open_region",
                opclasses=["varchar_pattern_ops"],
                condition=Q(status__in=OPEN_STATUSES),
            ),
            models.Index(fields=["updated_at"], name="complaint_updated"),
        ]

    def __str__(self):
        return self.code

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def masked_phone(self) -> str:
        return mask(self.reporter_phone, keep_start=4, keep_end=3)


class ComplaintEvent(AppendOnlyModel):
    """An entry of the complaint's history. Events are only ever added."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("tindakan"), max_length=10, choices=Action.choices, blank=True)
    at = models.DateTimeField(_("waktu"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    by_reporter = models.BooleanField(_("oleh pelapor"), default=False)
    office = models.ForeignKey(
        "offices.Office", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    from_status = models.CharField(max_length=12, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=Status.choices, blank=True)
    from_level = models.PositiveSmallIntegerField(choices=Level.choices, null=True, blank=True)
    to_level = models.PositiveSmallIntegerField(choices=Level.choices, null=True, blank=True)
    note = models.TextField(_("catatan"), blank=True)
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        verbose_name = _("riwayat pengaduan")
        verbose_name_plural = _("riwayat pengaduan")
        ordering = ["complaint", "at", "id"]
        indexes = [
            models.Index(fields=["complaint", "at"], name="complaintevent_timeline"),
            # Reconciling the statistics of a day reads that day's events.
            models.Index(fields=["at"], name="complaintevent_at"),
        ]

    def __str__(self):
        return f"{self.complaint_id} {self.action}"


def photo_path(instance, filename):
    return f"complaints/{timezone.now():%Y/%m}/{uuid.uuid4().hex}"


class FieldVisit(models.Model):
    """An officer going to the location: planned, then recorded on site from a phone."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="visits")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("petugas"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_date = models.DateField(_("tanggal kunjungan"))
    status = models.CharField(
        _("status"), max_length=10, choices=VisitStatus.choices, default=VisitStatus.PLANNED
    )
    arrived_at = models.DateTimeField(_("tiba"), null=True, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    notes = models.TextField(_("catatan lapangan"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("kunjungan lapangan")
        verbose_name_plural = _("kunjungan lapangan")
        ordering = ["complaint", "due_date", "id"]
        indexes = [models.Index(fields=["assignee", "status", "due_date"], name="visit_worklist")]

    def __str__(self):
        return f"{self.complaint.code} {self.due_date}"


class ComplaintPhoto(models.Model):
    """A photo from the reporter (at most three) or from a field visit."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="photos")
    visit = models.ForeignKey(
        FieldVisit, on_delete=models.CASCADE, null=True, blank=True, related_name="photos"
    )
    file = models.FileField(upload_to=photo_path)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("foto pengaduan")
        verbose_name_plural = _("foto pengaduan")
        ordering = ["complaint", "uploaded_at", "id"]

    def __str__(self):
        return f"{self.complaint_id} foto {self.pk}"


class Open311Client(models.Model):
    """A registered application that may post requests through Open311 with its API key."""

    name = models.CharField(_("nama aplikasi"), max_length=120)
    contact = models.CharField(_("kontak"), max_length=200, blank=True)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=12)
    active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("klien Open311")
        verbose_name_plural = _("klien Open311")

    def __str__(self):
        return self.name
