"""Public survey pages: the form from an invitation, the office kiosk, and thanks.

No page shows who answered; the invitation page names only the office and the service.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache

from balai.offices.models import Office

from .constants import Channel
from .forms import SurveyForm
from .qr import CHANNEL_PARAM
from .services import SurveyRefused, find_invitation, kiosk_enabled, submit_response

KIOSK_RESTART_SECONDS = 8


def _channel_of(request) -> str:
    arrived_by = request.POST.get(CHANNEL_PARAM) or request.GET.get(CHANNEL_PARAM)
    return Channel.QR if arrived_by == Channel.QR else Channel.LINK


def _submitted(form, target):
    """Validate and record; the form with the reason attached when refused."""
    if not form.is_valid():
        return False
    try:
        submit_response(
            target["to"],
            form.answers(),
            form.profile(),
            channel=target["channel"],
            comment=form.cleaned_data["comment"],
        )
    except SurveyRefused as refusal:
        form.add_error(None, refusal)
        return False
    return True


@never_cache
def survey(request, token):
    invitation = find_invitation(token)
    if invitation is None:
        raise Http404
    context = {
        "office": invitation.request.origin_office,
        "service": invitation.request.service,
        "channel": _channel_of(request),
    }
    if invitation.used:
        return render(request, "surveys/answered.html", context)
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and _submitted(
        form, {"to": invitation, "channel": context["channel"]}
    ):
        return redirect("surveys_public:thanks")
    return render(request, "surveys/survey.html", context | {"form": form}, status=_status(form))


@never_cache
def kiosk(request, office_id):
    office = get_object_or_404(Office, pk=office_id, active=True)
    if not kiosk_enabled(office):
        raise Http404
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and _submitted(form, {"to": office, "channel": Channel.KIOSK}):
        return redirect("surveys_public:kiosk_thanks", office_id=office.pk)
    context = {"office": office, "form": form, "kiosk": True}
    return render(request, "surveys/survey.html", context, status=_status(form))


def thanks(request):
    return render(request, "surveys/thanks.html")


def kiosk_thanks(request, office_id):
    office = get_object_or_404(Office, pk=office_id, active=True)
    context = {"office": office, "kiosk": True, "restart_seconds": KIOSK_RESTART_SECONDS}
    return render(request, "surveys/thanks.html", context)


def _status(form) -> int:
    return 400 if form.is_bound and form.errors else 200
