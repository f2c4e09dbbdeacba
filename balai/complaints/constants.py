from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    RECEIVED = "received", _("Diterima, menunggu verifikasi")
    ON_HOLD = "on_hold", _("Ditunda")
    ACCEPTED = "accepted", _("Terverifikasi")
    ASSIGNED = "assigned", _("Ditugaskan")
    IN_PROGRESS = "in_progress", _("Ditindaklanjuti")
    RESOLVED = "resolved", _("Selesai ditangani, menunggu konfirmasi pelapor")
    CLOSED = "closed", _("Ditutup")
    ARCHIVED = "archived", _("Diarsipkan")
    MERGED = "merged", _("Digabung dengan pengaduan lain")


OPEN_STATUSES = (
    Status.RECEIVED,
    Status.ON_HOLD,
    Status.ACCEPTED,
    Status.ASSIGNED,
    Status.IN_PROGRESS,
    Status.RESOLVED,
)
# Open311 knows only "open" and "closed".
CLOSED_STATUSES = (Status.CLOSED, Status.ARCHIVED, Status.MERGED)


class Action(models.TextChoices):
    ACCEPT = "accept", _("Verifikasi: terima")
    HOLD = "hold", _("Tunda")
    FORWARD = "forward", _("Bukan kewenangan kami: teruskan")
    ARCHIVE = "archive", _("Arsipkan (spam/tidak layak)")
    ASSIGN = "assign", _("Tugaskan")
    FOLLOW_UP = "follow_up", _("Rumuskan tindak lanjut")
    RESOLVE = "resolve", _("Nyatakan selesai")
    CONFIRM = "confirm", _("Konfirmasi selesai")
    REOPEN = "reopen", _("Buka kembali")
    REROUTE = "reroute", _("Alihkan penanganan")
    MERGE = "merge", _("Gabungkan")
    ESCALATE = "escalate", _("Naikkan ke tingkat atas")
    CLOSE = "close", _("Tutup otomatis")


class ReportType(models.TextChoices):
    """The three kinds of report of SP4N-LAPOR!."""

    COMPLAINT = "pengaduan", _("Pengaduan")
    ASPIRATION = "aspirasi", _("Aspirasi")
    INFORMATION = "informasi", _("Permintaan informasi")


class IntakeChannel(models.TextChoices):
    WEB = "web", _("Portal web")
    WALK_IN = "walk_in", _("Datang langsung")
    PHONE = "phone", _("Telepon")
    WHATSAPP = "whatsapp", _("WhatsApp")
    SMS = "sms", _("SMS")
    HOTLINE = "hotline", _("Hotline kepala daerah")
    API = "api", _("API")
    OPEN311 = "open311", _("Open311")


class Level(models.IntegerChoices):
    """Who handles a complaint, from the nearest to the highest; escalation climbs this."""

    RT = 1, _("Ketua RT")
    RW = 2, _("Ketua RW")
    LMK = 3, _("LMK")
    VILLAGE = 4, _("Kantor desa/kelurahan")
    KECAMATAN = 5, _("Kantor kecamatan")
    AGENCY = 6, _("Dinas/instansi")
    KABUPATEN = 7, _("Kepala daerah")


class Limit(models.TextChoices):
    """The SP4N-LAPOR! time limit currently running."""

    NONE = "", _("Tidak ada")
    VERIFY = "verify", _("Verifikasi (3 hari kerja)")
    FOLLOW_UP = "follow_up", _("Tindak lanjut (5 hari kerja)")
    CONFIRM = "confirm", _("Konfirmasi pelapor (10 hari kerja)")


LIMIT_DAYS = {Limit.VERIFY: 3, Limit.FOLLOW_UP: 5, Limit.CONFIRM: 10}
RESOLVE_WITHIN_CALENDAR_DAYS = 60
DUPLICATE_RADIUS_METRES = 250
DUPLICATE_WINDOW_DAYS = 30
MAX_PHOTOS = 3


class VisitStatus(models.TextChoices):
    PLANNED = "planned", _("Direncanakan")
    DONE = "done", _("Sudah dikunjungi")
    CANCELLED = "cancelled", _("Batal")
