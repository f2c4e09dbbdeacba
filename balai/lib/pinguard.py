"""The PIN step of public tracking pages (requests and complaints).

Five wrong tries lock a code for fifteen minutes (only a hash of the code goes into the
cache). A right PIN is remembered in the browser's session for that code alone, as the
PIN's hash, so a new PIN (or a changed one) invalidates the proof.
"""

import hashlib

from django.core.cache import cache
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

MAX_PIN_FAILURES = 5
PIN_LOCK_SECONDS = 15 * 60


class PinGuard:
    def __init__(self, namespace: str, check):
        """`check(holder, pin) -> bool`; a holder has `.code` and `.pin_hash`."""
        self.namespace = namespace
        self.check = check
        self.session_key = f"{namespace}_tracking"

    def _key(self, code: str, what: str) -> str:
        digest = hashlib.sha256(code.encode()).hexdigest()[:32]
        return f"{self.namespace}:pin:{what}:{digest}"

    def locked(self, code: str) -> bool:
        return bool(cache.get(self._key(code, "lock")))

    def attempt(self, holder, pin: str) -> bool:
        """Check a PIN, counting failures; the fifth failure locks the code."""
        failures_key = self._key(holder.code, "fail")
        if self.check(holder, pin or ""):
            cache.delete(failures_key)
            return True
        cache.add(failures_key, 0, PIN_LOCK_SECONDS)
        try:
            failures = cache.incr(failures_key)
        except ValueError:  # expired between add and incr
            cache.set(failures_key, 1, PIN_LOCK_SECONDS)
            failures = 1
        if failures >= MAX_PIN_FAILURES:
            cache.set(self._key(holder.code, "lock"), True, PIN_LOCK_SECONDS)
            cache.delete(failures_key)
        return False

    def is_proven(self, request, holder) -> bool:
        """Whether this browser entered the right PIN for this very code."""
        stored = request.session.get(self.session_key, {}).get(holder.code)
        return bool(stored) and constant_time_compare(stored, holder.pin_hash)

    def forget(self, request, code: str) -> None:
        request.session.get(self.session_key, {}).pop(code, None)
        request.session.modified = True

    def try_form(self, request, holder, form_class):
        """Handle a posted PIN form: (None, 302) when right, else (form, 200 or 429)."""
        form = form_class(request.POST)
        if self.locked(holder.code):
            return form_class(), 429
        if not form.is_valid():
            return form, 200
        if self.attempt(holder, form.cleaned_data["pin"]):
            proven = request.session.get(self.session_key, {})
            proven[holder.code] = holder.pin_hash
            request.session[self.session_key] = proven
            request.session.cycle_key()
            return None, 302
        if self.locked(holder.code):
            return form_class(), 429
        form.add_error(
            "pin", _("PIN salah. Periksa kembali PIN yang Anda terima bersama kode lacak.")
        )
        return form, 200
