from django.db import models
from django.utils.translation import gettext_lazy as _

from balai.offices.constants import Role


class Status(models.TextChoices):
    DRAFT = "draft", _("Draf")
    SUBMITTED = "submitted", _("Dikirim")


class AutoSource(models.TextChoices):
    """What Balai can evidence itself for an indicator (see `services.prefill`)."""

    STANDARDS_PUBLISHED = "standards_published", _("Standar Pelayanan terbit di katalog")
    COMPLAINT_CHANNEL_ACTIVE = "complaint_channel_active", _("Saluran pengaduan aktif")
    SKM_DONE = "skm_done", _("Survei Kepuasan Masyarakat terlaksana")
    SKM_PUBLISHED = "skm_published", _("Hasil SKM terbit di halaman publik")
    SKM_FOLLOW_UP_DONE = "skm_follow_up_done", _("Rencana tindak lanjut SKM diselesaikan")
    COMPLAINT_FOLLOW_UP_IN_TIME = (
        "complaint_follow_up_in_time",
        _("Pengaduan diverifikasi dan ditindaklanjuti tepat waktu"),
    )


# Who fills in an office's self-assessment (start, score, evidence): its head or section head.
EDITOR_ROLES = (Role.HEAD, Role.SECTION_HEAD)
# Who signs it off: the head answers for the office's result.
SUBMITTER_ROLES = (Role.HEAD,)

MIN_SCORE = 0
MAX_SCORE = 5
