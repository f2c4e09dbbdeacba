"""Queues at the office door: counters (loket), service groups with their ticket prefix,
tickets numbered per office, prefix and day, booked slots, and the daily statistics.

Every queryset is scoped by `visible_to(user)` through the office the row belongs to.
State changes go through `services.py`.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from balai.lib import codes
from balai.offices.models import Office

from .constants import (
    DEFAULT_EARLY_CHECK_IN,
    DEFAULT_LATE_GRACE,
    DEFAULT_MAX_CALLS,
    DEFAULT_NEARLY_TURN,
    Action,
    BookingStatus,
    Priority,
    Source,
    StatScope,
    TicketStatus,
)


class OfficeScopedQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(office__in=Office.objects.visible_to(user))


class QueueSettings(models.Model):
    """An office's queue rules; an office without a row uses the defaults."""

    office = models.OneToOneField(Office, on_delete=models.CASCADE, related_name="queue_settings")
    max_calls = models.PositiveSmallIntegerField(
        _("panggilan sebelum dianggap tidak hadir"), default=DEFAULT_MAX_CALLS
    )
    nearly_turn = models.PositiveSmallIntegerField(
        _("kirim pesan saat tinggal … antrean di depan"), default=DEFAULT_NEARLY_TURN
    )
    early_check_in_minutes = models.PositiveSmallIntegerField(
        _("boleh lapor hadir … menit sebelum jadwal"),
        default=int(DEFAULT_EARLY_CHECK_IN.total_seconds() // 60),
    )
    late_grace_minutes = models.PositiveSmallIntegerField(
        _("toleransi terlambat (menit)"), default=int(DEFAULT_LATE_GRACE.total_seconds() // 60)
    )

    objects = OfficeScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("pengaturan antrean")
        verbose_name_plural = _("pengaturan antrean")

    def __str__(self):
        return str(self.office)


class ServiceGroup(models.Model):
    """Services that share one line and one ticket prefix at an office (e.g. A = kependudukan)."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="queue_groups")
    name = models.CharField(_("nama"), max_length=100)
    prefix = models.CharField(
        _("awalan nomor"), max_length=3, help_text=_("Huruf di depan nomor antrean, misalnya A.")
    )
    services = models.ManyToManyField(
        "catalog.Service", verbose_name=_("layanan"), blank=True, related_name="queue_groups"
    )
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)
    bookable = models.BooleanField(_("bisa dipesan online"), default=True)
    active = models.BooleanField(_("aktif"), default=True)

    objects = OfficeScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("kelompok layanan antrean")
        verbose_name_plural = _("kelompok layanan antrean")
        ordering = ["office", "position", "prefix"]
        constraints = [
            models.UniqueConstraint(fields=["office", "prefix"], name="queuegroup_prefix_once")
        ]

    def __str__(self):
        return f"{self.prefix} · {self.name}"


class Desk(models.Model):
    """A counter (loket) where an officer calls tickets of the groups it serves."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="desks")
    name = models.CharField(_("nama"), max_length=60, help_text=_("Misalnya Loket 1."))
    groups = models.ManyToManyField(
        ServiceGroup, verbose_name=_("kelompok layanan"), related_name="desks"
    )
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)
    active = models.BooleanField(_("aktif"), default=True)

    objects = OfficeScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("loket")
        verbose_name_plural = _("loket")
        ordering = ["office", "position", "name"]
        constraints = [models.UniqueConstraint(fields=["office", "name"], name="desk_name_once")]

    def __str__(self):
        return self.name


class BookingSlot(models.Model):
    """A time window on one day in which `capacity` citizens may book a service group."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="booking_slots")
    group = models.ForeignKey(ServiceGroup, on_delete=models.CASCADE, related_name="slots")
    day = models.DateField(_("tanggal"))
    starts = models.TimeField(_("mulai"))
    ends = models.TimeField(_("selesai"))
    capacity = models.PositiveSmallIntegerField(_("kapasitas"))
    booked = models.PositiveSmallIntegerField(_("terpesan"), default=0)

    objects = OfficeScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("slot pemesanan")
        verbose_name_plural = _("slot pemesanan")
        ordering = ["day", "starts", "group"]
        constraints = [
            models.UniqueConstraint(fields=["group", "day", "starts"], name="slot_once"),
            models.CheckConstraint(
                condition=models.Q(ends__gt=models.F("starts")), name="slot_ends_after_start"
            ),
            models.CheckConstraint(
                condition=models.Q(booked__lte=models.F("capacity")), name="slot_not_overbooked"
            ),
        ]
        indexes = [models.Index(fields=["office", "day"], name="slot_office_day")]

    def __str__(self):
        return f"{self.group} {self.day} {self.starts:%H.%M}–{self.ends:%H.%M}"

    @property
    def remaining(self) -> int:
        return max(self.capacity - self.booked, 0)


class Booking(models.Model):
    """A booked slot. Its check-in code turns it into a ticket at the office."""

    slot = models.ForeignKey(BookingSlot, on_delete=models.PROTECT, related_name="bookings")
    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="bookings")
    code = models.CharField(_("kode lapor hadir"), max_length=12, unique=True)
    service = models.ForeignKey(
        "catalog.Service",
        verbose_name=_("layanan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    name = models.CharField(_("nama"), max_length=100, blank=True)
    phone = models.CharField(_("nomor HP"), max_length=20, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=BookingStatus.choices, default=BookingStatus.BOOKED
    )
    created_at = models.DateTimeField(_("dipesan"), auto_now_add=True)
    checked_in_at = models.DateTimeField(_("lapor hadir"), null=True, blank=True)

    objects = OfficeScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("pemesanan")
        verbose_name_plural = _("pemesanan")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["office", "status"], name="booking_office_status")]

    def __str__(self):
        return codes.display(self.code)


class Ticket(models.Model):
    """A queue number. `order_at` is its place in line; booked tickets whose window has
    begun (`ahead_from`) and priority tickets are called before the rest."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="tickets")
    group = models.ForeignKey(ServiceGroup, on_delete=models.PROTECT, related_name="tickets")
    service = models.ForeignKey(
        "catalog.Service",
        verbose_name=_("layanan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    day = models.DateField(_("tanggal"))
    prefix = models.CharField(_("awalan"), max_length=3)
    number = models.PositiveIntegerField(_("nomor"))
    code = models.CharField(_("kode pantau"), max_length=12, unique=True)
    status = models.CharField(
        _("status"), max_length=10, choices=TicketStatus.choices, default=TicketStatus.WAITING
    )
    priority = models.CharField(
        _("prioritas"), max_length=10, choices=Priority.choices, blank=True, default=""
    )
    source = models.CharField(_("asal"), max_length=10, choices=Source.choices)
    booking = models.OneToOneField(
        Booking, on_delete=models.SET_NULL, null=True, blank=True, related_name="ticket"
    )
    desk = models.ForeignKey(
        Desk,
        verbose_name=_("loket"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tickets",
    )
    for_desk = models.ForeignKey(
        Desk,
        verbose_name=_("dialihkan ke loket"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    phone = models.CharField(_("nomor HP"), max_length=20, blank=True)
    calls = models.PositiveSmallIntegerField(_("jumlah panggilan"), default=0)
    ahead_from = models.DateTimeField(_("didahulukan sejak"), null=True, blank=True)
    order_at = models.DateTimeField(_("urutan"))
    issued_at = models.DateTimeField(_("diambil"))
    called_at = models.DateTimeField(_("dipanggil"), null=True, blank=True)
    started_at = models.DateTimeField(_("mulai dilayani"), null=True, blank=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    notified_at = models.DateTimeField(_("diberi tahu"), null=True, blank=True)

    objects = OfficeScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("tiket antrean")
        verbose_name_plural = _("tiket antrean")
        ordering = ["day", "order_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "day", "prefix", "number"], name="ticket_number_once"
            )
        ]
        indexes = [
            models.Index(fields=["office", "day", "status", "order_at"], name="ticket_line"),
            models.Index(fields=["group", "status", "finished_at"], name="ticket_group_done"),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        return f"{self.prefix}{self.number:03d}"

    @property
    def code_display(self) -> str:
        return codes.display(self.code)

    @property
    def waited_seconds(self) -> float | None:
        if self.called_at is None:
            return None
        return (self.called_at - self.issued_at).total_seconds()

    @property
    def service_seconds(self) -> float | None:
        if self.started_at is None or self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()


class TicketEvent(models.Model):
    """What happened to a ticket: append-only, never edited."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("tindakan"), max_length=10, choices=Action.choices)
    from_status = models.CharField(_("dari"), max_length=10, blank=True)
    to_status = models.CharField(_("menjadi"), max_length=10)
    desk = models.ForeignKey(Desk, on_delete=models.SET_NULL, null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    note = models.CharField(_("catatan"), max_length=255, blank=True)
    at = models.DateTimeField(_("waktu"))

    class Meta:
        verbose_name = _("riwayat tiket")
        verbose_name_plural = _("riwayat tiket")
        ordering = ["ticket", "at", "id"]

    def __str__(self):
        return f"{self.ticket} {self.action}"


class DailyQueueStat(models.Model):
    """One day of one office, desk or service group: the figures reports and dashboards read.

    Kept current by `statistics.rollup_day` (after each finished ticket is not needed: the
    nightly task and the statistics page write it), so readers never scan tickets.
    """

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="queue_stats")
    day = models.DateField(_("tanggal"))
    scope = models.CharField(_("lingkup"), max_length=10, choices=StatScope.choices)
    desk = models.ForeignKey(Desk, on_delete=models.CASCADE, null=True, blank=True)
    group = models.ForeignKey(ServiceGroup, on_delete=models.CASCADE, null=True, blank=True)
    key = models.CharField(_("kunci"), max_length=30)
    tickets = models.PositiveIntegerField(_("tiket"), default=0)
    served = models.PositiveIntegerField(_("dilayani"), default=0)
    no_shows = models.PositiveIntegerField(_("tidak hadir"), default=0)
    cancelled = models.PositiveIntegerField(_("dibatalkan"), default=0)
    priority = models.PositiveIntegerField(_("prioritas"), default=0)
    wait_mean_seconds = models.FloatField(_("rata-rata tunggu (detik)"), null=True, blank=True)
    wait_p90_seconds = models.FloatField(_("p90 tunggu (detik)"), null=True, blank=True)
    service_mean_seconds = models.FloatField(_("rata-rata layanan (detik)"), null=True, blank=True)
    service_p90_seconds = models.FloatField(_("p90 layanan (detik)"), null=True, blank=True)
    bookings = models.PositiveIntegerField(_("pemesanan"), default=0)
    bookings_kept = models.PositiveIntegerField(_("pemesanan ditepati"), default=0)
    computed_at = models.DateTimeField(_("dihitung"))

    objects = OfficeScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("statistik antrean harian")
        verbose_name_plural = _("statistik antrean harian")
        ordering = ["office", "day", "scope", "key"]
        constraints = [
            models.UniqueConstraint(fields=["office", "day", "key"], name="queuestat_once")
        ]
        indexes = [
            models.Index(fields=["day", "office"], name="queuestat_day"),
            # Dashboards sum a year of office rows: read from this index alone (PostgreSQL).
            models.Index(
                fields=["scope", "day"],
                include=["office", "tickets", "served", "wait_mean_seconds"],
                name="queuestat_scope_day",
            ),
        ]

    def __str__(self):
        return f"{self.office} {self.day} {self.key}"
