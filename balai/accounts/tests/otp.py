"""Codes as an authenticator app would show them, computed from a device's key."""

from django_otp.oath import totp

PASSWORD = "rahasia-uji-123"


def current_code(device) -> str:
    value = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{value:0{device.digits}d}"


def wrong_code(device) -> str:
    return f"{(int(current_code(device)) + 1) % 1_000_000:06d}"
