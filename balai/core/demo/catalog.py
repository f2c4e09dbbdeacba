"""The demo catalogue: real services of a village, a kecamatan and two agencies.

Plain data, meant to be read and edited. Requirements follow the defaults in the
regulations (Perpres 96/2018, Permendagri 108/2019); every service is free. The 14
Standar Pelayanan components are composed from this data in `standards.py`.
"""

from typing import NamedTuple

from balai.catalog.constants import Category
from balai.offices.constants import Agency, OfficeKind


class Req(NamedTuple):
    name: str
    explanation: str = ""
    mandatory: bool = True
    original_required: bool = False
    upload_allowed: bool = True


class StepSpec(NamedTuple):
    name: str
    description: str
    office_kind: str
    time_limit_days: int = 1
    agency: str = ""


class ServiceSpec(NamedTuple):
    code: str
    name: str
    category: str
    description: str
    output_product: str
    requirements: tuple[Req, ...]
    steps: tuple[StepSpec, ...]
    legal_basis: tuple[str, ...]
    online: bool = False
    outreach: bool = False
    counter: bool = True
    assisted: bool = True
    handover: str = ""
    requirements_note: str = ""


# --- Legal bases shared by several services -------------------------------------------

ADMINDUK_LAWS = (
    "Undang-Undang Nomor 23 Tahun 2006 tentang Administrasi Kependudukan sebagaimana "
    "telah diubah dengan Undang-Undang Nomor 24 Tahun 2013 (UU 23/2006 jo. UU 24/2013)",
    "Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik",
    "Peraturan Presiden Nomor 96 Tahun 2018 tentang Persyaratan dan Tata Cara Pendaftaran "
    "Penduduk dan Pencatatan Sipil",
    "Peraturan Menteri Dalam Negeri Nomor 108 Tahun 2019 tentang Peraturan Pelaksanaan "
    "Peraturan Presiden Nomor 96 Tahun 2018",
    "Peraturan Menteri Dalam Negeri Nomor 19 Tahun 2018 tentang Peningkatan Kualitas "
    "Layanan Administrasi Kependudukan",
)
DIGITAL_DOCUMENTS = (
    "Peraturan Menteri Dalam Negeri Nomor 109 Tahun 2019 tentang Formulir dan Buku yang "
    "Digunakan dalam Administrasi Kependudukan"
)
VILLAGE_LAWS = (
    "Undang-Undang Nomor 6 Tahun 2014 tentang Desa sebagaimana telah diubah dengan "
    "Undang-Undang Nomor 3 Tahun 2024",
    "Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik",
    "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 15 "
    "Tahun 2014 tentang Pedoman Standar Pelayanan",
)

# --- Workflow steps ---------------------------------------------------------------------

VILLAGE_CHECK = StepSpec(
    "Verifikasi berkas di desa/kelurahan",
    "Petugas memeriksa kelengkapan dan keabsahan berkas, mencocokkan NIK dengan data "
    "kependudukan, memindai dokumen, lalu meneruskan permohonan.",
    OfficeKind.VILLAGE,
)
KECAMATAN_CHECK = StepSpec(
    "Verifikasi kecamatan",
    "Operator kecamatan memeriksa ulang data permohonan dan meneruskannya ke Disdukcapil.",
    OfficeKind.KECAMATAN,
)
DUKCAPIL_ISSUE = StepSpec(
    "Penerbitan dokumen",
    "Disdukcapil memverifikasi data di SIAK, menerbitkan dokumen dengan tanda tangan "
    "elektronik, dan mengirimkannya kepada pemohon.",
    OfficeKind.AGENCY,
    agency=Agency.DISDUKCAPIL,
)
DUKCAPIL_STEPS = (VILLAGE_CHECK, KECAMATAN_CHECK, DUKCAPIL_ISSUE)

VILLAGE_LETTER_STEPS = (
    StepSpec(
        "Pemeriksaan berkas dan penandatanganan surat",
        "Petugas memeriksa persyaratan, mencocokkan data dengan data kependudukan "
        "desa/kelurahan, dan menyiapkan surat bernomor; kepala desa/lurah atau pejabat "
        "yang ditunjuk menandatanganinya.",
        OfficeKind.VILLAGE,
    ),
)

# --- Requirements used by several services ------------------------------------------

RT_RW_LETTER = Req("Surat pengantar RT/RW", "Dari ketua RT dan RW tempat tinggal pemohon.")
KTP = Req("KTP-el pemohon", "Asli ditunjukkan kepada petugas.", original_required=True)
KK = Req(
    "Kartu Keluarga",
    "Cukup menunjukkan KK atau menyebutkan NIK; tidak perlu fotokopi.",
    original_required=True,
)

SERVICES = [
    # --- Administrasi kependudukan (Disdukcapil) ---------------------------------------
    ServiceSpec(
        code="kk-perubahan",
        name="Kartu Keluarga (perubahan data)",
        category=Category.POPULATION,
        description="Penerbitan Kartu Keluarga baru karena perubahan data anggota keluarga: "
        "kelahiran, kematian, perkawinan, perceraian, pindah datang, atau perubahan "
        "pendidikan, pekerjaan dan status lainnya.",
        output_product="Kartu Keluarga (KK) baru bertanda tangan elektronik",
        requirements=(
            Req(
                "Formulir F-1.02 (pendaftaran peristiwa kependudukan)",
                "Diisi dan ditandatangani kepala keluarga; tersedia di kantor desa/kelurahan "
                "atau diisi daring.",
            ),
            Req(
                "Kartu Keluarga lama",
                "Asli diserahkan ketika KK baru diterima.",
                original_required=True,
            ),
            Req(
                "Bukti peristiwa kependudukan atau pencatatan sipil",
                "Misalnya akta kelahiran, akta kematian, buku nikah/akta perkawinan, akta "
                "cerai, surat keterangan pindah, atau ijazah untuk perubahan pendidikan.",
            ),
        ),
        steps=DUKCAPIL_STEPS,
        legal_basis=(*ADMINDUK_LAWS, DIGITAL_DOCUMENTS),
        online=True,
    ),
    ServiceSpec(
        code="kk-kepala-keluarga-meninggal",
        name="Kartu Keluarga (kepala keluarga meninggal)",
        category=Category.POPULATION,
        description="Penerbitan Kartu Keluarga baru dengan kepala keluarga pengganti setelah "
        "kepala keluarga meninggal dunia.",
        output_product="Kartu Keluarga (KK) baru dengan kepala keluarga pengganti",
        requirements=(
            Req(
                "Kartu Keluarga lama",
                "Asli diserahkan ketika KK baru diterima.",
                original_required=True,
            ),
            Req(
                "Akta kematian kepala keluarga",
                "Bila belum ada, akta kematian dapat diurus bersamaan.",
            ),
        ),
        steps=DUKCAPIL_STEPS,
        legal_basis=(*ADMINDUK_LAWS, DIGITAL_DOCUMENTS),
        online=True,
    ),
    ServiceSpec(
        code="kk-hilang-rusak",
        name="Kartu Keluarga (hilang atau rusak)",
        category=Category.POPULATION,
        description="Penerbitan ulang Kartu Keluarga yang hilang atau rusak, dengan data "
        "yang sama seperti di database kependudukan.",
        output_product="Kartu Keluarga (KK) pengganti",
        requirements=(
            Req(
                "Surat keterangan kehilangan dari kepolisian",
                "Untuk KK yang hilang.",
                mandatory=False,
            ),
            Req(
                "Kartu Keluarga yang rusak",
                "Untuk KK yang rusak; diserahkan ketika KK pengganti diterima.",
                mandatory=False,
                original_required=True,
            ),
        ),
        steps=DUKCAPIL_STEPS,
        legal_basis=(*ADMINDUK_LAWS, DIGITAL_DOCUMENTS),
        online=True,
        requirements_note="Lampirkan salah satu: surat keterangan kehilangan dari kepolisian "
        "(KK hilang) atau KK yang rusak.",
    ),
    ServiceSpec(
        code="ktp-el-baru",
        name="KTP elektronik (perekaman baru)",
        category=Category.POPULATION,
        description="Perekaman data biometrik (foto, sidik jari, iris mata, tanda tangan) dan "
        "penerbitan KTP-el bagi penduduk yang telah berusia 17 tahun, sudah kawin, atau "
        "pernah kawin.",
        output_product="KTP elektronik (KTP-el)",
        requirements=(
            Req(
                "Berusia 17 tahun atau sudah/pernah kawin",
                "Yang belum berusia 17 tahun tetapi sudah kawin menunjukkan buku nikah atau "
                "kutipan akta perkawinan.",
                upload_allowed=False,
            ),
            KK,
        ),
        steps=(
            VILLAGE_CHECK,
            StepSpec(
                "Perekaman biometrik",
                "Pemohon datang ke kantor kecamatan untuk perekaman foto, sidik jari, iris "
                "mata dan tanda tangan.",
                OfficeKind.KECAMATAN,
            ),
            StepSpec(
                "Pencetakan KTP-el",
                "Disdukcapil memeriksa hasil perekaman, mencetak KTP-el dan mengirimkannya "
                "ke kantor desa/kelurahan.",
                OfficeKind.AGENCY,
                agency=Agency.DISDUKCAPIL,
            ),
        ),
        legal_basis=(
            *ADMINDUK_LAWS,
            "Peraturan Presiden Nomor 26 Tahun 2009 tentang Penerapan Kartu Tanda Penduduk "
            "Berbasis Nomor Induk Kependudukan secara Nasional sebagaimana telah beberapa "
            "kali diubah, terakhir dengan Peraturan Presiden Nomor 112 Tahun 2013",
        ),
        outreach=True,
        handover="KTP-el diambil sendiri oleh pemohon di kantor desa/kelurahan dengan "
        "menunjukkan tanda terima.",
    ),
    ServiceSpec(
        code="akta-kelahiran",
        name="Akta Kelahiran",
        category=Category.POPULATION,
        description="Pencatatan kelahiran dan penerbitan kutipan akta kelahiran. Kelahiran "
        "wajib dilaporkan paling lambat 60 hari sejak tanggal kelahiran.",
        output_product="Kutipan akta kelahiran bertanda tangan elektronik dan KK yang diperbarui",
        requirements=(
            Req(
                "Formulir F-2.01 (pelaporan pencatatan sipil)",
                "Diisi dan ditandatangani pelapor.",
            ),
            Req(
                "Surat keterangan kelahiran",
                "Dari rumah sakit, puskesmas, bidan, atau kepala desa/lurah.",
            ),
            Req(
                "Buku nikah atau kutipan akta perkawinan orang tua",
                "Asli ditunjukkan kepada petugas.",
                original_required=True,
            ),
            KK,
            Req(
                "SPTJM kebenaran data kelahiran (F-2.03)",
                "Bila tidak ada surat keterangan kelahiran.",
                mandatory=False,
            ),
            Req(
                "SPTJM kebenaran sebagai pasangan suami istri (F-2.04)",
                "Bila tidak ada buku nikah atau kutipan akta perkawinan, sedangkan status "
                "orang tua di KK sudah kawin.",
                mandatory=False,
            ),
        ),
        steps=DUKCAPIL_STEPS,
        legal_basis=(
            *ADMINDUK_LAWS,
            DIGITAL_DOCUMENTS,
            "Peraturan Menteri Dalam Negeri Nomor 9 Tahun 2016 tentang Percepatan Peningkatan "
            "Cakupan Kepemilikan Akta Kelahiran",
        ),
        online=True,
        outreach=True,
    ),
    ServiceSpec(
        code="akta-kematian",
        name="Akta Kematian",
        category=Category.POPULATION,
        description="Pencatatan kematian dan penerbitan kutipan akta kematian. Kematian wajib "
        "dilaporkan paling lambat 30 hari sejak tanggal kematian.",
        output_product="Kutipan akta kematian bertanda tangan elektronik dan KK yang diperbarui",
        requirements=(
            Req(
                "Formulir F-2.01 (pelaporan pencatatan sipil)",
                "Diisi dan ditandatangani pelapor.",
            ),
            Req(
                "Surat keterangan kematian",
                "Dari dokter/rumah sakit, atau dari kepala desa/lurah.",
            ),
            Req(
                "KK dan KTP-el almarhum/almarhumah",
                "KTP-el asli diserahkan kepada petugas.",
                original_required=True,
            ),
        ),
        steps=DUKCAPIL_STEPS,
        legal_basis=(*ADMINDUK_LAWS, DIGITAL_DOCUMENTS),
        online=True,
    ),
    ServiceSpec(
        code="surat-pindah",
        name="Surat Keterangan Pindah (SKPWNI)",
        category=Category.POPULATION,
        description="Penerbitan Surat Keterangan Pindah Warga Negara Indonesia bagi penduduk "
        "yang pindah ke desa/kelurahan, kecamatan, atau kabupaten/kota lain. Tidak "
        "memerlukan surat pengantar RT/RW.",
        output_product="Surat Keterangan Pindah Warga Negara Indonesia (SKPWNI)",
        requirements=(
            KK,
            Req(
                "Formulir F-1.03 (pendaftaran perpindahan penduduk)",
                "Diisi di loket atau daring; sebutkan alamat tujuan dan anggota keluarga "
                "yang pindah.",
            ),
        ),
        steps=(VILLAGE_CHECK, DUKCAPIL_ISSUE),
        legal_basis=ADMINDUK_LAWS,
        online=True,
    ),
    ServiceSpec(
        code="kia-bawah-5-tahun",
        name="Kartu Identitas Anak (usia di bawah 5 tahun)",
        category=Category.POPULATION,
        description="Penerbitan Kartu Identitas Anak (KIA) bagi anak berusia di bawah 5 tahun; "
        "KIA untuk usia ini tidak memakai foto.",
        output_product="Kartu Identitas Anak (KIA) tanpa foto",
        requirements=(
            Req(
                "Kutipan akta kelahiran anak",
                "Asli ditunjukkan kepada petugas.",
                original_required=True,
            ),
            KK,
            Req("KTP-el kedua orang tua atau wali", "Asli ditunjukkan kepada petugas."),
        ),
        steps=DUKCAPIL_STEPS,
        legal_basis=(
            *ADMINDUK_LAWS,
            "Peraturan Menteri Dalam Negeri Nomor 2 Tahun 2016 tentang Kartu Identitas Anak",
        ),
        online=True,
        outreach=True,
    ),
    ServiceSpec(
        code="kia-5-tahun-ke-atas",
        name="Kartu Identitas Anak (usia 5 tahun ke atas)",
        category=Category.POPULATION,
        description="Penerbitan Kartu Identitas Anak (KIA) berfoto bagi anak berusia 5 tahun "
        "sampai sebelum 17 tahun.",
        output_product="Kartu Identitas Anak (KIA) berfoto",
        requirements=(
            Req(
                "Kutipan akta kelahiran anak",
                "Asli ditunjukkan kepada petugas.",
                original_required=True,
            ),
            KK,
            Req("KTP-el kedua orang tua atau wali", "Asli ditunjukkan kepada petugas."),
            Req(
                "Pas foto berwarna anak ukuran 2×3, 2 lembar",
                "Foto dapat diunggah atau diambil di loket.",
            ),
        ),
        steps=DUKCAPIL_STEPS,
        legal_basis=(
            *ADMINDUK_LAWS,
            "Peraturan Menteri Dalam Negeri Nomor 2 Tahun 2016 tentang Kartu Identitas Anak",
        ),
        online=True,
        outreach=True,
    ),
    # --- Surat keterangan desa/kelurahan --------------------------------------------
    ServiceSpec(
        code="sk-domisili",
        name="Surat Keterangan Domisili",
        category=Category.VILLAGE_LETTER,
        description="Surat yang menerangkan bahwa pemohon bertempat tinggal di desa/kelurahan "
        "ini, misalnya untuk melamar kerja, membuka rekening, atau mendaftar sekolah.",
        output_product="Surat keterangan domisili bertanda tangan kepala desa/lurah",
        requirements=(RT_RW_LETTER, KTP, KK),
        steps=VILLAGE_LETTER_STEPS,
        legal_basis=(*VILLAGE_LAWS, ADMINDUK_LAWS[0]),
        online=True,
    ),
    ServiceSpec(
        code="sktm",
        name="Surat Keterangan Tidak Mampu (SKTM)",
        category=Category.VILLAGE_LETTER,
        description="Surat yang menerangkan bahwa keluarga pemohon kurang mampu, untuk "
        "keringanan biaya pendidikan, pengobatan di rumah sakit, atau pengajuan bantuan "
        "sosial.",
        output_product="Surat keterangan tidak mampu bertanda tangan kepala desa/lurah",
        requirements=(
            RT_RW_LETTER,
            KTP,
            KK,
            Req(
                "Surat pernyataan tidak mampu",
                "Ditandatangani pemohon dan diketahui ketua RT; formulir tersedia di kantor "
                "desa/kelurahan.",
            ),
            Req(
                "Kartu bantuan sosial (KIS, KIP, atau PKH)",
                "Bila keluarga sudah menerima bantuan sosial.",
                mandatory=False,
            ),
        ),
        steps=VILLAGE_LETTER_STEPS,
        legal_basis=(
            *VILLAGE_LAWS,
            "Undang-Undang Nomor 13 Tahun 2011 tentang Penanganan Fakir Miskin",
        ),
        online=True,
    ),
    ServiceSpec(
        code="pengantar-skck",
        name="Surat Pengantar SKCK",
        category=Category.VILLAGE_LETTER,
        description="Surat pengantar dari desa/kelurahan untuk mengurus Surat Keterangan "
        "Catatan Kepolisian (SKCK) di Polsek atau Polres.",
        output_product="Surat pengantar SKCK bertanda tangan kepala desa/lurah",
        requirements=(RT_RW_LETTER, KTP, KK),
        steps=VILLAGE_LETTER_STEPS,
        legal_basis=(
            *VILLAGE_LAWS,
            "Peraturan Kepala Kepolisian Negara Republik Indonesia Nomor 18 Tahun 2014 "
            "tentang Tata Cara Penerbitan Surat Keterangan Catatan Kepolisian",
        ),
        online=True,
    ),
    ServiceSpec(
        code="sk-usaha",
        name="Surat Keterangan Usaha (SKU)",
        category=Category.VILLAGE_LETTER,
        description="Surat yang menerangkan bahwa pemohon menjalankan usaha di desa/kelurahan "
        "ini, misalnya untuk pengajuan Kredit Usaha Rakyat atau pendaftaran NIB.",
        output_product="Surat keterangan usaha bertanda tangan kepala desa/lurah",
        requirements=(
            RT_RW_LETTER,
            KTP,
            KK,
            Req(
                "Foto tempat usaha",
                "Tampak depan, memperlihatkan kegiatan usaha.",
                mandatory=False,
            ),
        ),
        steps=VILLAGE_LETTER_STEPS,
        legal_basis=(
            *VILLAGE_LAWS,
            "Undang-Undang Nomor 20 Tahun 2008 tentang Usaha Mikro, Kecil, dan Menengah",
        ),
        online=True,
    ),
    ServiceSpec(
        code="sk-kelahiran",
        name="Surat Keterangan Kelahiran",
        category=Category.VILLAGE_LETTER,
        description="Surat keterangan kelahiran dari kepala desa/lurah bagi kelahiran yang "
        "tidak ditolong fasilitas kesehatan; dipakai untuk mengurus akta kelahiran.",
        output_product="Surat keterangan kelahiran bertanda tangan kepala desa/lurah",
        requirements=(
            RT_RW_LETTER,
            Req("KTP-el kedua orang tua", "Asli ditunjukkan kepada petugas."),
            KK,
            Req(
                "Identitas dua orang saksi kelahiran",
                "Bila persalinan tidak ditolong bidan atau tenaga kesehatan.",
                mandatory=False,
            ),
        ),
        steps=VILLAGE_LETTER_STEPS,
        legal_basis=(*VILLAGE_LAWS, *ADMINDUK_LAWS[:1], ADMINDUK_LAWS[2]),
        outreach=True,
    ),
    ServiceSpec(
        code="sk-kematian",
        name="Surat Keterangan Kematian",
        category=Category.VILLAGE_LETTER,
        description="Surat keterangan kematian dari kepala desa/lurah bagi warga yang "
        "meninggal di rumah; dipakai untuk mengurus akta kematian.",
        output_product="Surat keterangan kematian bertanda tangan kepala desa/lurah",
        requirements=(
            RT_RW_LETTER,
            Req(
                "KK dan KTP-el almarhum/almarhumah",
                "Asli ditunjukkan kepada petugas.",
                original_required=True,
            ),
            Req("KTP-el pelapor", "Pelapor adalah anggota keluarga atau tetangga terdekat."),
            Req(
                "Surat keterangan dari dokter atau puskesmas",
                "Bila ada.",
                mandatory=False,
            ),
        ),
        steps=VILLAGE_LETTER_STEPS,
        legal_basis=(*VILLAGE_LAWS, *ADMINDUK_LAWS[:1], ADMINDUK_LAWS[2]),
    ),
    ServiceSpec(
        code="pengantar-nikah",
        name="Surat Pengantar Nikah (model N1)",
        category=Category.VILLAGE_LETTER,
        description="Surat pengantar perkawinan dari desa/kelurahan untuk mendaftarkan "
        "kehendak nikah di KUA kecamatan atau di Disdukcapil.",
        output_product="Surat pengantar perkawinan (model N1) bertanda tangan kepala desa/lurah",
        requirements=(
            RT_RW_LETTER,
            KTP,
            KK,
            Req("Kutipan akta kelahiran atau ijazah terakhir", "Untuk memastikan tanggal lahir."),
            Req(
                "Surat izin orang tua (model N4)",
                "Bagi calon pengantin yang belum berusia 21 tahun.",
                mandatory=False,
            ),
            Req(
                "Akta cerai atau akta kematian pasangan terdahulu",
                "Bagi duda atau janda.",
                mandatory=False,
            ),
        ),
        steps=VILLAGE_LETTER_STEPS,
        legal_basis=(
            *VILLAGE_LAWS,
            "Undang-Undang Nomor 1 Tahun 1974 tentang Perkawinan sebagaimana telah diubah "
            "dengan Undang-Undang Nomor 16 Tahun 2019",
            "Peraturan Menteri Agama Nomor 20 Tahun 2019 tentang Pencatatan Pernikahan",
        ),
    ),
    ServiceSpec(
        code="sk-ahli-waris",
        name="Surat Keterangan Ahli Waris",
        category=Category.VILLAGE_LETTER,
        description="Penguatan surat pernyataan ahli waris oleh kepala desa/lurah dan camat, "
        "antara lain untuk balik nama sertifikat tanah atau mencairkan tabungan pewaris.",
        output_product="Surat keterangan ahli waris yang dikuatkan kepala desa/lurah dan camat",
        requirements=(
            Req(
                "Surat pernyataan ahli waris",
                "Ditandatangani seluruh ahli waris dan dua orang saksi.",
            ),
            Req("Kutipan akta kematian pewaris", "Asli ditunjukkan kepada petugas."),
            Req("KTP-el dan KK seluruh ahli waris"),
            Req(
                "Buku nikah pewaris dan akta kelahiran para ahli waris",
                "Untuk membuktikan hubungan keluarga.",
            ),
        ),
        steps=(
            StepSpec(
                "Pemeriksaan dan penguatan oleh kepala desa/lurah",
                "Petugas memeriksa susunan ahli waris dan saksi; kepala desa/lurah "
                "menandatangani penguatan.",
                OfficeKind.VILLAGE,
                time_limit_days=2,
            ),
            StepSpec(
                "Penguatan oleh camat",
                "Kecamatan mencatat surat dalam register dan camat menandatangani penguatan.",
                OfficeKind.KECAMATAN,
                time_limit_days=2,
            ),
        ),
        legal_basis=(
            *VILLAGE_LAWS,
            "Peraturan Menteri Negara Agraria/Kepala Badan Pertanahan Nasional Nomor 3 "
            "Tahun 1997, Pasal 111",
        ),
        handover="Surat diambil di kantor desa/kelurahan; ahli waris menandatangani buku "
        "penyerahan.",
    ),
    # --- Perizinan (DPMPTSP) ------------------------------------------------------------
    ServiceSpec(
        code="nib-usaha-mikro",
        name="Nomor Induk Berusaha (NIB) untuk Usaha Mikro",
        category=Category.PERMIT,
        description="Pendampingan pendaftaran Nomor Induk Berusaha melalui sistem OSS bagi "
        "usaha mikro berisiko rendah. NIB berlaku sebagai identitas berusaha sekaligus "
        "izin usaha.",
        output_product="Nomor Induk Berusaha (NIB) yang diterbitkan melalui OSS",
        requirements=(
            KTP,
            Req(
                "Alamat surel dan nomor HP aktif",
                "Untuk membuat akun OSS dan menerima NIB.",
                upload_allowed=False,
            ),
            Req(
                "Keterangan lokasi dan jenis usaha",
                "Alamat tempat usaha dan kegiatan usahanya; petugas membantu memilih kode KBLI.",
                upload_allowed=False,
            ),
            Req("NPWP", "Bila sudah memiliki.", mandatory=False),
        ),
        steps=(
            StepSpec(
                "Pengantar desa/kelurahan",
                "Petugas memeriksa identitas dan lokasi usaha, lalu meneruskan data ke DPMPTSP.",
                OfficeKind.VILLAGE,
            ),
            StepSpec(
                "Pendaftaran dan penerbitan NIB",
                "Petugas DPMPTSP mendampingi pendaftaran di OSS, memeriksa data, dan "
                "mengirimkan NIB kepada pemohon.",
                OfficeKind.AGENCY,
                agency=Agency.DPMPTSP,
            ),
        ),
        legal_basis=(
            "Undang-Undang Nomor 6 Tahun 2023 tentang Penetapan Peraturan Pemerintah "
            "Pengganti Undang-Undang Nomor 2 Tahun 2022 tentang Cipta Kerja menjadi "
            "Undang-Undang",
            "Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik",
            "Peraturan Pemerintah Nomor 7 Tahun 2021 tentang Kemudahan, Pelindungan, dan "
            "Pemberdayaan Koperasi dan Usaha Mikro, Kecil, dan Menengah",
            "Peraturan Pemerintah tentang Penyelenggaraan Perizinan Berusaha Berbasis Risiko",
        ),
        online=True,
        handover="NIB dikirim ke surel pemohon dan dapat diunduh dari akun OSS.",
    ),
]
