"""Kemendagri region codes: `PP.KK.CC.DDDD` (RULES.md, "Kode wilayah").

Local units below a village carry their parent's code plus one segment
(`35.16.01.2001.RW003.RT002`), so every descendant of a region is found by code prefix.
"""

import re

from .constants import Kind, Level

OFFICIAL_CODE = re.compile(r"^\d{2}(?:\.\d{2}(?:\.\d{2}(?:\.\d{4})?)?)?$")
SEGMENT_LENGTHS = (2, 2, 2, 4)

# Local units below a village: dusun or lingkungan `D01`, RW `RW003`, RT `RT002`.
# Dusun and lingkungan are the same level (a desa has dusun, a kelurahan lingkungan) and
# share one numbering; which of the two a unit is, is stored on the row, not in the code.
# An RW hangs from the village or from a dusun/lingkungan; an RT only from an RW.
LOCAL_CODE = re.compile(r"^\d{2}\.\d{2}\.\d{2}\.\d{4}(?:\.D\d{2})?(?:\.RW\d{3}(?:\.RT\d{3})?)?$")
LOCAL_SEGMENTS = {
    Kind.DUSUN: ("D", 2),
    Kind.LINGKUNGAN: ("D", 2),
    Kind.RW: ("RW", 3),
    Kind.RT: ("RT", 3),
}
LOCAL_LEVELS = {
    Kind.DUSUN: Level.DUSUN,
    Kind.LINGKUNGAN: Level.DUSUN,
    Kind.RW: Level.RW,
    Kind.RT: Level.RT,
}


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


def normalize_any_code(raw: str) -> str:
    """Like `normalize_code`, but also accepts the code of a local unit (dotted only)."""
    text = (raw or "").strip().upper()
    if LOCAL_CODE.match(text) and text.count(".") > 3:
        return text
    return normalize_code(text)


def local_segment(kind: str, number: int) -> str:
    """The code segment of a local unit: dusun 1 → `D01`, RW 3 → `RW003`."""
    prefix, width = LOCAL_SEGMENTS[Kind(kind)]
    if not 1 <= number < 10**width:
        raise InvalidCode(f"Nomor {number} di luar rentang 1–{10**width - 1}")
    return f"{prefix}{number:0{width}d}"


def local_kind_of(code: str) -> Kind:
    """The kind of a local unit, read from the last segment of its code.

    A `D` segment reads as dusun; a lingkungan says so in its stored `kind`.
    """
    last = code.rsplit(".", 1)[-1]
    for kind, (prefix, width) in LOCAL_SEGMENTS.items():
        if last.startswith(prefix) and len(last) == len(prefix) + width:
            return kind
    raise InvalidCode(f"Bukan kode satuan lokal: {code!r}")


def level_of(code: str) -> Level:
    depth = code.count(".") + 1
    if depth <= Level.VILLAGE:
        return Level(depth)
    # An RW directly under a village sits one segment higher than one under a dusun,
    # so a local unit's level comes from its kind, not from its depth.
    return LOCAL_LEVELS[local_kind_of(code)]


def parent_code(code: str) -> str | None:
    return code.rsplit(".", 1)[0] if "." in code else None


def kind_of(code: str) -> Kind:
    """The kind of a region, read from its code alone."""
    if code.count(".") > 3:
        return local_kind_of(code)
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
