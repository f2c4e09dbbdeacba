"""Operations of the satisfaction survey: invitations, responses, the index of a period."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.lib import codes
from balai.offices.constants import Role
from balai.offices.jurisdiction import jurisdiction_of
from balai.offices.models import Office
from balai.stats import rollups

from .constants import (
    ELEMENTS,
    FOLLOW_UP_TRANSITIONS,
    HIGHEST_ANSWER,
    LOWEST_ANSWER,
    AgeBand,
    Channel,
    Education,
    Element,
    FollowUpStatus,
    Occupation,
    Sex,
)
from .index import IkmResult, compute_ikm, nrr_from_totals, sample_size
from .models import FollowUpAction, SurveyInvitation, SurveyKiosk, SurveyResponse

__all__ = [
    "SampleAdequacy",
    "SurveyRefused",
    "find_invitation",
    "ikm_for",
    "invite_for_request",
    "kiosk_enabled",
    "plan_follow_up",
    "sample_adequacy",
    "submit_response",
    "update_follow_up",
]

TOKEN_LENGTH = 12  # 32¹² possibilities, plus a check character
PROFILE_FIELDS = {
    "age_band": AgeBand,
    "sex": Sex,
    "education": Education,
    "occupation": Occupation,
}
MAX_COMMENT = 2000


class SurveyRefused(ValidationError):
    """A response that cannot be accepted, with the reason in plain words."""


@dataclass(frozen=True)
class SampleAdequacy:
    served: int
    required: int
    responses: int

    @property
    def adequate(self) -> bool:
        return self.responses >= self.required

    @property
    def missing(self) -> int:
        return max(self.required - self.responses, 0)


def invite_for_request(request) -> SurveyInvitation:
    """The survey invitation of a completed request; calling again returns the same one."""
    existing = SurveyInvitation.objects.filter(request=request).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return SurveyInvitation.objects.create(
                request=request, token=codes.new_code(TOKEN_LENGTH)
            )
    except IntegrityError:
        # Invited twice at the same moment: the other call won, use its invitation.
        return SurveyInvitation.objects.get(request=request)


def find_invitation(raw_token: str) -> SurveyInvitation | None:
    token = codes.normalize(raw_token)
    if not codes.is_valid(token):
        return None
    return (
        SurveyInvitation.objects.select_related("request__origin_office", "request__service")
        .filter(token=token)
        .first()
    )


def submit_response(
    invitation_or_office,
    answers: dict,
    profile: dict | None = None,
    channel: str = Channel.LINK,
    comment: str = "",
) -> SurveyResponse:
    """Record one response, from an invitation (once) or at an office's kiosk.

    `answers` maps each of the nine element names to 1 … 4; `profile` may hold age_band,
    sex, education and occupation (each optional). Raises SurveyRefused saying why.
    """
    clean_answers = _clean_answers(answers)
    clean_profile = _clean_profile(profile or {})
    comment = (comment or "").strip()[:MAX_COMMENT]
    if channel not in Channel.values:
        raise SurveyRefused(_("Kanal survei tidak dikenal."))
    if isinstance(invitation_or_office, Office):
        if not kiosk_enabled(invitation_or_office):
            raise SurveyRefused(_("Kios survei kantor ini tidak aktif."))
        with transaction.atomic():
            response = SurveyResponse.objects.create(
                office=invitation_or_office,
                channel=Channel.KIOSK,
                comment=comment,
                **clean_answers,
                **clean_profile,
            )
            rollups.record_survey_response(response)
        return response
    return _answer_invitation(invitation_or_office, clean_answers, clean_profile, channel, comment)


def _answer_invitation(invitation, answers, profile, channel, comment):
    if channel == Channel.KIOSK:
        raise SurveyRefused(_("Undangan survei tidak diisi lewat kios."))
    with transaction.atomic():
        locked = (
            SurveyInvitation.objects.select_for_update()
            .select_related("request")
            .get(pk=invitation.pk)
        )
        if locked.used or SurveyResponse.objects.filter(request=locked.request).exists():
            raise SurveyRefused(
                _("Survei untuk permohonan ini sudah diisi. Terima kasih atas penilaian Anda.")
            )
        request = locked.request
        response = SurveyResponse.objects.create(
            office_id=request.origin_office_id,
            service_id=request.service_id,
            request=request,
            channel=channel,
            comment=comment,
            **answers,
            **profile,
        )
        locked.used_at = response.submitted_at
        locked.save(update_fields=["used_at"])
        rollups.record_survey_response(response)
    return response


def _clean_answers(answers: dict) -> dict[str, int]:
    missing = [Element(key).label for key in ELEMENTS if answers.get(key) in (None, "")]
    if missing:
        raise SurveyRefused(
            _("Mohon jawab semua pertanyaan. Belum dijawab: %(elements)s.")
            % {"elements": ", ".join(str(label) for label in missing)}
        )
    unknown = set(answers) - set(ELEMENTS)
    if unknown:
        raise SurveyRefused(_("Ada jawaban untuk unsur yang tidak dikenal."))
    clean = {}
    for key in ELEMENTS:
        try:
            value = int(answers[key])
        except (TypeError, ValueError):
            value = None
        if value is None or not LOWEST_ANSWER <= value <= HIGHEST_ANSWER:
            raise SurveyRefused(
                _("Jawaban untuk “%(element)s” harus salah satu dari pilihan 1 sampai 4.")
                % {"element": Element(key).label}
            )
        clean[key] = value
    return clean


def _clean_profile(profile: dict) -> dict[str, str]:
    clean = {}
    for name, choices in PROFILE_FIELDS.items():
        value = profile.get(name) or ""
        if value and value not in choices.values:
            raise SurveyRefused(_("Pilihan data responden tidak dikenal."))
        clean[name] = value
    return clean


def kiosk_enabled(office) -> bool:
    return SurveyKiosk.objects.filter(office=office, active=True).exists()


def ikm_for(offices=None, service=None, start=None, end=None) -> IkmResult:
    """The index of the responses to `offices` (and `service`) from `start` until `end`.

    One aggregate query. The sum of each element's answers is read instead of its average:
    sums of integers are exact, whereas AVG passes through floating point.
    """
    responses = SurveyResponse.objects.in_period(start, end)
    if offices is not None:
        if isinstance(offices, Office):
            offices = [offices]
        responses = responses.filter(office__in=offices)
    if service is not None:
        responses = responses.filter(service=service)
    totals = responses.aggregate(respondents=Count("id"), **{key: Sum(key) for key in ELEMENTS})
    respondents = totals.pop("respondents")
    if not respondents:
        return IkmResult()
    return compute_ikm(nrr_from_totals(totals, respondents), respondents)


def sample_adequacy(served_count: int, responses: int) -> SampleAdequacy:
    """Whether `responses` reach the Krejcie–Morgan sample for `served_count` people."""
    return SampleAdequacy(
        served=served_count, required=sample_size(served_count), responses=responses
    )


def _ensure_may_manage_follow_up(actor, office) -> None:
    jurisdiction = jurisdiction_of(actor)
    if jurisdiction.everything or jurisdiction.holds(office.pk, Role.HEAD, Role.SECTION_HEAD):
        return
    raise PermissionDenied(
        _(
            "Hanya kepala kantor, kasi/sekdes, atau admin kabupaten yang dapat mengelola rencana tindak lanjut survei kantor ini."
        )
    )


def plan_follow_up(
    actor,
    office,
    element: str,
    action: str,
    owner: str,
    due_date: date,
    year: int | None = None,
    note: str = "",
) -> FollowUpAction:
    """Plan what `office` will do about a weak `element` of its results for `year`."""
    _ensure_may_manage_follow_up(actor, office)
    if element not in ELEMENTS:
        raise ValidationError(_("Unsur survei tidak dikenal."))
    action, owner = (action or "").strip(), (owner or "").strip()
    if not action:
        raise ValidationError(_("Tuliskan tindak lanjut yang akan dilakukan."))
    if not owner:
        raise ValidationError(_("Tuliskan penanggung jawab tindak lanjut."))
    return FollowUpAction.objects.create(
        office=office,
        year=year or timezone.localdate().year,
        element=element,
        action=action,
        owner=owner,
        due_date=due_date,
        note=(note or "").strip(),
        created_by=actor,
    )


def update_follow_up(actor, action: FollowUpAction, status: str, note: str = "") -> FollowUpAction:
    """Move a follow-up action to `status` (see FOLLOW_UP_TRANSITIONS), with a note."""
    _ensure_may_manage_follow_up(actor, action.office)
    with transaction.atomic():
        locked = FollowUpAction.objects.select_for_update().get(pk=action.pk)
        if status not in FollowUpStatus.values:
            raise ValidationError(_("Status tindak lanjut tidak dikenal."))
        if status != locked.status and status not in FOLLOW_UP_TRANSITIONS[locked.status]:
            raise ValidationError(
                _("Tindak lanjut berstatus “%(current)s” tidak dapat diubah menjadi “%(new)s”.")
                % {
                    "current": FollowUpStatus(locked.status).label,
                    "new": FollowUpStatus(status).label,
                }
            )
        locked.status = status
        locked.done_at = timezone.now() if status == FollowUpStatus.DONE else None
        if note and note.strip():
            locked.note = note.strip()
        locked.save(update_fields=["status", "done_at", "note"])
    return locked
