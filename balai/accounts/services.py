"""Operations that change accounts: API tokens and the second sign-in step (TOTP)."""

from base64 import b32encode
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from .constants import (
    DEFAULT_TOKEN_LIFETIME_DAYS,
    TOKEN_TOUCH_INTERVAL_SECONDS,
    TOTP_DEVICE_NAME,
)
from .models import ApiToken, hash_token

__all__ = [
    "confirm_totp",
    "disable_totp",
    "issue_token",
    "revoke_token",
    "start_totp_setup",
    "token_lifetime",
    "totp_secret_text",
    "touch_token",
    "verify_second_step",
]

PREFIX_LENGTH = 12


def token_lifetime() -> timedelta:
    days = getattr(settings, "API_TOKEN_LIFETIME_DAYS", DEFAULT_TOKEN_LIFETIME_DAYS)
    return timedelta(days=days)


def issue_token(user, name: str) -> tuple[ApiToken, str]:
    """Create a token and return it with its raw value, which is never stored."""
    raw = ApiToken.generate()
    token = ApiToken.objects.create(
        user=user,
        name=name.strip() or "API",
        key_hash=hash_token(raw),
        prefix=raw[:PREFIX_LENGTH],
        expires_at=timezone.now() + token_lifetime(),
    )
    return token, raw


def revoke_token(token: ApiToken) -> None:
    """Revoke once; revoking again keeps the first moment."""
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    token.refresh_from_db(fields=["revoked_at"])


def touch_token(token: ApiToken) -> None:
    """Record use, at most once per interval, so reads stay reads."""
    now = timezone.now()
    last = token.last_used_at
    if last is not None and now - last < timedelta(seconds=TOKEN_TOUCH_INTERVAL_SECONDS):
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now


def start_totp_setup(user) -> TOTPDevice:
    """The user's unconfirmed device, created on first use so the QR code stays the same."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


def totp_secret_text(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for typing into an app by hand."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _verify(device_qs, code: str):
    """Check a code against each device; the row lock stops one code being used twice."""
    code = "".join(code.split())
    with transaction.atomic():
        for device in device_qs.select_for_update():
            if device.verify_token(code):
                return device
    return None


def confirm_totp(user, code: str) -> TOTPDevice | None:
    """Confirm the pending device when the code matches; drop older confirmed ones."""
    device = _verify(TOTPDevice.objects.filter(user=user, confirmed=False), code)
    if device is None:
        return None
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    return device


def verify_second_step(user, code: str) -> TOTPDevice | None:
    """The confirmed device that accepts the code, or None."""
    return _verify(TOTPDevice.objects.filter(user=user, confirmed=True), code)


def disable_totp(user, code: str) -> bool:
    """Remove the user's devices, but only for someone who can still produce a code."""
    if verify_second_step(user, code) is None:
        return False
    TOTPDevice.objects.filter(user=user).delete()
    return True
