"""`load_regions`: every bad row reported with its line and nothing loaded; otherwise an
idempotent upsert that never deletes and never touches local units."""

import io

import pytest
from django.core.management import CommandError, call_command

from balai.regions.constants import Kind, Level
from balai.regions.models import Region
from balai.regions.services import RegionFileError, load_regions

pytestmark = pytest.mark.django_db

GOOD = """kode,nama
35,Jawa Timur
35.16,Kabupaten Mojokerto
35.16.01,Jatirejo
35.16.01.2001,Tawangrejo
35.16.01.2002,Rejosari
35.16.08,Mojosari
35.16.08.1004,Kauman
35.78,Kota Surabaya
"""


def write(tmp_path, text, name="wilayah.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def names():
    return dict(Region.objects.values_list("code", "name"))


def inactive_codes():
    return set(Region.objects.filter(active=False).values_list("code", flat=True))


def test_good_file_loads_every_region_with_level_kind_and_parent(tmp_path):
    report = load_regions(write(tmp_path, GOOD))

    assert (report.rows_read, report.added, report.updated, report.unchanged) == (8, 8, 0, 0)
    village = Region.objects.get(code="35.16.01.2001")
    assert (village.name, village.level, village.kind, village.parent_id) == (
        "Tawangrejo",
        Level.VILLAGE,
        Kind.DESA,
        "35.16.01",
    )
    assert Region.objects.get(code="35.16.08.1004").kind == Kind.KELURAHAN
    assert Region.objects.get(code="35.78").kind == Kind.KOTA
    assert Region.objects.get(code="35").parent_id is None


def test_rerunning_the_same_file_changes_nothing(tmp_path):
    path = write(tmp_path, GOOD)
    load_regions(path)
    stamps = dict(Region.objects.values_list("code", "updated_at"))

    report = load_regions(path)

    assert (report.added, report.updated, report.unchanged, report.deactivated) == (0, 0, 8, 0)
    assert dict(Region.objects.values_list("code", "updated_at")) == stamps


def test_renamed_region_gets_the_new_name(tmp_path):
    load_regions(write(tmp_path, GOOD))

    report = load_regions(write(tmp_path, GOOD.replace("Rejosari", "Rejosari Baru")))

    assert (report.updated, report.unchanged) == (1, 7)
    assert names()["35.16.01.2002"] == "Rejosari Baru"


def test_vanished_codes_become_inactive_and_are_kept(tmp_path):
    load_regions(write(tmp_path, GOOD))

    report = load_regions(write(tmp_path, GOOD.replace("35.16.01.2002,Rejosari\n", "")))

    assert report.deactivated == 1
    assert inactive_codes() == {"35.16.01.2002"}
    assert Region.objects.count() == 8


def test_codes_that_come_back_are_active_again(tmp_path):
    load_regions(write(tmp_path, GOOD))
    load_regions(write(tmp_path, GOOD.replace("35.16.01.2002,Rejosari\n", "")))

    report = load_regions(write(tmp_path, GOOD))

    assert (report.added, report.updated, report.deactivated) == (0, 1, 0)
    assert inactive_codes() == set()


def test_new_codes_are_added_beside_existing_ones(tmp_path):
    load_regions(write(tmp_path, GOOD))

    report = load_regions(write(tmp_path, GOOD + "35.16.01.2003,Sumberagung\n"))

    assert (report.added, report.unchanged) == (1, 8)
    assert Region.objects.get(code="35.16.01.2003").parent_id == "35.16.01"


def test_local_units_are_never_touched(tmp_path):
    load_regions(write(tmp_path, GOOD))
    rw = Region.objects.create(
        code="35.16.01.2001.RW003",
        name="003",
        level=Level.RW,
        kind=Kind.RW,
        parent_id="35.16.01.2001",
    )

    report = load_regions(write(tmp_path, GOOD))

    rw.refresh_from_db()
    assert rw.active
    assert report.deactivated == 0


def test_children_may_hang_from_parents_already_in_the_database(tmp_path):
    load_regions(write(tmp_path, GOOD))

    report = load_regions(write(tmp_path, "kode,nama\n35.16.01.2003,Sumberagung\n"))

    assert report.added == 1
    # Everything else vanished from this file, so it is kept but inactive.
    assert report.deactivated == 8


def test_codes_without_dots_are_accepted(tmp_path):
    load_regions(write(tmp_path, "kode,nama\n35,Jawa Timur\n3516,Kabupaten Mojokerto\n"))

    assert names() == {"35": "Jawa Timur", "35.16": "Kabupaten Mojokerto"}


def test_children_listed_before_their_parents_still_load(tmp_path):
    load_regions(
        write(tmp_path, "kode,nama\n35.16.01,Jatirejo\n35.16,Kabupaten Mojokerto\n35,Jatim\n")
    )

    assert Region.objects.count() == 3


def test_a_binary_file_object_with_a_bom_is_read(tmp_path):
    data = io.BytesIO(("\ufeff" + GOOD).encode("utf-8"))

    report = load_regions(data)

    assert report.added == 8
    assert not data.closed


BAD = """kode,nama
35,Jawa Timur
35.16,Kabupaten Mojokerto
35.1x,Salah
35.16.01,
35.16,Mojokerto Lagi
36.01,Kabupaten Tanpa Provinsi
35.16.01.2001,Tawangrejo,lebih
3516012,Terlalu Pendek
"""


def test_every_bad_row_is_reported_with_its_line_and_nothing_is_loaded(tmp_path):
    with pytest.raises(RegionFileError) as raised:
        load_regions(write(tmp_path, BAD))

    lines = [(error.line, str(error)) for error in raised.value.errors]
    assert [line for line, _ in lines] == [4, 5, 6, 7, 8, 9]
    messages = "\n".join(text for _, text in lines)
    assert "Baris 4: kode wilayah tidak sah: '35.1x'" in messages
    assert "Baris 5: nama wilayah 35.16.01 kosong" in messages
    assert "Baris 6: kode 35.16 ganda, sudah ada di baris 3" in messages
    assert "Baris 7: induk 36 dari kode 36.01 tidak ada" in messages
    assert "Baris 8: harus ada 2 kolom" in messages
    assert "Baris 9: kode wilayah tidak sah: '3516012'" in messages
    assert Region.objects.count() == 0


def test_a_bad_file_leaves_an_existing_tree_unchanged(tmp_path):
    load_regions(write(tmp_path, GOOD))
    before = names()

    with pytest.raises(RegionFileError):
        load_regions(write(tmp_path, GOOD.replace("Rejosari", "Baru") + "35.16.01.x,Rusak\n"))

    assert names() == before
    assert inactive_codes() == set()


def test_a_wrong_header_is_reported_on_line_one(tmp_path):
    with pytest.raises(RegionFileError) as raised:
        load_regions(write(tmp_path, "code;name\n35,Jawa Timur\n"))

    assert raised.value.errors[0].line == 1


def test_a_file_that_is_not_utf8_is_refused(tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes("kode,nama\n35,Jawa Timur \xe9\n".encode("latin-1"))

    with pytest.raises(RegionFileError, match="UTF-8"):
        load_regions(path)


def test_command_prints_the_summary(tmp_path):
    out = io.StringIO()

    call_command("load_regions", str(write(tmp_path, GOOD)), stdout=out)

    assert "8 baris dibaca: 8 baru, 0 diperbarui, 0 tetap, 0 dinonaktifkan" in out.getvalue()


def test_command_lists_bad_rows_and_fails(tmp_path):
    err = io.StringIO()

    with pytest.raises(CommandError, match="6 baris bermasalah"):
        call_command("load_regions", str(write(tmp_path, BAD)), stderr=err)

    assert "Baris 4:" in err.getvalue()
    assert Region.objects.count() == 0


def test_command_reports_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="tidak ditemukan"):
        call_command("load_regions", str(tmp_path / "tidak-ada.csv"))
