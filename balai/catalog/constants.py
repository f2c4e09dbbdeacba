from django.db import models
from django.utils.translation import gettext_lazy as _


class Component(models.TextChoices):
    """The 14 components of a Standar Pelayanan (UU 25/2009 Pasal 21; Permenpan RB 15/2014)."""

    # Service delivery: published to the public.
    REQUIREMENTS = "persyaratan", _("Persyaratan")
    PROCEDURE = "prosedur", _("Sistem, mekanisme dan prosedur")
    TIME_LIMIT = "jangka_waktu", _("Jangka waktu pelayanan")
    FEE = "biaya", _("Biaya/tarif")
    PRODUCT = "produk", _("Produk pelayanan")
    COMPLAINTS = "pengaduan", _("Penanganan pengaduan, saran dan masukan")
    # Manufacturing: internal.
    LEGAL_BASIS = "dasar_hukum", _("Dasar hukum")
    FACILITIES = "sarana", _("Sarana, prasarana dan/atau fasilitas")
    COMPETENCE = "kompetensi", _("Kompetensi pelaksana")
    SUPERVISION = "pengawasan", _("Pengawasan internal")
    STAFFING = "jumlah_pelaksana", _("Jumlah pelaksana")
    GUARANTEE = "jaminan_pelayanan", _("Jaminan pelayanan")
    SAFETY = "jaminan_keamanan", _("Jaminan keamanan dan keselamatan pelayanan")
    EVALUATION = "evaluasi", _("Evaluasi kinerja pelaksana")


PUBLIC_COMPONENTS = (
    Component.REQUIREMENTS,
    Component.PROCEDURE,
    Component.TIME_LIMIT,
    Component.FEE,
    Component.PRODUCT,
    Component.COMPLAINTS,
)


class Category(models.TextChoices):
    POPULATION = "adminduk", _("Administrasi kependudukan")
    VILLAGE_LETTER = "surat_desa", _("Surat keterangan desa/kelurahan")
    PERMIT = "perizinan", _("Perizinan")
    SOCIAL = "sosial", _("Sosial dan kesejahteraan")
    OTHER = "lainnya", _("Lainnya")


class Channel(models.TextChoices):
    COUNTER = "counter", _("Loket")
    ASSISTED = "assisted", _("Dibantu petugas desa/kelurahan")
    ONLINE = "online", _("Daring oleh warga")
    OUTREACH = "outreach", _("Layanan keliling")


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    PUBLISHED = "published", _("Terbit")
    RETIRED = "retired", _("Tidak berlaku")


class FileType(models.TextChoices):
    PDF = "pdf", _("PDF")
    JPEG = "jpeg", _("JPEG")
    PNG = "png", _("PNG")
