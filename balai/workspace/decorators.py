"""The guard for every staff page under /kerja/.

`staff_required` lets a request through only when the user is signed in, has finished the
second step (if they set one up), and is staff: a superuser or a member of an office.
"""

from functools import wraps
from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.urls import reverse

from balai.accounts.access import is_staff_member, owes_second_step

__all__ = ["StaffRequiredMixin", "staff_required"]


def second_step_url(next_path: str) -> str:
    return f"{reverse('workspace:login_code')}?{urlencode({'next': next_path})}"


def refuse(request):
    """The answer for a request that may not see a staff page, or None to let it through."""
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if owes_second_step(user):
        return redirect(second_step_url(request.get_full_path()))
    if not is_staff_member(user):
        return render(request, "workspace/no_office.html", status=403)
    return None


def staff_required(view):
    @wraps(view)
    def guarded(request, *args, **kwargs):
        refusal = refuse(request)
        if refusal is not None:
            return refusal
        return view(request, *args, **kwargs)

    return guarded


class StaffRequiredMixin:
    """The same guard for class-based views."""

    def dispatch(self, request, *args, **kwargs):
        refusal = refuse(request)
        if refusal is not None:
            return refusal
        return super().dispatch(request, *args, **kwargs)
