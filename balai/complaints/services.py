"""Every change to a complaint happens here (rules 2 and 3 of the house).

`file_complaint` takes a complaint in from any channel and routes it; `perform` fires one
action of `workflow.TRANSITIONS` under a row lock, writes an append-only event and queues
the notifications; `run_time_limits` is the periodic job that escalates on a missed
SP4N-LAPOR! limit and closes resolved complaints the reporter left unanswered.
"""

import math
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.cases.uploads import inspect_upload
from balai.lib import codes
from balai.regions.constants import Level as RegionLevel
from balai.stats import rollups
from balai.workdays.calendar import add_working_days, local_date

from . import notify, routing
from .constants import (
    DUPLICATE_RADIUS_METRES,
    DUPLICATE_WINDOW_DAYS,
    LIMIT_DAYS,
    MAX_PHOTOS,
    OPEN_STATUSES,
    RESOLVE_WITHIN_CALENDAR_DAYS,
    Action,
    Limit,
    Status,
    VisitStatus,
)
from .models import Complaint, ComplaintEvent, ComplaintPhoto, FieldVisit
from .workflow import TRANSITIONS, actors_of, is_handler

__all__ = [
    "ActionRefused",
    "Filed",
    "IntakeError",
    "Reporter",
    "StaleComplaint",
    "can_see_reporter",
    "check_pin",
    "complete_visit",
    "file_complaint",
    "likely_duplicates",
    "perform",
    "plan_visit",
    "record_arrival",
    "run_time_limits",
    "set_privacy",
]


class IntakeError(ValidationError):
    """The complaint cannot be taken in as given."""


class ActionRefused(Exception):
    """Not allowed now or not for this person (HTTP 409 in the API)."""


class StaleComplaint(ActionRefused):
    """Someone else changed the complaint since the caller looked at it."""


@dataclass
class Reporter:
    name: str = ""
    phone: str = ""
    email: str = ""
    anonymous: bool = False


@dataclass
class Filed:
    complaint: Complaint
    pin: str


# Intake ----------------------------------------------------------------------------------


def file_complaint(
    *,
    category,
    title: str,
    text: str,
    region,
    channel: str,
    reporter: Reporter,
    confidential: bool = False,
    address: str = "",
    latitude=None,
    longitude=None,
    photos=(),
    actor=None,
    open311_client=None,
) -> Filed:
    """Take a complaint in and route it. Raises IntakeError with Indonesian messages."""
    _check_intake(category, title, text, region, reporter, photos, latitude, longitude)
    inspected = [(photo, _inspect_photo(photo)) for photo in photos]
    try:
        destination = routing.route(category, region)
    except routing.NoOffice:
        raise IntakeError(_("Belum ada kantor yang melayani lokasi ini di Balai.")) from None
    pin = f"{secrets.randbelow(10**6):06d}"
    now = timezone.now()
    with transaction.atomic():
        complaint = _create(
            category=category,
            channel=channel,
            title=title.strip(),
            text=text.strip(),
            region=region,
            village_id=routing.village_code(region.code),
            address=address.strip(),
            latitude=latitude,
            longitude=longitude,
            reporter_name=reporter.name.strip(),
            reporter_phone=reporter.phone,
            reporter_email=reporter.email,
            anonymous=reporter.anonymous,
            confidential=confidential,
            level=destination.level,
            office=destination.office,
            verifying_office=destination.office,
            unit=destination.unit,
            created_by=actor if actor is not None and actor.is_authenticated else None,
            open311_client=open311_client,
            received_at=now,
            resolve_by=(now + timedelta(days=RESOLVE_WITHIN_CALENDAR_DAYS)).date(),
            pin_hash=make_password(pin),
        )
        _start_limit(complaint, Limit.VERIFY, now)
        complaint.save(update_fields=["limit", "limit_due"])
        rollups.record_complaint_received(complaint, complaint.office)
        for photo, facts in inspected:
            _store_photo(complaint, photo, facts)
        event = _record(
            complaint,
            "",
            actor=actor,
            note=_("Diterima melalui %(channel)s.") % {"channel": complaint.get_channel_display()},
        )
        notify.received(complaint, event)
    return Filed(complaint=complaint, pin=pin)


def _check_intake(category, title, text, region, reporter, photos, latitude, longitude):
    errors = []
    if not category.active:
        errors.append(_("Kategori ini tidak lagi dipakai."))
    if not title.strip():
        errors.append(_("Tuliskan judul singkat laporan."))
    if len(text.strip()) < 10:
        errors.append(_("Ceritakan laporan Anda (paling sedikit 10 huruf)."))
    if region.level < RegionLevel.VILLAGE:
        errors.append(_("Pilih desa/kelurahan lokasi (boleh sampai RT)."))
    if not reporter.anonymous and not (
        reporter.name.strip() and (reporter.phone or reporter.email)
    ):
        errors.append(_("Isi nama dan nomor ponsel atau surel, atau pilih melapor secara anonim."))
    if len(photos) > MAX_PHOTOS:
        errors.append(_("Paling banyak %(n)s foto.") % {"n": MAX_PHOTOS})
    if (latitude is None) != (longitude is None):
        errors.append(_("Titik peta harus berisi lintang dan bujur."))
    elif latitude is not None and not (
        -90 <= float(latitude) <= 90 and -180 <= float(longitude) <= 180
    ):
        errors.append(_("Titik peta tidak sah."))
    if errors:
        raise IntakeError(errors)


def _inspect_photo(photo):
    try:
        return inspect_upload(photo, ["jpeg", "png"])
    except ValidationError as error:
        raise IntakeError(error.messages) from error


def _create(**fields):
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Complaint.objects.create(code=codes.new_code(), **fields)
        except IntegrityError:
            continue  # a code clash: draw again
    raise IntakeError(_("Gagal membuat kode lacak; coba lagi."))


def _store_photo(complaint, photo, facts, visit=None):
    stored = ComplaintPhoto(
        complaint=complaint,
        visit=visit,
        content_type=facts.content_type,
        size=facts.size,
        sha256=facts.sha256,
    )
    stored.file.save(facts.file_type, photo, save=False)
    stored.save()
    return stored


# Reading ---------------------------------------------------------------------------------


def check_pin(complaint, pin: str) -> bool:
    return bool(pin) and check_password(pin.strip(), complaint.pin_hash)


def can_see_reporter(complaint, user) -> bool:
    """An anonymous reporter's identity is for the verifying office alone."""
    if not complaint.anonymous:
        return True
    from balai.offices.jurisdiction import jurisdiction_of

    from .models import HANDLER_ROLES

    return jurisdiction_of(user).holds(complaint.verifying_office_id, *HANDLER_ROLES)


WORD = re.compile(r"\w{3,}", re.UNICODE)


def _words(text: str) -> set[str]:
    return {word.lower() for word in WORD.findall(text or "")}


def likely_duplicates(category, region, text, latitude=None, longitude=None, exclude=None, limit=5):
    """Open or recent complaints that may be the same problem: same category, last 30 days,
    same RT (or within 250 m), and words in common. Best match first."""
    since = timezone.now() - timedelta(days=DUPLICATE_WINDOW_DAYS)
    nearby = Complaint.objects.filter(category=category, received_at__gte=since).exclude(
        status__in=(Status.MERGED, Status.ARCHIVED)
    )
    if exclude is not None:
        nearby = nearby.exclude(pk=exclude.pk)
    place = _same_place(region, latitude, longitude)
    candidates = list(
        nearby.filter(place).only(
            "id",
            "code",
            "title",
            "text",
            "status",
            "latitude",
            "longitude",
            "region_id",
            "received_at",
        )[:200]
    )
    words = _words(text)
    scored = []
    for candidate in candidates:
        theirs = _words(candidate.title + " " + candidate.text)
        similarity = len(words & theirs) / len(words | theirs) if words and theirs else 0
        far_away = (
            latitude is not None
            and candidate.latitude is not None
            and candidate.region_id != region.code
            and _metres(latitude, longitude, candidate.latitude, candidate.longitude)
            > DUPLICATE_RADIUS_METRES
        )
        if far_away:
            continue
        if similarity >= 0.2:
            scored.append((similarity, candidate))
    scored.sort(key=lambda pair: (-pair[0], -pair[1].received_at.timestamp()))
    return [candidate for _score, candidate in scored[:limit]]


def _same_place(region, latitude, longitude):
    from django.db.models import Q

    place = Q(region_id=region.code)
    if latitude is not None:
        # A box of about 250 m around the point narrows on the index; the exact distance
        # is checked in Python.
        lat, lon = float(latitude), float(longitude)
        dlat = DUPLICATE_RADIUS_METRES / 111_320
        dlon = dlat / max(0.1, math.cos(math.radians(lat)))
        place |= Q(
            latitude__range=(lat - dlat, lat + dlat), longitude__range=(lon - dlon, lon + dlon)
        )
    return place


def _metres(lat1, lon1, lat2, lon2) -> float:
    lat1, lon1, lat2, lon2 = (math.radians(float(v)) for v in (lat1, lon1, lat2, lon2))
    a = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 6_371_000 * 2 * math.asin(math.sqrt(a))


# Workflow --------------------------------------------------------------------------------


def perform(
    complaint,
    action: str,
    *,
    actor=None,
    reporter: bool = False,
    system: bool = False,
    note: str = "",
    expected_version: int | None = None,
    office=None,
    assignee=None,
    level=None,
    into=None,
) -> Complaint:
    """Fire one action; raise ActionRefused saying why not."""
    with transaction.atomic(), rollups.batch():
        locked = (
            Complaint.objects.select_for_update(of=("self",))
            .select_related("office", "region", "category")
            .get(pk=complaint.pk)
        )
        if expected_version is not None and locked.lock_version != expected_version:
            raise StaleComplaint(
                _("Pengaduan ini baru saja diubah oleh orang lain. Muat ulang lalu coba lagi.")
            )
        _apply(
            locked,
            action,
            actor=actor,
            reporter=reporter,
            system=system,
            note=note,
            office=office,
            assignee=assignee,
            level=level,
            into=into,
        )
    return locked


def _apply(complaint, action, *, actor, reporter, system, note, **details):
    transition = TRANSITIONS[Action(action)]
    if complaint.status not in transition.sources:
        raise ActionRefused(
            _("Tindakan “%(action)s” tidak dapat dilakukan pada pengaduan berstatus %(status)s.")
            % {"action": Action(action).label, "status": Status(complaint.status).label}
        )
    if not actors_of(complaint, actor, reporter, system) & set(transition.actors):
        raise ActionRefused(_("Anda tidak berwenang melakukan tindakan ini."))
    note = (note or "").strip()
    if transition.needs_note and not note:
        raise ActionRefused(_("Tuliskan keterangannya."))
    now = timezone.now()
    from_status, from_level, from_office = complaint.status, complaint.level, complaint.office
    from_unit_id = complaint.unit_id
    verified_before = complaint.verified_at
    EFFECTS[action](complaint, actor=actor, note=note, now=now, **details)
    rollups.record_complaint_action(complaint, action, from_office, now, verified_before)
    if transition.target is not None:
        complaint.status = transition.target
    if transition.starts is not None:
        _start_limit(complaint, transition.starts, now)
    complaint.lock_version += 1
    complaint.save()
    event = _record(
        complaint,
        action,
        actor=actor,
        reporter=reporter,
        from_status=from_status,
        from_level=from_level,
        note=note,
        office=from_office,
    )
    notify.after_action(
        complaint, event, previous_office=from_office, previous_unit_id=from_unit_id
    )
    return event


def _start_limit(complaint, limit, now):
    complaint.limit = limit
    days = LIMIT_DAYS.get(limit)
    complaint.limit_due = add_working_days(now, days, complaint.office) if days else None


def _accept(complaint, *, now, **_ignored):
    complaint.verified_at = now


def _hold(complaint, **_ignored):
    pass


def _forward(complaint, *, office, **_ignored):
    if office is None or office.pk == complaint.office_id:
        raise ActionRefused(_("Pilih kantor lain yang berwenang."))
    complaint.office = office
    complaint.verifying_office = office
    complaint.unit = None
    complaint.assignee = None
    complaint.level = _level_of_office(office)


def _level_of_office(office):
    from .constants import Level

    return {
        "village": Level.VILLAGE,
        "kecamatan": Level.KECAMATAN,
        "agency": Level.AGENCY,
        "head": Level.KABUPATEN,
    }[office.kind]


def _archive(complaint, *, now, **_ignored):
    complaint.closed_at = now


def _assign(complaint, *, assignee, **_ignored):
    if assignee is None or not (
        is_handler(complaint, assignee) or _is_office_member(complaint, assignee)
    ):
        raise ActionRefused(_("Pilih petugas kantor ini atau ketua RT/RW wilayahnya."))
    complaint.assignee = assignee


def _is_office_member(complaint, user):
    from balai.offices.jurisdiction import jurisdiction_of

    return any(
        office == complaint.office_id for office, _role in jurisdiction_of(user).office_roles
    )


def _follow_up(complaint, *, note, now, **_ignored):
    complaint.follow_up = note
    complaint.followed_up_at = now


def _resolve(complaint, *, note, now, **_ignored):
    complaint.resolution = note
    complaint.resolved_at = now


def _confirm(complaint, *, now, **_ignored):
    complaint.closed_at = now


def _reopen(complaint, **_ignored):
    complaint.reopenings += 1
    complaint.resolved_at = None


def _close(complaint, *, now, **_ignored):
    complaint.closed_at = now


def _reroute(complaint, *, level, **_ignored):
    if level is None:
        raise ActionRefused(_("Pilih tingkat penanganan yang baru."))
    try:
        destination = routing.resolve(level, complaint.region, _agency_of(complaint))
    except routing.NoOffice:
        raise ActionRefused(_("Tidak ada kantor pada tingkat itu untuk lokasi ini.")) from None
    _move_to(complaint, destination)


def _agency_of(complaint):
    rule = routing.matching_rule(complaint.category, complaint.region_id)
    return rule.agency if rule else ""


def _move_to(complaint, destination):
    complaint.level = destination.level
    complaint.office = destination.office
    complaint.unit = destination.unit
    complaint.assignee = None


def _merge(complaint, *, into, now, **_ignored):
    if into is None or into.pk == complaint.pk or into.status not in OPEN_STATUSES:
        raise ActionRefused(_("Pilih pengaduan terbuka lain sebagai tujuan penggabungan."))
    if into.merged_into_id:
        raise ActionRefused(_("Pengaduan tujuan sudah digabung ke pengaduan lain."))
    complaint.merged_into = into
    complaint.closed_at = now
    # Complaints merged earlier into this one now follow the surviving one too.
    Complaint.objects.filter(merged_into=complaint).update(merged_into=into)


def _escalate(complaint, *, now, **_ignored):
    destination = routing.escalate(complaint.level, complaint.region, _agency_of(complaint))
    if destination is None:
        # The head of region is the top: the limit starts again there.
        _start_limit(complaint, complaint.limit or Limit.VERIFY, now)
        return
    _move_to(complaint, destination)
    complaint.escalations += 1
    _start_limit(complaint, complaint.limit or Limit.VERIFY, now)


EFFECTS = {
    Action.ACCEPT: _accept,
    Action.HOLD: _hold,
    Action.FORWARD: _forward,
    Action.ARCHIVE: _archive,
    Action.ASSIGN: _assign,
    Action.FOLLOW_UP: _follow_up,
    Action.RESOLVE: _resolve,
    Action.CONFIRM: _confirm,
    Action.REOPEN: _reopen,
    Action.CLOSE: _close,
    Action.REROUTE: _reroute,
    Action.MERGE: _merge,
    Action.ESCALATE: _escalate,
}


def _record(
    complaint,
    action,
    *,
    actor=None,
    reporter=False,
    from_status="",
    from_level=None,
    note="",
    office=None,
):
    return ComplaintEvent.objects.create(
        complaint=complaint,
        action=action,
        actor=actor if actor is not None and actor.is_authenticated else None,
        by_reporter=reporter,
        office=office or complaint.office,
        from_status=from_status,
        to_status=complaint.status,
        from_level=from_level,
        to_level=complaint.level,
        note=note,
    )


def set_privacy(complaint, actor, *, anonymous=None, confidential=None) -> Complaint:
    """The office may make a report anonymous or confidential while verifying it."""
    with transaction.atomic():
        locked = Complaint.objects.select_for_update(of=("self",)).get(pk=complaint.pk)
        if not is_handler(locked, actor):
            raise ActionRefused(_("Anda tidak berwenang melakukan tindakan ini."))
        changes = []
        if anonymous and not locked.anonymous:
            locked.anonymous = True
            changes.append(_("identitas pelapor dirahasiakan"))
        if confidential and not locked.confidential:
            locked.confidential = True
            changes.append(_("isi laporan dirahasiakan"))
        if not changes:
            return locked
        locked.lock_version += 1
        locked.save()
        _record(locked, "", actor=actor, from_status=locked.status, note="; ".join(changes))
    return locked


# Field visits ---------------------------------------------------------------------------


def plan_visit(complaint, actor, assignee, due_date) -> FieldVisit:
    if not is_handler(complaint, actor):
        raise ActionRefused(_("Anda tidak berwenang melakukan tindakan ini."))
    if complaint.status not in (Status.ACCEPTED, Status.ASSIGNED, Status.IN_PROGRESS):
        raise ActionRefused(_("Kunjungan direncanakan setelah pengaduan diverifikasi."))
    if not (is_handler(complaint, assignee) or _is_office_member(complaint, assignee)):
        raise ActionRefused(_("Pilih petugas kantor ini atau ketua RT/RW wilayahnya."))
    with transaction.atomic():
        visit = FieldVisit.objects.create(
            complaint=complaint, assignee=assignee, due_date=due_date, created_by=actor
        )
        _record(
            complaint,
            "",
            actor=actor,
            from_status=complaint.status,
            note=_("Kunjungan lapangan direncanakan %(date)s.")
            % {"date": due_date.strftime("%d-%m-%Y")},
        )
        notify.visit_planned(complaint, visit)
    return visit


def record_arrival(visit, actor, latitude, longitude, at=None) -> FieldVisit:
    """The officer on site records arrival with the phone's coordinates."""
    if actor.pk != visit.assignee_id:
        raise ActionRefused(_("Hanya petugas yang ditugaskan yang mencatat kedatangan."))
    if visit.status != VisitStatus.PLANNED:
        raise ActionRefused(_("Kunjungan ini sudah selesai atau batal."))
    if latitude is None or longitude is None:
        raise ActionRefused(_("Koordinat lokasi diperlukan; izinkan akses lokasi di ponsel."))
    visit.arrived_at = at or timezone.now()
    visit.latitude, visit.longitude = latitude, longitude
    visit.save(update_fields=["arrived_at", "latitude", "longitude"])
    return visit


def complete_visit(visit, actor, notes, photos=()) -> FieldVisit:
    if actor.pk != visit.assignee_id:
        raise ActionRefused(_("Hanya petugas yang ditugaskan yang menyelesaikan kunjungan."))
    if visit.arrived_at is None:
        raise ActionRefused(_("Catat kedatangan di lokasi terlebih dahulu."))
    if not (notes or "").strip():
        raise ActionRefused(_("Tuliskan catatan hasil kunjungan."))
    inspected = []
    for photo in photos:
        try:
            inspected.append((photo, inspect_upload(photo, ["jpeg", "png"])))
        except ValidationError as error:
            raise ActionRefused(" ".join(error.messages)) from error
    with transaction.atomic():
        visit.status = VisitStatus.DONE
        visit.notes = notes.strip()
        visit.save(update_fields=["status", "notes"])
        for photo, facts in inspected:
            _store_photo(visit.complaint, photo, facts, visit=visit)
        _record(
            visit.complaint,
            "",
            actor=actor,
            from_status=visit.complaint.status,
            note=_("Kunjungan lapangan: %(notes)s") % {"notes": visit.notes},
        )
    return visit


# Time limits -----------------------------------------------------------------------------


def run_time_limits(now=None) -> dict:
    """Escalate complaints whose verification or follow-up limit passed; close resolved ones
    the reporter did not answer within 10 working days."""
    now = now or timezone.now()
    horizon = now.date() + timedelta(days=1)
    due = (
        Complaint.objects.exclude(limit=Limit.NONE)
        .filter(limit_due__lte=horizon, status__in=OPEN_STATUSES)
        .select_related("office")
        .order_by("limit_due", "id")
    )
    escalated = closed = 0
    for complaint in due.iterator(chunk_size=500):
        if local_date(now, complaint.office) <= complaint.limit_due:
            continue
        action = Action.CLOSE if complaint.limit == Limit.CONFIRM else Action.ESCALATE
        try:
            perform(complaint, action, system=True, note=_limit_note(complaint))
        except ActionRefused:
            continue  # changed meanwhile (a late verification, say): nothing to do
        if action == Action.CLOSE:
            closed += 1
        else:
            escalated += 1
    return {"escalated": escalated, "closed": closed}


def _limit_note(complaint):
    if complaint.limit == Limit.CONFIRM:
        return _("Pelapor tidak menanggapi dalam 10 hari kerja.")
    return _("Batas %(limit)s terlewati.") % {"limit": Limit(complaint.limit).label}
