"""Operations that change the region tree.

`load_regions` brings the official Kemendagri list (levels 1–4) up to date from a CSV file;
`create_local_unit` adds a dusun/lingkungan, RW or RT below a village.
"""

import csv
import io
import time
from contextlib import contextmanager
from dataclasses import dataclass
from os import PathLike
from typing import IO

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .codes import (
    LOCAL_LEVELS,
    InvalidCode,
    kind_of,
    level_of,
    local_segment,
    normalize_code,
    parent_code,
)
from .constants import Kind, Level
from .models import Region

__all__ = [
    "LOCAL_PARENT_KINDS",
    "LoadReport",
    "RegionFileError",
    "RowError",
    "can_manage_village",
    "create_local_unit",
    "load_regions",
    "read_region_file",
]

EXPECTED_HEADER = ["kode", "nama"]
NAME_MAX_LENGTH = Region._meta.get_field("name").max_length
# SQL below is built from these constant identifiers only; values always go as parameters.
STAGING_TABLE = "region_load_staging"
LOOKUP_CHUNK = 500


# --- loading the Kemendagri list -------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    line: int
    message: str

    def __str__(self):
        if not self.line:
            return self.message
        return _("Baris %(line)d: %(message)s") % {"line": self.line, "message": self.message}


class RegionFileError(Exception):
    """The file has bad rows; nothing was loaded."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


@dataclass
class LoadReport:
    rows_read: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    deactivated: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        return _(
            "%(rows)d baris dibaca: %(added)d baru, %(updated)d diperbarui, "
            "%(unchanged)d tetap, %(deactivated)d dinonaktifkan (%(seconds).1f detik)."
        ) % {
            "rows": self.rows_read,
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "deactivated": self.deactivated,
            "seconds": self.seconds,
        }


def load_regions(source: str | PathLike | IO) -> LoadReport:
    """Validate every row of a `kode,nama` file, then upsert the official regions.

    Names are updated, new codes added, official codes missing from the file become
    inactive (never deleted) and come back to life when they reappear. Local units are
    left alone. Any bad row raises `RegionFileError` with every bad row and loads nothing.
    """
    started = time.perf_counter()
    rows = read_region_file(source)
    report = LoadReport(rows_read=len(rows))
    with transaction.atomic():
        _fill_staging(rows)
        del rows  # the staging table holds them now; keep peak memory low
        report.added, report.updated = _count_changes()
        _upsert_from_staging()
        report.deactivated = _deactivate_vanished()
        _drop_staging()
    _refresh_statistics()
    report.unchanged = report.rows_read - report.added - report.updated
    report.seconds = time.perf_counter() - started
    return report


def read_region_file(source: str | PathLike | IO) -> list[tuple[str, str, int, str, str | None]]:
    """Parse and validate the whole file: rows of (code, name, level, kind, parent code).

    Raises `RegionFileError` listing every bad row.
    """
    with _open_text(source) as handle:
        try:
            rows, errors, first_line = _parse(handle)
        except UnicodeDecodeError:
            raise RegionFileError([RowError(0, _("berkas harus berupa teks UTF-8."))]) from None
    errors += _unknown_parents(rows, first_line)
    if errors:
        errors.sort(key=lambda e: e.line)
        raise RegionFileError(errors)
    # Parents before children: the foreign key holds at every step on any database.
    rows.sort(key=lambda row: (row[2], row[0]))
    return rows


@contextmanager
def _open_text(source):
    """A path, or a binary/text file object, read as UTF-8 text (a BOM is allowed)."""
    if isinstance(source, str | PathLike):
        with open(source, encoding="utf-8-sig", newline="") as handle:
            yield handle
    elif isinstance(source, io.TextIOBase):
        yield source
    else:
        wrapper = io.TextIOWrapper(source, encoding="utf-8-sig", newline="")
        try:
            yield wrapper
        finally:
            wrapper.detach()  # leave the caller's file open


def _parse(handle):
    reader = csv.reader(handle)
    errors: list[RowError] = []
    rows = []
    first_line: dict[str, int] = {}
    header = next(reader, None)
    if [cell.strip().lower() for cell in header or []] != EXPECTED_HEADER:
        errors.append(RowError(1, _("judul kolom harus 'kode,nama'.")))
    for record in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in record):
            continue  # blank lines carry nothing
        row, error = _parse_row(record, line, first_line)
        if error:
            errors.append(RowError(line, error))
        else:
            rows.append(row)
    return rows, errors, first_line


def _parse_row(record, line, first_line):
    if len(record) != 2:
        return None, _("harus ada 2 kolom (kode, nama), ditemukan %(count)d.") % {
            "count": len(record)
        }
    raw_code, raw_name = record
    try:
        code = normalize_code(raw_code)
    except InvalidCode:
        return None, _("kode wilayah tidak sah: '%(code)s'.") % {"code": raw_code.strip()}
    name = " ".join(raw_name.split())
    if code in first_line:
        return None, _("kode %(code)s ganda, sudah ada di baris %(first)d.") % {
            "code": code,
            "first": first_line[code],
        }
    first_line[code] = line
    if not name:
        return None, _("nama wilayah %(code)s kosong.") % {"code": code}
    if len(name) > NAME_MAX_LENGTH:
        return None, _("nama wilayah %(code)s lebih dari %(max)d karakter.") % {
            "code": code,
            "max": NAME_MAX_LENGTH,
        }
    return (code, name, int(level_of(code)), str(kind_of(code)), parent_code(code)), None


def _unknown_parents(rows, first_line) -> list[RowError]:
    """Rows whose parent is neither in the file nor already in the database."""
    missing = {row[4] for row in rows if row[4] and row[4] not in first_line}
    known = set()
    pending = sorted(missing)
    for start in range(0, len(pending), LOOKUP_CHUNK):
        chunk = pending[start : start + LOOKUP_CHUNK]
        known.update(Region.objects.filter(code__in=chunk).values_list("code", flat=True))
    unknown = missing - known
    return [
        RowError(
            first_line[code],
            _("induk %(parent)s dari kode %(code)s tidak ada di berkas maupun di basis data.")
            % {"parent": parent, "code": code},
        )
        for code, _name, _level, _kind, parent in rows
        if parent in unknown
    ]


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _staging_qualified() -> str:
    schema = "pg_temp" if connection.vendor == "postgresql" else "temp"
    return f"{schema}.{STAGING_TABLE}"


def _fill_staging(rows) -> None:
    with connection.cursor() as cursor:
        # Left over when an outer transaction (a test, a caller's atomic block) is still open.
        cursor.execute(f"DROP TABLE IF EXISTS {_staging_qualified()}")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {STAGING_TABLE} (code varchar(40) PRIMARY KEY, "
            "name varchar(120) NOT NULL, level smallint NOT NULL, "
            "kind varchar(12) NOT NULL, parent_id varchar(40))"
        )
        if connection.vendor == "postgresql":
            # COPY streams every row in one round trip.
            with cursor.cursor.copy(
                f"COPY {STAGING_TABLE} (code, name, level, kind, parent_id) FROM STDIN"
            ) as copy:
                for row in rows:
                    copy.write_row(row)
            cursor.execute(f"ANALYZE {STAGING_TABLE}")
        else:
            cursor.executemany(
                f"INSERT INTO {STAGING_TABLE} (code, name, level, kind, parent_id) "  # noqa: S608
                "VALUES (%s, %s, %s, %s, %s)",
                rows,
            )


def _differs(target: str, source: str) -> str:
    """SQL condition: the stored row differs from the incoming one (parent follows the code)."""
    return (
        f"{target}.name <> {source}.name OR {target}.kind <> {source}.kind "
        f"OR {target}.level <> {source}.level OR NOT {target}.active"
    )


def _count_changes() -> tuple[int, int]:
    region = _q(Region._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM {STAGING_TABLE} s WHERE NOT EXISTS "  # noqa: S608
            f"(SELECT 1 FROM {region} r WHERE r.code = s.code)"
        )
        added = cursor.fetchone()[0]
        cursor.execute(
            f"SELECT COUNT(*) FROM {STAGING_TABLE} s JOIN {region} r ON r.code = s.code "  # noqa: S608
            f"WHERE {_differs('r', 's')}"
        )
        updated = cursor.fetchone()[0]
    return added, updated


def _upsert_from_staging() -> None:
    region = _q(Region._meta.db_table)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        # `WHERE TRUE` keeps SQLite from reading ON CONFLICT as a join constraint.
        # The DO UPDATE condition skips unchanged rows, so a re-run writes nothing.
        cursor.execute(
            f"INSERT INTO {region} (code, name, level, kind, parent_id, active, updated_at) "  # noqa: S608
            f"SELECT code, name, level, kind, parent_id, TRUE, %s FROM {STAGING_TABLE} "
            "WHERE TRUE ORDER BY level, code "
            "ON CONFLICT (code) DO UPDATE SET name = excluded.name, level = excluded.level, "
            "kind = excluded.kind, parent_id = excluded.parent_id, active = TRUE, "
            f"updated_at = excluded.updated_at WHERE {_differs(region, 'excluded')}",
            [now],
        )


def _deactivate_vanished() -> int:
    region = _q(Region._meta.db_table)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {region} SET active = FALSE, updated_at = %s "  # noqa: S608
            f"WHERE level <= %s AND active AND NOT EXISTS "
            f"(SELECT 1 FROM {STAGING_TABLE} s WHERE s.code = {region}.code)",
            [now, int(Level.VILLAGE)],
        )
        return cursor.rowcount


def _drop_staging() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {_staging_qualified()}")


def _refresh_statistics() -> None:
    """Fresh planner statistics, so name search picks the trigram index after a big load."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {_q(Region._meta.db_table)}")


# --- local units ---------------------------------------------------------------------

# Which kinds of region each local unit may hang from.
VILLAGE_KINDS = {Kind.DESA, Kind.DESA_ADAT, Kind.KELURAHAN}
LOCAL_PARENT_KINDS = {
    Kind.DUSUN: VILLAGE_KINDS,
    Kind.LINGKUNGAN: VILLAGE_KINDS,
    Kind.RW: VILLAGE_KINDS | {Kind.DUSUN, Kind.LINGKUNGAN},
    Kind.RT: {Kind.RW},
}


def can_manage_village(actor, village_code: str) -> bool:
    """True for a head, section head or kabupaten admin whose jurisdiction covers the village.

    The managing role must be held in an office that serves the village (or be the
    kabupaten admin role): a head elsewhere who is a front-office clerk here may not.
    """
    from balai.offices.constants import Role
    from balai.offices.models import Membership

    if actor is None or not actor.is_authenticated:
        return False
    if not Region.objects.visible_to(actor).filter(code=village_code).exists():
        return False
    if actor.is_superuser:
        return True
    memberships = (
        Membership.objects.active()
        .filter(
            user=actor,
            office__active=True,
            role__in=[Role.HEAD, Role.SECTION_HEAD, Role.KABUPATEN_ADMIN],
        )
        .values_list("role", "office__region_id")
    )
    return any(
        role == Role.KABUPATEN_ADMIN
        or village_code == served
        or village_code.startswith(served + ".")
        for role, served in memberships
    )


def create_local_unit(actor, parent: Region, kind: str, number_or_name: int | str) -> Region:
    """Add a dusun/lingkungan, RW or RT below `parent`, coded from the parent's code.

    A number gives the code segment (RW 3 → `RW003`); a dusun or lingkungan may be given a
    name instead, and then takes the next free number.
    """
    kind = Kind(kind)
    if kind not in LOCAL_PARENT_KINDS:
        raise ValidationError(_("Jenis satuan lokal tidak dikenal."))
    village_code = ".".join(parent.code.split(".")[: Level.VILLAGE])
    if parent.level < Level.VILLAGE or not can_manage_village(actor, village_code):
        raise PermissionDenied(_("Anda tidak berwenang mengelola wilayah ini."))
    if parent.kind not in LOCAL_PARENT_KINDS[kind]:
        raise ValidationError(
            _("%(kind)s tidak dapat dibuat di bawah %(parent)s.")
            % {"kind": kind.label, "parent": parent}
        )
    number, name = _number_and_name(parent, kind, number_or_name)
    try:
        code = f"{parent.code}.{local_segment(kind, number)}"
    except InvalidCode as error:
        raise ValidationError(_("Nomor %(kind)s tidak sah.") % {"kind": kind.label}) from error
    duplicate = ValidationError(
        _("%(kind)s %(name)s sudah ada di %(parent)s (kode %(code)s).")
        % {"kind": kind.label, "name": name, "parent": parent, "code": code}
    )
    if Region.objects.filter(code=code).exists():
        raise duplicate
    try:
        with transaction.atomic():
            return Region.objects.create(
                code=code, name=name, level=LOCAL_LEVELS[kind], kind=kind, parent=parent
            )
    except IntegrityError:  # created by someone else a moment ago
        raise duplicate from None


def _number_and_name(parent: Region, kind: Kind, number_or_name: int | str) -> tuple[int, str]:
    text = str(number_or_name).strip()
    if text.isdigit():
        number = int(text)
        width = 3 if kind in (Kind.RW, Kind.RT) else 2
        return number, f"{number:0{width}d}"
    if kind in (Kind.RW, Kind.RT):
        raise ValidationError(_("%(kind)s harus diberi nomor.") % {"kind": kind.label})
    name = " ".join(text.split())
    if not name:
        raise ValidationError(_("Isi nomor atau nama %(kind)s.") % {"kind": kind.label})
    # Dusun and lingkungan share the level and its numbering.
    siblings = Region.objects.filter(parent=parent, level=LOCAL_LEVELS[kind])
    if siblings.filter(name__iexact=name).exists():
        raise ValidationError(
            _("%(kind)s %(name)s sudah ada di %(parent)s.")
            % {"kind": kind.label, "name": name, "parent": parent}
        )
    taken = {code.rsplit(".", 1)[-1] for code in siblings.values_list("code", flat=True)}
    number = 1
    while local_segment(kind, number) in taken:
        number += 1
    return number, name
