from django.db import models
from django.utils.translation import gettext_lazy as _


class OfficeKind(models.TextChoices):
    VILLAGE = "village", _("Kantor desa/kelurahan")
    KECAMATAN = "kecamatan", _("Kantor kecamatan")
    AGENCY = "agency", _("Dinas/instansi")
    HEAD = "head", _("Kantor kepala daerah")


class Agency(models.TextChoices):
    """Which agency an agency office is; workflow steps name the agency they need."""

    DISDUKCAPIL = "disdukcapil", _("Dinas Kependudukan dan Pencatatan Sipil")
    DPMPTSP = "dpmptsp", _("Dinas Penanaman Modal dan PTSP")
    BAPENDA = "bapenda", _("Badan Pendapatan Daerah")
    DINSOS = "dinsos", _("Dinas Sosial")
    DINKES = "dinkes", _("Dinas Kesehatan")
    DISHUB = "dishub", _("Dinas Perhubungan")
    PUPR = "pupr", _("Dinas Pekerjaan Umum dan Penataan Ruang")
    POLRES = "polres", _("Kepolisian Resor")
    OTHER = "other", _("Instansi lain")


class Role(models.TextChoices):
    FRONT_OFFICE = "front_office", _("Petugas layanan")
    SECTION_HEAD = "section_head", _("Kasi/Sekdes")
    HEAD = "head", _("Kepala kantor (lurah, kepala desa, camat, kepala dinas)")
    OPERATOR = "operator", _("Operator")
    NEIGHBOURHOOD_HEAD = "neighbourhood_head", _("Ketua RT/RW")
    LMK = "lmk", _("Anggota LMK (Lembaga Musyawarah Kelurahan)")
    KABUPATEN_ADMIN = "kabupaten_admin", _("Admin kabupaten")


class TimeZone(models.TextChoices):
    WIB = "Asia/Jakarta", _("WIB (UTC+7)")
    WITA = "Asia/Makassar", _("WITA (UTC+8)")
    WIT = "Asia/Jayapura", _("WIT (UTC+9)")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Senin")
    TUESDAY = 1, _("Selasa")
    WEDNESDAY = 2, _("Rabu")
    THURSDAY = 3, _("Kamis")
    FRIDAY = 4, _("Jumat")
    SATURDAY = 5, _("Sabtu")
    SUNDAY = 6, _("Minggu")
