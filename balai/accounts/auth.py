"""Authentication for the API: bearer tokens for programs, the session for the browser.

Routers for staff pass `auth=staff_auth`. Both ways let in staff only (see `access`).
"""

from ninja.security import HttpBearer, SessionAuth

from .access import is_staff_member, owes_second_step
from .models import ApiToken, hash_token
from .services import touch_token

__all__ = ["SessionStaffAuth", "TokenAuth", "staff_auth"]


class TokenAuth(HttpBearer):
    """`Authorization: Bearer blt_…`, checked against the stored SHA-256."""

    def authenticate(self, request, token):
        if not token:
            return None
        api_token = (
            ApiToken.objects.usable()
            .select_related("user")
            .filter(key_hash=hash_token(token))
            .first()
        )
        if api_token is None or not is_staff_member(api_token.user):
            return None
        touch_token(api_token)
        request.user = api_token.user
        request.api_token = api_token
        return api_token.user


class SessionStaffAuth(SessionAuth):
    """The browser's session, with CSRF checked, for staff who finished signing in."""

    def authenticate(self, request, key):
        user = request.user
        if not is_staff_member(user) or owes_second_step(user):
            return None
        return user


staff_auth = [TokenAuth(), SessionStaffAuth()]
