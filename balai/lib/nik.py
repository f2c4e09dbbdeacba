"""NIK (Nomor Induk Kependudukan) and No. KK checks, as RULES.md describes them.

NIK: `PPKKCC DDMMYY SSSS` — the kecamatan code where it was first issued, the birth date
(day + 40 for women) and a serial from 0001. An unknown kabupaten or kecamatan prefix is only
a warning: old NIKs keep codes of regions that have since been split.
"""

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _


@dataclass
class NikCheck:
    nik: str
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    birth_date: datetime.date | None = None
    female: bool | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


def clean_digits(raw: str) -> str:
    return "".join(ch for ch in (raw or "") if not ch.isspace() and ch not in ".-")


def region_codes_of(nik: str) -> tuple[str, str, str]:
    """Province, kabupaten and kecamatan codes in dotted form (`35`, `35.16`, `35.16.01`)."""
    return nik[:2], f"{nik[:2]}.{nik[2:4]}", f"{nik[:2]}.{nik[2:4]}.{nik[4:6]}"


def check_nik(raw: str, known_codes=None) -> NikCheck:
    """Validate a NIK. `known_codes(codes)` returns which region codes exist (None: skip)."""
    nik = clean_digits(raw)
    result = NikCheck(nik=nik)
    if len(nik) != 16 or not nik.isdigit():
        result.errors.append(_("NIK harus 16 angka."))
        return result
    day, month, year = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    result.female = day > 40
    if result.female:
        day -= 40
    result.birth_date = _birth_date(day, month, year)
    if result.birth_date is None:
        result.errors.append(_("Tanggal lahir dalam NIK (angka ke-7 sampai ke-12) tidak sah."))
    if nik[12:] == "0000":
        result.errors.append(_("Nomor urut NIK (4 angka terakhir) tidak boleh 0000."))
    if known_codes is not None:
        _check_regions(result, nik, known_codes)
    return result


def _birth_date(day: int, month: int, two_digit_year: int) -> datetime.date | None:
    # The century is not in the NIK: the latest year not in the future is taken.
    this_year = datetime.date.today().year
    year = 2000 + two_digit_year
    if year > this_year:
        year -= 100
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _check_regions(result: NikCheck, nik: str, known_codes) -> None:
    province, kabupaten, kecamatan = region_codes_of(nik)
    found = set(known_codes([province, kabupaten, kecamatan]))
    if province not in found:
        result.errors.append(
            _("Kode provinsi %(code)s dalam NIK tidak dikenal.") % {"code": province}
        )
    elif kecamatan not in found:
        result.warnings.append(
            _("Kode kecamatan %(code)s dalam NIK tidak ada di daftar wilayah terbaru.")
            % {"code": kecamatan}
        )


def check_kk(raw: str, known_codes=None) -> list[str]:
    """No. KK: 16 digits with a known province prefix (its date layout is not verified)."""
    number = clean_digits(raw)
    if len(number) != 16 or not number.isdigit():
        return [_("Nomor KK harus 16 angka.")]
    if known_codes is not None and number[:2] not in set(known_codes([number[:2]])):
        return [_("Kode provinsi %(code)s dalam nomor KK tidak dikenal.") % {"code": number[:2]}]
    return []


def mask(value: str, keep_start: int = 4, keep_end: int = 4) -> str:
    """`3201••••••••0001`: enough to recognise, not enough to misuse."""
    if not value:
        return ""
    if len(value) <= keep_start + keep_end:
        return "•" * len(value)
    return value[:keep_start] + "•" * (len(value) - keep_start - keep_end) + value[-keep_end:]
