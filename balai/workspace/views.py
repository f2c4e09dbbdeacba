import django_otp
import segno
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from balai.accounts.access import has_confirmed_device, owes_second_step
from balai.accounts.models import ApiToken
from balai.accounts.services import (
    confirm_totp,
    disable_totp,
    issue_token,
    revoke_token,
    start_totp_setup,
    token_lifetime,
    totp_secret_text,
    verify_second_step,
)
from balai.offices.models import Membership
from balai.regions.constants import Level
from balai.regions.models import Region

from .decorators import second_step_url, staff_required
from .forms import CodeForm, SignInForm, TokenForm

VILLAGES_PER_PAGE = 50


class SignInView(auth_views.LoginView):
    """Step one: password. Users with an authenticator app go on to step two."""

    template_name = "workspace/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def dispatch(self, request, *args, **kwargs):
        # Signed in but the code is still owed: send them on to step two, not back to
        # the page that sent them here (which would send them here again).
        if owes_second_step(request.user):
            return redirect(second_step_url(self.get_success_url()))
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)
        if has_confirmed_device(form.get_user()):
            return redirect(second_step_url(self.get_success_url()))
        return response


def safe_next(request, fallback: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return fallback


@never_cache
@login_required
def login_code(request):
    """Step two: a code from the authenticator app."""
    next_url = safe_next(request, reverse("workspace:home"))
    if not owes_second_step(request.user):
        return redirect(next_url)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = verify_second_step(request.user, form.cleaned_data["code"])
        if device is not None:
            # A new session key once the sign-in is complete, against session fixation.
            request.session.cycle_key()
            django_otp.login(request, device)
            return redirect(next_url)
        form.add_error(
            "code",
            _("Kode salah atau sudah kedaluwarsa. Tunggu kode berikutnya lalu coba lagi."),
        )
    return render(request, "workspace/login_code.html", {"form": form, "next": next_url})


def own_memberships(user):
    return (
        Membership.objects.active()
        .filter(user=user, office__active=True)
        .select_related("office")
        .order_by("office__name", "role")
    )


@staff_required
def home(request):
    villages = (
        Region.objects.visible_to(request.user)
        .filter(level=Level.VILLAGE, active=True)
        .only("code", "name", "kind", "level")
        .order_by("code")
    )
    page = Paginator(villages, VILLAGES_PER_PAGE).get_page(request.GET.get("halaman"))
    return render(
        request,
        "workspace/home.html",
        {"memberships": own_memberships(request.user), "villages": page},
    )


def render_account(request, disable_form=None, status=200):
    user = request.user
    context = {
        "memberships": own_memberships(user),
        "has_device": has_confirmed_device(user),
        "tokens": ApiToken.objects.filter(user=user)[:5],
        "disable_form": disable_form or CodeForm(),
    }
    return render(request, "workspace/account.html", context, status=status)


@staff_required
def account(request):
    return render_account(request)


@never_cache
@staff_required
def totp_setup(request):
    if has_confirmed_device(request.user):
        messages.info(request, _("Verifikasi dua langkah sudah aktif."))
        return redirect("workspace:account")
    device = start_totp_setup(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        confirmed = confirm_totp(request.user, form.cleaned_data["code"])
        if confirmed is not None:
            # This session has just proved it holds the device.
            django_otp.login(request, confirmed)
            messages.success(request, _("Verifikasi dua langkah aktif."))
            return redirect("workspace:account")
        form.add_error("code", _("Kode tidak cocok. Periksa jam ponsel lalu coba kode berikutnya."))
    qr = segno.make(device.config_url, error="m")
    context = {
        "form": form,
        "qr_svg": qr.svg_inline(scale=5, light="white", title=_("Kode QR verifikasi dua langkah")),
        "secret": totp_secret_text(device),
    }
    return render(request, "workspace/totp_setup.html", context)


@require_POST
@staff_required
def totp_disable(request):
    form = CodeForm(request.POST)
    if form.is_valid():
        if disable_totp(request.user, form.cleaned_data["code"]):
            messages.success(request, _("Verifikasi dua langkah dimatikan."))
            return redirect("workspace:account")
        form.add_error("code", _("Kode salah atau sudah kedaluwarsa."))
    return render_account(request, disable_form=form, status=400)


@never_cache
@staff_required
def tokens(request):
    form = TokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        token, raw = issue_token(request.user, form.cleaned_data["name"])
        # The raw value goes straight into this response and nowhere else.
        new_token = {"token": token, "raw": raw}
        form = TokenForm()
    context = {
        "form": form,
        "new_token": new_token,
        "tokens": ApiToken.objects.filter(user=request.user),
        "lifetime_days": token_lifetime().days,
    }
    return render(request, "workspace/tokens.html", context)


@require_POST
@staff_required
def token_revoke(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    revoke_token(token)
    messages.success(request, _("Token “%(name)s” dicabut.") % {"name": token.name})
    return redirect("workspace:tokens")
