"""Checking, normalising and hiding the addresses and numbers messages go to."""

import hashlib
import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from balai.lib.nik import mask

from .constants import PHONE_CHANNELS, Channel

PHONE_SEPARATORS = re.compile(r"[\s\-.()/]")
# Indonesian mobile numbers: 8 then 8 to 11 digits after the country code 62.
MOBILE_SUBSCRIBER = re.compile(r"8\d{8,11}")


def normalize_phone(raw: str) -> str:
    """`0812-3456-7890`, `62812…` or `+62 812…` → `+6281234567890` (E.164).

    Only mobile numbers can take SMS or WhatsApp, so anything else is refused.
    """
    number = PHONE_SEPARATORS.sub("", str(raw or ""))
    if number.startswith("+62"):
        national = number[3:]
    elif number.startswith("62"):
        national = number[2:]
    elif number.startswith("0"):
        national = number[1:]
    else:
        raise ValueError(_("Nomor HP harus diawali 08, 62 atau +62, misalnya 0812 3456 7890."))
    # "+62 (0)812…" is a common way of writing it: the trunk 0 does not belong in E.164.
    if national.startswith("0"):
        national = national[1:]
    if not MOBILE_SUBSCRIBER.fullmatch(national):
        raise ValueError(
            _(
                "Nomor HP tidak sah: harus nomor seluler 10 sampai 13 angka, misalnya 0812 3456 7890."
            )
        )
    return "+62" + national


def normalize_email(raw: str) -> str:
    address = str(raw or "").strip().lower()
    try:
        validate_email(address)
    except ValidationError:
        raise ValueError(_("Alamat surel tidak sah, misalnya nama@contoh.id.")) from None
    return address


def normalize_recipient(channel: str, raw: str) -> str:
    if channel == Channel.EMAIL:
        return normalize_email(raw)
    if channel in PHONE_CHANNELS:
        return normalize_phone(raw)
    raise ValueError(_("Saluran pesan tidak dikenal: %(channel)s") % {"channel": channel})


def mask_recipient(channel: str, recipient: str) -> str:
    """`+62812••••7890`, `bu••••i@contoh.id`: enough to recognise, not to reuse."""
    if not recipient:
        return ""
    if channel == Channel.EMAIL and "@" in recipient:
        local, domain = recipient.rsplit("@", 1)
        return f"{mask(local, 2, 1)}@{domain}"
    return mask(recipient, 6, 4)


def recipient_hash(recipient: str) -> str:
    return hashlib.sha256(f"balai-notifications:{recipient}".encode()).hexdigest()


def scrub(text: str, channel: str, recipient: str) -> str:
    """Replace every spelling of the recipient in `text` (an error, a gateway's answer)."""
    if not recipient:
        return text
    masked = mask_recipient(channel, recipient)
    spellings = {recipient}
    if recipient.startswith("+62"):
        national = recipient[3:]
        spellings |= {recipient[1:], "0" + national, national}
    for spelling in sorted(spellings, key=len, reverse=True):
        text = re.sub(re.escape(spelling), masked, text, flags=re.IGNORECASE)
    return text
