"""Rollups per office, service (or complaint category) and day, plus the same per month.

Written by `rollups` as events happen and reconciled nightly from the raw tables; read by
dashboards, the daily report and the public pages, which therefore never scan requests,
complaints or survey responses. Each row copies its office's region code so a drill-down
(kabupaten → kecamatan → village) groups by a prefix of one column, without a join.
"""

import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.translation import gettext_lazy as _

from balai.offices.models import Office

from .constants import Grain


def _count(label):
    return models.PositiveIntegerField(label, default=0)


class RollupQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(office__in=Office.objects.visible_to(user))

    def daily(self, first, last):
        return self.filter(grain=Grain.DAY, day__range=(first, last))

    def monthly(self, first, last):
        return self.filter(grain=Grain.MONTH, day__range=(first, last))


class Rollup(models.Model):
    grain = models.CharField(_("rentang"), max_length=5, choices=Grain.choices)
    day = models.DateField(_("tanggal"), help_text=_("Hari itu, atau tanggal 1 bulannya."))
    office = models.ForeignKey(Office, verbose_name=_("kantor"), on_delete=models.CASCADE)
    region = models.CharField(_("kode wilayah kantor"), max_length=40)

    objects = RollupQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self._meta.verbose_name} {self.office_id} {self.grain} {self.day}"


class RequestStat(Rollup):
    """Service requests: taken in and finished at the office that took them in (the desk the
    citizen deals with), and the steps each office worked on along the way."""

    service = models.ForeignKey(
        "catalog.Service", verbose_name=_("layanan"), on_delete=models.CASCADE, related_name="+"
    )
    received = _count(_("diterima"))
    completed = _count(_("selesai"))
    on_time = _count(_("selesai tepat waktu"))
    late = _count(_("selesai terlambat"))
    duration_days = models.PositiveBigIntegerField(_("jumlah hari kerja proses"), default=0)
    steps_received = _count(_("tahap masuk"))
    steps_done = _count(_("tahap selesai"))
    steps_late = _count(_("tahap terlambat"))

    class Meta:
        verbose_name = _("statistik permohonan")
        verbose_name_plural = _("statistik permohonan")
        constraints = [
            models.UniqueConstraint(
                fields=["grain", "day", "office", "service"], name="requeststat_key"
            )
        ]
        indexes = [
            models.Index(fields=["grain", "day", "region"], name="requeststat_period"),
        ]


class RequestDuration(Rollup):
    """How many requests took exactly `days` working days: the p90 comes from these."""

    service = models.ForeignKey(
        "catalog.Service", verbose_name=_("layanan"), on_delete=models.CASCADE, related_name="+"
    )
    days = models.PositiveIntegerField(_("hari kerja"))
    requests = _count(_("permohonan"))

    class Meta:
        verbose_name = _("sebaran lama proses")
        verbose_name_plural = _("sebaran lama proses")
        constraints = [
            models.UniqueConstraint(
                fields=["grain", "day", "office", "service", "days"], name="requestduration_key"
            )
        ]
        indexes = [
            models.Index(fields=["grain", "day", "region"], name="requestduration_period"),
        ]


class ComplaintStat(Rollup):
    """Complaints, counted at the office that acted; time limits of SP4N-LAPOR!."""

    category = models.ForeignKey(
        "complaints.Category",
        verbose_name=_("kategori"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    received = _count(_("diterima"))
    verified = _count(_("diverifikasi"))
    verified_in_time = _count(_("diverifikasi tepat waktu"))
    verify_days = models.PositiveBigIntegerField(_("jumlah hari kerja verifikasi"), default=0)
    followed_up = _count(_("ditindaklanjuti"))
    followed_up_in_time = _count(_("ditindaklanjuti tepat waktu"))
    follow_up_days = models.PositiveBigIntegerField(_("jumlah hari kerja tindak lanjut"), default=0)
    resolved = _count(_("selesai"))
    reopened = _count(_("dibuka kembali"))

    class Meta:
        verbose_name = _("statistik pengaduan")
        verbose_name_plural = _("statistik pengaduan")
        constraints = [
            models.UniqueConstraint(
                fields=["grain", "day", "office", "category"], name="complaintstat_key"
            )
        ]
        indexes = [
            models.Index(fields=["grain", "day", "region"], name="complaintstat_period"),
        ]


class SurveyStat(Rollup):
    """Survey answers summed per element: the IKM of any set of rows comes from the sums."""

    # Not a foreign key: kiosk answers name no service (NO_SERVICE), and a unique key with
    # NULL in it would not stop duplicates.
    service_key = models.PositiveIntegerField(_("layanan"), default=0)
    respondents = _count(_("responden"))
    persyaratan = _count(_("jumlah nilai persyaratan"))
    prosedur = _count(_("jumlah nilai prosedur"))
    waktu = _count(_("jumlah nilai waktu"))
    biaya = _count(_("jumlah nilai biaya"))
    produk = _count(_("jumlah nilai produk"))
    kompetensi = _count(_("jumlah nilai kompetensi"))
    perilaku = _count(_("jumlah nilai perilaku"))
    pengaduan = _count(_("jumlah nilai pengaduan"))
    sarana = _count(_("jumlah nilai sarana"))

    class Meta:
        verbose_name = _("statistik survei")
        verbose_name_plural = _("statistik survei")
        constraints = [
            models.UniqueConstraint(
                fields=["grain", "day", "office", "service_key"], name="surveystat_key"
            )
        ]
        indexes = [
            models.Index(fields=["grain", "day", "region"], name="surveystat_period"),
        ]


class QueueStat(Rollup):
    """The queue's office figures (`queues.DailyQueueStat`, scope "office") per day, month
    and year, so a year's dashboard reads one row per office instead of one per day."""

    tickets = _count(_("tiket"))
    served = _count(_("dilayani"))
    # Mean wait × tickets served, as the day's figures give it: the means of several days
    # combine weighted by what each day served.
    wait_seconds = models.PositiveBigIntegerField(_("jumlah detik tunggu"), default=0)

    class Meta:
        verbose_name = _("statistik antrean")
        verbose_name_plural = _("statistik antrean")
        constraints = [
            models.UniqueConstraint(fields=["grain", "day", "office"], name="queuestat_key")
        ]
        indexes = [models.Index(fields=["grain", "day", "region"], name="queuestat_period")]


class BacklogStat(models.Model):
    """Open requests waiting at an office at the start of a day, by age in working days."""

    day = models.DateField(_("tanggal"))
    office = models.ForeignKey(Office, verbose_name=_("kantor"), on_delete=models.CASCADE)
    region = models.CharField(_("kode wilayah kantor"), max_length=40)
    service = models.ForeignKey(
        "catalog.Service", verbose_name=_("layanan"), on_delete=models.CASCADE, related_name="+"
    )
    open = _count(_("terbuka"))
    overdue = _count(_("lewat batas"))
    age_0_5 = _count(_("0–5 hari kerja"))
    age_6_10 = _count(_("6–10 hari kerja"))
    age_11_20 = _count(_("11–20 hari kerja"))
    age_over_20 = _count(_("lebih dari 20 hari kerja"))

    objects = RollupQuerySet.as_manager()

    class Meta:
        verbose_name = _("tunggakan permohonan")
        verbose_name_plural = _("tunggakan permohonan")
        constraints = [
            models.UniqueConstraint(fields=["day", "office", "service"], name="backlogstat_key")
        ]
        indexes = [models.Index(fields=["day", "region"], name="backlogstat_day_region")]

    def __str__(self):
        return f"{self._meta.verbose_name} {self.office_id} {self.day}"


class PrivateStorage(FileSystemStorage):
    """Files outside MEDIA_ROOT with no URL: only a view that checks the reader hands them out.

    The folder is read from settings on each use, so a changed setting (tests) takes effect.
    """

    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return str(settings.PRIVATE_MEDIA_ROOT)

    def url(self, name):
        raise ValueError("private files have no public address")


def private_storage():
    return PrivateStorage()


def daily_report_path(instance, filename):
    # A fresh name on every rewrite: a download in progress keeps reading the old file.
    return f"daily-reports/{instance.day:%Y/%m}/{instance.office_id}-{uuid.uuid4().hex}.pdf"


class DailyReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(office__in=Office.objects.visible_to(user))


class DailyReport(models.Model):
    """The daily report (laporan harian) of one office for one day, as an archived PDF.

    Regenerating the same day rewrites this row and its file; `sent_at` is when it was
    handed to the outbox for the office's head, which happens once per office and day.
    """

    office = models.ForeignKey(
        Office, verbose_name=_("kantor"), on_delete=models.CASCADE, related_name="daily_reports"
    )
    day = models.DateField(_("tanggal"))
    pdf = models.FileField(
        _("berkas PDF"), upload_to=daily_report_path, storage=private_storage, max_length=200
    )
    sha256 = models.CharField(max_length=64, blank=True)
    generated_at = models.DateTimeField(_("dibuat pada"))
    sent_at = models.DateTimeField(_("dikirim pada"), null=True, blank=True)

    objects = DailyReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("laporan harian")
        verbose_name_plural = _("laporan harian")
        ordering = ["-day", "office__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["office", "day"], name="dailyreport_office_day")
        ]

    def __str__(self):
        return f"{self._meta.verbose_name} {self.office_id} {self.day}"
