"""What the public may learn about a request from its tracking code, and the PIN guard.

Without the PIN: the service, the status in plain words, the current step and office, the
expected date and a timeline that never names a person. With the PIN: the applicant's own
details and documents. Five wrong PINs for a code lock it for fifteen minutes.
"""

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from balai.lib import codes
from balai.lib.pinguard import MAX_PIN_FAILURES, PIN_LOCK_SECONDS, PinGuard

from .constants import Action, EventKind, Status
from .models import ServiceRequest
from .services import check_pin

__all__ = [
    "MAX_PIN_FAILURES",
    "PIN_LOCK_SECONDS",
    "TimelineEntry",
    "find_trackable",
    "pin_attempt",
    "pin_locked",
    "status_explanation",
    "timeline",
]


STATUS_EXPLANATIONS = {
    Status.DRAFT: gettext_lazy("Permohonan belum dikonfirmasi."),
    Status.SUBMITTED: gettext_lazy("Berkas sudah diterima dan menunggu diperiksa petugas."),
    Status.IN_PROCESS: gettext_lazy("Permohonan sedang diproses petugas."),
    Status.RETURNED: gettext_lazy(
        "Berkas perlu dilengkapi. Lihat catatan petugas di riwayat, lengkapi, lalu ajukan ulang."
    ),
    Status.COMPLETED: gettext_lazy("Dokumen sudah selesai dan siap diambil."),
    Status.HANDED_OVER: gettext_lazy("Dokumen sudah diserahkan kepada pemohon."),
    Status.CLOSED: gettext_lazy("Permohonan sudah selesai dan ditutup."),
    Status.REJECTED: gettext_lazy("Permohonan ditolak. Alasannya ada di riwayat."),
    Status.CANCELLED: gettext_lazy("Permohonan dibatalkan."),
}


def status_explanation(status: str) -> str:
    return str(STATUS_EXPLANATIONS.get(status, ""))


def find_trackable(raw_code: str):
    """The request with this code, or None. Drafts wait for confirmation: not yet trackable.

    The caller has already checked the code's check character, so a typo never reaches
    the database.
    """
    code = codes.normalize(raw_code)
    # get() rather than first(): the code is unique, and first() would add an ORDER BY.
    try:
        return (
            ServiceRequest.objects.select_related(
                "service", "current_step", "current_office", "origin_office"
            )
            .exclude(status=Status.DRAFT)
            .get(code=code)
        )
    except ServiceRequest.DoesNotExist:
        return None


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    text: str
    when: str = ""  # `at` in the time zone of the office where it happened, for people


ZONE_LABELS = {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}


def _when(at, office) -> str:
    zone = office.timezone
    local = timezone.localtime(at, ZoneInfo(zone))
    return f"{date_format(local, 'j F Y, H.i')} {ZONE_LABELS.get(zone, zone)}"


def timeline(request) -> list[TimelineEntry]:
    """What happened when, in plain words and without anyone's name."""
    # Explicit, short orderings: this is the public tracking page, read far more than
    # anything else, and resolving the models' default orderings costs more than the query.
    events = (
        request.events.filter(kind=EventKind.ACTION).select_related("office").order_by("at", "id")
    )
    offices_by_position = dict(request.steps.order_by().values_list("position", "office__name"))
    entries = []
    for event in events:
        text = _event_text(event, offices_by_position, request)
        if text:
            office = event.office or request.origin_office
            entries.append(TimelineEntry(at=event.at, text=text, when=_when(event.at, office)))
    return entries


def _event_text(event, offices_by_position, request) -> str:
    office = event.office.name if event.office_id else ""
    next_office = offices_by_position.get(event.step_position, "")
    texts = {
        Action.SUBMIT: (
            _("Permohonan daring diterima oleh %(office)s")
            if event.by_applicant
            else _("Berkas diterima di %(office)s")
        ),
        Action.ACCEPT: _("Berkas diperiksa dan mulai diproses di %(office)s"),
        Action.FORWARD: _("Diteruskan ke %(next)s"),
        Action.RETURN: _("Dikembalikan: %(note)s"),
        Action.RESUBMIT: _("Berkas dilengkapi dan diajukan kembali"),
        Action.REJECT: _("Ditolak: %(note)s"),
        Action.COMPLETE: _("Dokumen selesai di %(office)s, siap diambil di %(origin)s"),
        Action.HAND_OVER: _("Dokumen diserahkan kepada pemohon"),
        Action.CLOSE: _("Permohonan ditutup"),
        Action.CANCEL: _("Permohonan dibatalkan"),
    }
    template = texts.get(event.action)
    if template is None:  # reassigning an officer is internal
        return ""
    if event.action == Action.SUBMIT and not office:
        office = next_office
    return template % {
        "office": office,
        "next": next_office,
        "note": event.note,
        "origin": request.origin_office.name,
    }


# PIN guard ---------------------------------------------------------------------------


PIN_GUARD = PinGuard("cases", check_pin)


def pin_locked(code: str) -> bool:
    return PIN_GUARD.locked(code)


def pin_attempt(request: ServiceRequest, pin: str) -> bool:
    """Check a PIN, counting failures; the fifth failure locks the code for 15 minutes."""
    return PIN_GUARD.attempt(request, pin)
