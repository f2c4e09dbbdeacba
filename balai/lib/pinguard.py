"""Brute-force guard for PINs typed on public pages: five wrong tries lock a code for
fifteen minutes. Only a hash of the code goes into the cache."""

import hashlib

from django.core.cache import cache

MAX_PIN_FAILURES = 5
PIN_LOCK_SECONDS = 15 * 60


class PinGuard:
    def __init__(self, namespace: str):
        self.namespace = namespace

    def _key(self, code: str, what: str) -> str:
        digest = hashlib.sha256(code.encode()).hexdigest()[:32]
        return f"{self.namespace}:pin:{what}:{digest}"

    def locked(self, code: str) -> bool:
        return bool(cache.get(self._key(code, "lock")))

    def attempt(self, code: str, pin_is_right) -> bool:
        """Run the check `pin_is_right()`, counting failures; the fifth locks the code."""
        failures_key = self._key(code, "fail")
        if pin_is_right():
            cache.delete(failures_key)
            return True
        cache.add(failures_key, 0, PIN_LOCK_SECONDS)
        try:
            failures = cache.incr(failures_key)
        except ValueError:  # expired between add and incr
            cache.set(failures_key, 1, PIN_LOCK_SECONDS)
            failures = 1
        if failures >= MAX_PIN_FAILURES:
            cache.set(self._key(code, "lock"), True, PIN_LOCK_SECONDS)
            cache.delete(failures_key)
        return False
