from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("Draf")
    SUBMITTED = "submitted", _("Diajukan")
    IN_PROCESS = "in_process", _("Diproses")
    RETURNED = "returned", _("Dikembalikan untuk dilengkapi")
    COMPLETED = "completed", _("Selesai, dokumen siap")
    HANDED_OVER = "handed_over", _("Sudah diserahkan")
    CLOSED = "closed", _("Ditutup")
    REJECTED = "rejected", _("Ditolak")
    CANCELLED = "cancelled", _("Dibatalkan")


# Statuses in which an office still has something to do: they fill the inboxes.
OPEN_STATUSES = (Status.SUBMITTED, Status.IN_PROCESS, Status.RETURNED, Status.COMPLETED)
# Statuses in which the deadline clock runs (returned: waiting for the applicant).
CLOCK_STATUSES = (Status.SUBMITTED, Status.IN_PROCESS)
FINAL_STATUSES = (Status.CLOSED, Status.REJECTED, Status.CANCELLED)


class Action(models.TextChoices):
    SUBMIT = "submit", _("Ajukan")
    ACCEPT = "accept", _("Terima berkas")
    RETURN = "return", _("Kembalikan untuk dilengkapi")
    RESUBMIT = "resubmit", _("Ajukan ulang")
    FORWARD = "forward", _("Teruskan ke tahap berikutnya")
    REJECT = "reject", _("Tolak")
    COMPLETE = "complete", _("Selesaikan")
    HAND_OVER = "hand_over", _("Serahkan")
    CLOSE = "close", _("Tutup")
    CANCEL = "cancel", _("Batalkan")
    REASSIGN = "reassign", _("Alihkan petugas")


class EventKind(models.TextChoices):
    """What an event records: an action, or something that happened to the request."""

    CREATED = "created", _("Dibuat")
    ACTION = "action", _("Tindakan")
    DUE_SOON = "due_soon", _("Hampir jatuh tempo")
    OVERDUE = "overdue", _("Terlambat")


class StepStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu")
    ACTIVE = "active", _("Berjalan")
    DONE = "done", _("Selesai")


class Alert(models.IntegerChoices):
    NONE = 0, _("Tepat waktu")
    DUE_SOON = 1, _("Hampir jatuh tempo")
    OVERDUE = 2, _("Terlambat")


class HandoverMethod(models.TextChoices):
    PICKUP = "pickup", _("Diambil di kantor")
    DELIVERY = "delivery", _("Diantar ke alamat")


class DocumentKind(models.TextChoices):
    REQUIREMENT = "requirement", _("Berkas persyaratan")
    OUTPUT = "output", _("Dokumen hasil")
    ATTACHMENT = "attachment", _("Lampiran")


# Share of a step's time after which the office is warned ("hampir jatuh tempo").
DUE_SOON_SHARE = 0.8
