from django.db import models
from django.utils.translation import gettext_lazy as _


class Element(models.TextChoices):
    """The nine elements (unsur) of Permenpan RB 14/2017.

    Stored by name, never by position: some offices print U8 and U9 the other way round.
    The order here is the regulation's order (U1 … U9).
    """

    PERSYARATAN = "persyaratan", _("Persyaratan")
    PROSEDUR = "prosedur", _("Sistem, mekanisme dan prosedur")
    WAKTU = "waktu", _("Waktu penyelesaian")
    BIAYA = "biaya", _("Biaya/tarif")
    PRODUK = "produk", _("Produk spesifikasi jenis pelayanan")
    KOMPETENSI = "kompetensi", _("Kompetensi pelaksana")
    PERILAKU = "perilaku", _("Perilaku pelaksana")
    PENGADUAN = "pengaduan", _("Penanganan pengaduan, saran dan masukan")
    SARANA = "sarana", _("Sarana dan prasarana")


ELEMENTS = tuple(Element.values)
LOWEST_ANSWER, HIGHEST_ANSWER = 1, 4

# The question asked for each element and its four answers (1 … 4), in plain words.
QUESTIONS = {
    Element.PERSYARATAN: (
        _("Bagaimana kesesuaian persyaratan pelayanan dengan jenis pelayanannya?"),
        (_("Tidak sesuai"), _("Kurang sesuai"), _("Sesuai"), _("Sangat sesuai")),
    ),
    Element.PROSEDUR: (
        _("Bagaimana kemudahan prosedur pelayanan di unit ini?"),
        (_("Tidak mudah"), _("Kurang mudah"), _("Mudah"), _("Sangat mudah")),
    ),
    Element.WAKTU: (
        _("Bagaimana kecepatan waktu dalam memberikan pelayanan?"),
        (_("Tidak cepat"), _("Kurang cepat"), _("Cepat"), _("Sangat cepat")),
    ),
    Element.BIAYA: (
        _("Bagaimana kewajaran biaya/tarif dalam pelayanan?"),
        (_("Sangat mahal"), _("Cukup mahal"), _("Murah"), _("Gratis")),
    ),
    Element.PRODUK: (
        _("Bagaimana kesesuaian hasil pelayanan dengan yang tercantum dalam standar pelayanan?"),
        (_("Tidak sesuai"), _("Kurang sesuai"), _("Sesuai"), _("Sangat sesuai")),
    ),
    Element.KOMPETENSI: (
        _("Bagaimana kemampuan petugas dalam memberikan pelayanan?"),
        (_("Tidak mampu"), _("Kurang mampu"), _("Mampu"), _("Sangat mampu")),
    ),
    Element.PERILAKU: (
        _("Bagaimana kesopanan dan keramahan petugas dalam memberikan pelayanan?"),
        (
            _("Tidak sopan dan ramah"),
            _("Kurang sopan dan ramah"),
            _("Sopan dan ramah"),
            _("Sangat sopan dan ramah"),
        ),
    ),
    Element.PENGADUAN: (
        _("Bagaimana penanganan pengaduan, saran dan masukan pengguna layanan?"),
        (
            _("Tidak ada"),
            _("Ada tetapi tidak berfungsi"),
            _("Berfungsi kurang maksimal"),
            _("Dikelola dengan baik"),
        ),
    ),
    Element.SARANA: (
        _("Bagaimana kualitas sarana dan prasarana pelayanan?"),
        (_("Buruk"), _("Cukup"), _("Baik"), _("Sangat baik")),
    ),
}


class Channel(models.TextChoices):
    LINK = "link", _("Tautan")
    QR = "qr", _("Kode QR")
    KIOSK = "kiosk", _("Kios di kantor")


# The respondent profile of the standard SKM questionnaire: bands, never exact values,
# so that no answer can be traced back to a person.
class AgeBand(models.TextChoices):
    UNDER_20 = "lt20", _("Di bawah 20 tahun")
    FROM_20 = "20-29", _("20–29 tahun")
    FROM_30 = "30-39", _("30–39 tahun")
    FROM_40 = "40-49", _("40–49 tahun")
    FROM_50 = "50-59", _("50–59 tahun")
    FROM_60 = "60+", _("60 tahun ke atas")


class Sex(models.TextChoices):
    MALE = "l", _("Laki-laki")
    FEMALE = "p", _("Perempuan")


class Education(models.TextChoices):
    SD = "sd", _("SD ke bawah")
    SMP = "smp", _("SMP")
    SMA = "sma", _("SMA/SMK")
    D123 = "d123", _("D1/D2/D3")
    S1 = "s1", _("D4/S1")
    S2 = "s2", _("S2 ke atas")


class Occupation(models.TextChoices):
    PNS = "pns", _("PNS/ASN")
    TNI_POLRI = "tni", _("TNI/Polri")
    PRIVATE = "swasta", _("Pegawai swasta")
    SELF_EMPLOYED = "wirausaha", _("Wirausaha")
    FARMER = "petani", _("Petani/nelayan")
    STUDENT = "pelajar", _("Pelajar/mahasiswa")
    HOUSEHOLD = "rt", _("Mengurus rumah tangga")
    OTHER = "lainnya", _("Lainnya")


class Mutu(models.TextChoices):
    A = "A", "A"
    B = "B", "B"
    C = "C", "C"
    D = "D", "D"


KINERJA = {
    Mutu.A: _("Sangat Baik"),
    Mutu.B: _("Baik"),
    Mutu.C: _("Kurang Baik"),
    Mutu.D: _("Tidak Baik"),
}


class FollowUpStatus(models.TextChoices):
    """Where a follow-up action (rencana tindak lanjut) stands."""

    PLANNED = "planned", _("Direncanakan")
    IN_PROGRESS = "in_progress", _("Sedang dikerjakan")
    DONE = "done", _("Selesai")


# Which status may follow which: an action moves forward, or back from done when reopened.
FOLLOW_UP_TRANSITIONS = {
    FollowUpStatus.PLANNED: {FollowUpStatus.IN_PROGRESS, FollowUpStatus.DONE},
    FollowUpStatus.IN_PROGRESS: {FollowUpStatus.DONE, FollowUpStatus.PLANNED},
    FollowUpStatus.DONE: {FollowUpStatus.IN_PROGRESS},
}
