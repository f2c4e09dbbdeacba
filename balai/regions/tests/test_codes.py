"""Region codes: dotted or not for official codes; local units read their level from the kind."""

import pytest

from balai.regions.codes import InvalidCode, kind_of, level_of, normalize_any_code
from balai.regions.constants import Kind, Level


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("3516012001", "35.16.01.2001"),
        (" 35.16.01.2001 ", "35.16.01.2001"),
        ("3516", "35.16"),
        ("35.16.01.2001.d01.rw003.rt002", "35.16.01.2001.D01.RW003.RT002"),
    ],
)
def test_codes_are_normalized(raw, code):
    assert normalize_any_code(raw) == code


@pytest.mark.parametrize(
    "raw", ["", "3", "35.1", "351601200", "35.16.01.2001.RW3", "35.16.01.RW003", "35.16.x"]
)
def test_malformed_codes_are_refused(raw):
    with pytest.raises(InvalidCode):
        normalize_any_code(raw)


@pytest.mark.parametrize(
    ("code", "level", "kind"),
    [
        ("35.16.01.2001.D01", Level.DUSUN, Kind.DUSUN),
        ("35.16.01.2001.RW003", Level.RW, Kind.RW),
        ("35.16.01.2001.D01.RW003", Level.RW, Kind.RW),
        ("35.16.01.2001.RW003.RT002", Level.RT, Kind.RT),
        ("35.78", Level.REGENCY, Kind.KOTA),
        ("35.16.08.1004", Level.VILLAGE, Kind.KELURAHAN),
    ],
)
def test_level_and_kind_follow_the_code(code, level, kind):
    assert (level_of(code), kind_of(code)) == (level, kind)
