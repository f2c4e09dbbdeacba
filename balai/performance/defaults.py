"""The PEKPPP framework Balai ships with, loaded once by a data migration.

The aspects, their weights and the Kebijakan Pelayanan indicators follow Permenpan RB
29/2022 as amended by 4/2023. The indicators of the other five aspects and their weights are
DEFAULTS TO BE CHECKED against the regulation's annex: they are loaded with
`verified=False`, so the admin lists them as unverified until someone corrects and ticks
them. Loading never overwrites rows an administrator has edited.
"""

from decimal import Decimal

from .pekppp import check_weights

# (code, name, weight %, [(code, name, weight %, auto_source, verified, guidance)])
ASPECTS = [
    (
        "kebijakan",
        "Kebijakan Pelayanan",
        "24",
        [
            (
                "sp-tersedia",
                "Standar Pelayanan tersedia",
                "17",
                "standards_published",
                True,
                "Standar Pelayanan ditetapkan untuk setiap jenis layanan.",
            ),
            (
                "sp-partisipasi",
                "Masyarakat dilibatkan dalam penyusunan Standar Pelayanan",
                "14",
                "",
                True,
                "Ada berita acara/daftar hadir pembahasan dengan masyarakat.",
            ),
            (
                "sp-publikasi",
                "Media publikasi komponen penyelenggaraan pelayanan",
                "7",
                "",
                True,
                "Komponen service delivery dipublikasikan di media cetak, elektronik atau papan.",
            ),
            (
                "sp-reviu",
                "Standar Pelayanan direviu dan dievaluasi",
                "14",
                "",
                True,
                "Reviu berkala atas Standar Pelayanan dan hasilnya.",
            ),
            (
                "maklumat",
                "Siklus Maklumat Pelayanan",
                "10",
                "",
                True,
                "Maklumat disusun, ditetapkan, dipublikasikan dan diperbarui.",
            ),
            (
                "skm",
                "Survei Kepuasan Masyarakat sesuai ketentuan",
                "17",
                "skm_done",
                True,
                "SKM dilaksanakan sesuai Permenpan RB 14/2017.",
            ),
            (
                "skm-publikasi",
                "Publikasi hasil Survei Kepuasan Masyarakat",
                "7",
                "skm_published",
                True,
                "Hasil SKM diumumkan kepada masyarakat.",
            ),
            (
                "skm-tindak-lanjut",
                "Persentase tindak lanjut hasil SKM",
                "7",
                "skm_follow_up_done",
                True,
                "Bagian rekomendasi SKM yang sudah ditindaklanjuti.",
            ),
            (
                "skm-kecepatan",
                "Kecepatan tindak lanjut hasil SKM",
                "7",
                "",
                True,
                "Waktu dari hasil SKM sampai tindak lanjutnya.",
            ),
        ],
    ),
    (
        "sdm",
        "Profesionalisme SDM",
        "25",
        [
            (
                "sdm-standar-kompetensi",
                "Standar kompetensi pelaksana tersedia",
                "20",
                "",
                False,
                "",
            ),
            ("sdm-pemenuhan-kompetensi", "Pemenuhan kompetensi pelaksana", "20", "", False, ""),
            ("sdm-kode-etik", "Kode etik dan kode perilaku pelaksana", "20", "", False, ""),
            ("sdm-budaya", "Budaya pelayanan (sikap, penampilan, keramahan)", "20", "", False, ""),
            (
                "sdm-penghargaan",
                "Sistem penghargaan dan sanksi bagi pelaksana",
                "20",
                "",
                False,
                "",
            ),
        ],
    ),
    (
        "sarpras",
        "Sarana Prasarana",
        "18",
        [
            (
                "sarpras-fasilitas",
                "Ketersediaan sarana dan prasarana pelayanan",
                "30",
                "",
                False,
                "",
            ),
            (
                "sarpras-rentan",
                "Sarana bagi penyandang disabilitas dan kelompok rentan",
                "30",
                "",
                False,
                "",
            ),
            ("sarpras-pemeliharaan", "Pemeliharaan sarana dan prasarana", "20", "", False, ""),
            ("sarpras-inovasi", "Inovasi sarana dan prasarana pelayanan", "20", "", False, ""),
        ],
    ),
    (
        "sipp",
        "Sistem Informasi Pelayanan Publik",
        "11",
        [
            ("sipp-tersedia", "Sistem informasi pelayanan publik tersedia", "40", "", False, ""),
            (
                "sipp-terintegrasi",
                "Sistem informasi terintegrasi dan mudah diakses",
                "30",
                "",
                False,
                "",
            ),
            ("sipp-mutakhir", "Informasi pelayanan dimutakhirkan", "30", "", False, ""),
        ],
    ),
    (
        "pengaduan",
        "Konsultasi dan Pengaduan",
        "10",
        [
            (
                "pengaduan-sarana",
                "Sarana konsultasi dan pengaduan tersedia",
                "30",
                "complaint_channel_active",
                False,
                "",
            ),
            (
                "pengaduan-prosedur",
                "Prosedur pengelolaan pengaduan ditetapkan",
                "20",
                "",
                False,
                "",
            ),
            (
                "pengaduan-tindak-lanjut",
                "Pengaduan ditindaklanjuti",
                "30",
                "complaint_follow_up_in_time",
                False,
                "",
            ),
            ("pengaduan-lapor", "Terhubung dengan SP4N-LAPOR!", "20", "", False, ""),
        ],
    ),
    (
        "inovasi",
        "Inovasi",
        "12",
        [
            ("inovasi-ada", "Inovasi pelayanan publik diterapkan", "50", "", False, ""),
            ("inovasi-replikasi", "Inovasi direplikasi atau dikembangkan", "25", "", False, ""),
            ("inovasi-keberlanjutan", "Keberlanjutan inovasi", "25", "", False, ""),
        ],
    ),
]

# (low, high, code, label)
CATEGORY_BANDS = [
    ("4.51", "5.00", "A", "Pelayanan Prima"),
    ("4.01", "4.50", "A-", "Sangat Baik"),
    ("3.51", "4.00", "B", "Baik"),
    ("3.01", "3.50", "B-", "Baik (Dengan Catatan)"),
    ("2.51", "3.00", "C", "Cukup"),
    ("2.01", "2.50", "C-", "Cukup (Dengan Catatan)"),
    ("1.51", "2.00", "D", "Buruk"),
    ("1.01", "1.50", "E", "Sangat Buruk"),
    ("0.00", "1.00", "F", "Gagal"),
]


def check_defaults() -> None:
    check_weights({"PEKPPP": [weight for _code, _name, weight, _items in ASPECTS]})
    check_weights({name: [i[2] for i in items] for _code, name, _weight, items in ASPECTS})


def load_defaults(apps=None) -> None:
    """Create the missing aspects, indicators and bands; leave existing rows alone."""
    check_defaults()
    if apps is None:
        from django.apps import apps
    Aspect = apps.get_model("performance", "Aspect")
    Indicator = apps.get_model("performance", "Indicator")
    CategoryBand = apps.get_model("performance", "CategoryBand")
    for position, (code, name, weight, items) in enumerate(ASPECTS, 1):
        aspect, _created = Aspect.objects.get_or_create(
            code=code, defaults={"name": name, "weight": Decimal(weight), "position": position}
        )
        for item_position, item in enumerate(items, 1):
            item_code, item_name, item_weight, auto_source, verified, guidance = item
            Indicator.objects.get_or_create(
                code=item_code,
                defaults={
                    "aspect": aspect,
                    "name": item_name,
                    "weight": Decimal(item_weight),
                    "position": item_position,
                    "auto_source": auto_source,
                    "verified": verified,
                    "guidance": guidance,
                },
            )
    for low, high, code, label in CATEGORY_BANDS:
        CategoryBand.objects.get_or_create(
            code=code, defaults={"low": Decimal(low), "high": Decimal(high), "label": label}
        )


def attach_auto_sources(apps=None) -> None:
    """Give existing indicators the automatic source the defaults now name.

    Only indicators without any source are touched: a source an administrator chose stays.
    """
    if apps is None:
        from django.apps import apps
    Indicator = apps.get_model("performance", "Indicator")
    for _code, _name, _weight, items in ASPECTS:
        for item_code, _item_name, _item_weight, auto_source, _verified, _guidance in items:
            if auto_source:
                Indicator.objects.filter(code=item_code, auto_source="").update(
                    auto_source=auto_source
                )
