from datetime import timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _


class TicketStatus(models.TextChoices):
    WAITING = "waiting", _("Menunggu")
    CALLED = "called", _("Dipanggil")
    SERVING = "serving", _("Sedang dilayani")
    DONE = "done", _("Selesai")
    NO_SHOW = "no_show", _("Tidak hadir")
    CANCELLED = "cancelled", _("Dibatalkan")


ACTIVE_STATUSES = (TicketStatus.WAITING, TicketStatus.CALLED, TicketStatus.SERVING)
AT_DESK_STATUSES = (TicketStatus.CALLED, TicketStatus.SERVING)


class Action(models.TextChoices):
    ISSUE = "issue", _("Ambil nomor")
    CALL = "call", _("Panggil")
    RECALL = "recall", _("Panggil ulang")
    SKIP = "skip", _("Lewati")
    NO_SHOW = "no_show", _("Tidak hadir")
    START = "start", _("Mulai layani")
    FINISH = "finish", _("Selesai")
    TRANSFER = "transfer", _("Alihkan")
    CANCEL = "cancel", _("Batalkan")
    EXPIRE = "expire", _("Kedaluwarsa saat tutup")


class Priority(models.TextChoices):
    NONE = "", _("Tidak")
    ELDERLY = "elderly", _("Lansia")
    DISABLED = "disabled", _("Penyandang disabilitas")
    PREGNANT = "pregnant", _("Ibu hamil")
    INFANT = "infant", _("Membawa bayi/balita")


class Source(models.TextChoices):
    KIOSK = "kiosk", _("Kios")
    OFFICER = "officer", _("Petugas")
    BOOKING = "booking", _("Pesan online")
    API = "api", _("API")


class BookingStatus(models.TextChoices):
    BOOKED = "booked", _("Terpesan")
    CHECKED_IN = "checked_in", _("Sudah lapor hadir")
    CANCELLED = "cancelled", _("Dibatalkan")
    MISSED = "missed", _("Tidak datang")


class StatScope(models.TextChoices):
    OFFICE = "office", _("Kantor")
    DESK = "desk", _("Loket")
    GROUP = "group", _("Layanan")


# Defaults an office may change in its queue settings.
DEFAULT_MAX_CALLS = 3
DEFAULT_NEARLY_TURN = 3
DEFAULT_EARLY_CHECK_IN = timedelta(minutes=30)
DEFAULT_LATE_GRACE = timedelta(minutes=15)
# Used for the estimate until a service has recorded service times of its own.
DEFAULT_SERVICE_MINUTES = 5
# The estimate reads the last N finished tickets of the service over this many days.
ESTIMATE_SAMPLE = 20
ESTIMATE_DAYS = 14
BOARD_NEXT_COUNT = 5
BOARD_POLL_SECONDS = 3
# Where a ticket's service request starts (the intake page of the cases app).
NEW_REQUEST_PATH = "/kerja/permohonan/baru/{code}/"
