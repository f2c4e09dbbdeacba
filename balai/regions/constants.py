from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.IntegerChoices):
    """Depth in the tree; levels 1–4 are Kemendagri codes, 5–7 are local units."""

    PROVINCE = 1, _("Provinsi")
    REGENCY = 2, _("Kabupaten/Kota")
    DISTRICT = 3, _("Kecamatan")
    VILLAGE = 4, _("Desa/Kelurahan")
    DUSUN = 5, _("Dusun/Lingkungan")
    RW = 6, _("RW")
    RT = 7, _("RT")


class Kind(models.TextChoices):
    PROVINCE = "provinsi", _("Provinsi")
    KABUPATEN = "kabupaten", _("Kabupaten")
    KOTA = "kota", _("Kota")
    KECAMATAN = "kecamatan", _("Kecamatan")
    KELURAHAN = "kelurahan", _("Kelurahan")
    DESA = "desa", _("Desa")
    DESA_ADAT = "desa_adat", _("Desa adat")
    DUSUN = "dusun", _("Dusun")
    LINGKUNGAN = "lingkungan", _("Lingkungan")
    RW = "rw", _("RW")
    RT = "rt", _("RT")


LOCAL_KINDS = {Kind.DUSUN, Kind.LINGKUNGAN, Kind.RW, Kind.RT}
