"""What a locked-out client sees: a JSON error for the API, a friendly page otherwise.

Used as AXES_LOCKOUT_CALLABLE; django-axes calls it after the failure that locks the
account and for every attempt while the lock lasts, whatever the view answered.
"""

from axes.helpers import get_cool_off
from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render

from .constants import LOCKED_OUT_FOR_GOOD_MESSAGE, LOCKED_OUT_MESSAGE

API_PATH_PREFIX = "/api/"


def cool_off_minutes(request) -> int:
    cool_off = get_cool_off(request)
    if cool_off is None:
        return 0
    return max(1, round(cool_off.total_seconds() / 60))


def lockout_response(request, original_response=None, credentials=None):
    minutes = cool_off_minutes(request)
    message = LOCKED_OUT_MESSAGE % {"minutes": minutes} if minutes else LOCKED_OUT_FOR_GOOD_MESSAGE
    status = settings.AXES_HTTP_RESPONSE_CODE
    if request.path.startswith(API_PATH_PREFIX):
        return JsonResponse({"detail": str(message)}, status=status)
    return render(
        request,
        "workspace/locked_out.html",
        {"message": message, "cool_off_minutes": minutes},
        status=status,
    )
