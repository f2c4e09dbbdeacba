"""Kemendagri region codes: `PP.KK.CC.DDDD` (RULES.md, "Kode wilayah").

Local units below a village carry their parent's code plus one segment
(`35.16.01.2001.RW003.RT002`), so every descendant of a region is found by code prefix.
"""

import re

from .constants import Kind, Level

OFFICIAL_CODE = re.compile(r"^\d{2}(?:\.\d{2}(?:\.\d{2}(?:\.\d{4})?)?)?$")
SEGMENT_LENGTHS = (2, 2, 2, 4)


class InvalidCode(ValueError):
    pass


def normalize_code(raw: str) -> str:
    """Accept a code with or without dots and return the dotted form."""
    text = (raw or "").strip()
    if "." in text:
        if not OFFICIAL_CODE.match(text):
            raise InvalidCode(f"Kode wilayah tidak sah: {raw!r}")
        return text
    if not text.isdigit() or len(text) not in (2, 4, 6, 10):
        raise InvalidCode(f"Kode wilayah tidak sah: {raw!r}")
    parts, pos = [], 0
    for length in SEGMENT_LENGTHS:
        if pos >= len(text):
            break
        parts.append(text[pos : pos + length])
        pos += length
    return ".".join(parts)


def level_of(code: str) -> Level:
    return Level(code.count(".") + 1)


def parent_code(code: str) -> str | None:
    return code.rsplit(".", 1)[0] if "." in code else None


def kind_of(code: str) -> Kind:
    """The kind of an official region, read from its code alone."""
    level = level_of(code)
    if level == Level.PROVINCE:
        return Kind.PROVINCE
    if level == Level.REGENCY:
        return Kind.KOTA if int(code[3:5]) >= 71 else Kind.KABUPATEN
    if level == Level.DISTRICT:
        return Kind.KECAMATAN
    first_digit = code[-4]
    return {"1": Kind.KELURAHAN, "2": Kind.DESA, "3": Kind.DESA_ADAT}.get(first_digit, Kind.DESA)


def ancestor_codes(code: str) -> list[str]:
    """Codes of every ancestor, the province first."""
    parts = code.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]
