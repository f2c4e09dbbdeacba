"""`/api/v1/auth`: exchange a password (and a TOTP code) for a token; who am I."""

from datetime import datetime

from django.contrib.auth import authenticate, user_logged_in
from ninja import Field, Router, Schema, Status

from balai.offices.models import Membership

from .access import has_confirmed_device, is_staff_member
from .auth import staff_auth
from .constants import (
    BAD_CREDENTIALS_MESSAGE,
    NOT_STAFF_MESSAGE,
    OTP_REQUIRED_MESSAGE,
    OTP_WRONG_MESSAGE,
)
from .lockout import lockout_response
from .services import issue_token, verify_second_step

router = Router(tags=["autentikasi"])


class TokenRequest(Schema):
    username: str = Field(max_length=150)
    password: str = Field(max_length=4096)
    name: str = Field("API", max_length=100, description="Nama token, mis. nama aplikasinya.")
    otp: str | None = Field(
        None, max_length=12, description="Kode verifikasi dua langkah, bila akun memakainya."
    )


class TokenOut(Schema):
    token: str = Field(description="Token mentah; hanya ditampilkan sekali ini.")
    prefix: str
    name: str
    expires_at: datetime | None


class ErrorOut(Schema):
    detail: str


class SignInErrorOut(ErrorOut):
    otp_required: bool = Field(False, description="Benar bila yang kurang adalah kode `otp`.")


class MembershipOut(Schema):
    office_id: int
    office_name: str
    role: str
    role_label: str


class MeOut(Schema):
    username: str
    full_name: str
    memberships: list[MembershipOut]


@router.post(
    "/token",
    response={201: TokenOut, 401: SignInErrorOut, 403: ErrorOut, 429: ErrorOut},
    summary="Buat token API",
    description=(
        "Masuk dengan nama pengguna dan kata sandi petugas (ditambah `otp` bila verifikasi "
        "dua langkah aktif). Setelah 5 kali gagal akun dikunci sementara (HTTP 429)."
    ),
)
def create_token(request, payload: TokenRequest):
    # authenticate() with the request lets django-axes count failures and refuse locked users.
    user = authenticate(request, username=payload.username, password=payload.password)
    if user is None:
        if getattr(request, "axes_locked_out", False):
            return lockout_response(request)
        return Status(401, {"detail": str(BAD_CREDENTIALS_MESSAGE)})
    if not is_staff_member(user):
        return Status(403, {"detail": str(NOT_STAFF_MESSAGE)})
    if has_confirmed_device(user):
        if not payload.otp:
            return Status(401, {"detail": str(OTP_REQUIRED_MESSAGE), "otp_required": True})
        if verify_second_step(user, payload.otp) is None:
            return Status(401, {"detail": str(OTP_WRONG_MESSAGE), "otp_required": True})
    # Announce the sign-in: last_login is updated and django-axes logs it and clears failures.
    user_logged_in.send(sender=user.__class__, request=request, user=user)
    token, raw = issue_token(user, payload.name)
    return Status(
        201,
        {"token": raw, "prefix": token.prefix, "name": token.name, "expires_at": token.expires_at},
    )


@router.get("/me", response=MeOut, auth=staff_auth, summary="Petugas yang sedang masuk")
def me(request):
    user = request.user
    memberships = (
        Membership.objects.active()
        .filter(user=user, office__active=True)
        .select_related("office")
        .order_by("office__name", "role")
    )
    return {
        "username": user.get_username(),
        "full_name": user.get_full_name(),
        "memberships": [
            {
                "office_id": m.office_id,
                "office_name": m.office.name,
                "role": m.role,
                "role_label": str(m.get_role_display()),
            }
            for m in memberships
        ],
    }
