"""The demo's regions: real Kemendagri codes and names, plus invented local units.

Official rows follow Kepmendagri 300.2.2-2138 Tahun 2025. Local units (dusun/lingkungan,
RW, RT) carry their parent's code plus one segment, like those an administrator adds.
Names are stored without the kind, as the official names are ("Krajan", "001"); the
region shows itself as "Dusun Krajan", "RW 001".
"""

from typing import NamedTuple

from balai.regions.codes import kind_of, level_of, parent_code
from balai.regions.constants import Kind, Level

OFFICIAL_REGIONS = [
    ("35", "Jawa Timur"),
    ("35.16", "Kabupaten Mojokerto"),
    ("35.16.01", "Jatirejo"),
    ("35.16.01.2001", "Tawangrejo"),
    ("35.16.01.2002", "Rejosari"),
    ("35.16.08", "Mojosari"),
    ("35.16.08.1004", "Kauman"),
    ("35.16.08.2001", "Sumbertanggul"),
]

KABUPATEN = "35.16"
VILLAGES = ["35.16.01.2001", "35.16.01.2002", "35.16.08.1004", "35.16.08.2001"]

# Two dusun (desa) or lingkungan (kelurahan) per village.
LOCAL_UNIT_NAMES = {
    "35.16.01.2001": ["Krajan", "Sumberjo"],
    "35.16.01.2002": ["Krajan", "Ngembeh"],
    "35.16.08.1004": ["Kauman Utara", "Kauman Selatan"],
    "35.16.08.2001": ["Krajan", "Tanggulrejo"],
}
RWS_PER_UNIT = 2
RTS_PER_RW = 3

FIRST_RW_OF_TAWANGREJO = "35.16.01.2001.D01.RW001"
FIRST_RT_OF_TAWANGREJO = "35.16.01.2001.D01.RW001.RT001"


class RegionRow(NamedTuple):
    code: str
    name: str
    level: int
    kind: str
    parent_code: str | None


def official_rows() -> list[RegionRow]:
    return [
        RegionRow(code, name, level_of(code), kind_of(code), parent_code(code))
        for code, name in OFFICIAL_REGIONS
    ]


def local_rows() -> list[RegionRow]:
    """Dusun/lingkungan → RW → RT under every demo village.

    RW numbers run on through the village (the second dusun starts at RW 003), RT numbers
    start again in every RW, as most villages number them.
    """
    rows = []
    for village in VILLAGES:
        unit_kind = Kind.LINGKUNGAN if kind_of(village) == Kind.KELURAHAN else Kind.DUSUN
        rw_number = 0
        for unit_index, unit_name in enumerate(LOCAL_UNIT_NAMES[village], start=1):
            unit = f"{village}.D{unit_index:02d}"
            rows.append(RegionRow(unit, unit_name, Level.DUSUN, unit_kind, village))
            for _ in range(RWS_PER_UNIT):
                rw_number += 1
                rw = f"{unit}.RW{rw_number:03d}"
                rows.append(RegionRow(rw, f"{rw_number:03d}", Level.RW, Kind.RW, unit))
                for rt_number in range(1, RTS_PER_RW + 1):
                    rt = f"{rw}.RT{rt_number:03d}"
                    rows.append(RegionRow(rt, f"{rt_number:03d}", Level.RT, Kind.RT, rw))
    return rows


def all_rows() -> list[RegionRow]:
    """Parents before children, so each row's parent already exists when it is written."""
    return official_rows() + local_rows()
