"""Who counts as staff, and whether they still owe the second sign-in step.

Staff are active users with at least one active membership in an active office, and
superusers. The answer comes from the jurisdiction, which is computed once per request
and reused by every `visible_to(user)` afterwards.
"""

from django_otp import user_has_device

from balai.offices.jurisdiction import jurisdiction_of

__all__ = ["has_confirmed_device", "is_staff_member", "owes_second_step"]


def is_staff_member(user) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or not jurisdiction_of(user).is_empty


def has_confirmed_device(user) -> bool:
    return user.is_authenticated and user_has_device(user, confirmed=True)


def owes_second_step(user) -> bool:
    """True when the user has a confirmed TOTP device but this session has not used it."""
    if not user.is_authenticated:
        return False
    is_verified = getattr(user, "is_verified", None)
    if is_verified is not None and is_verified():
        return False
    return has_confirmed_device(user)
