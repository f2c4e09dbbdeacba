"""The 14 Standar Pelayanan components of a demo service.

The public components (requirements, procedure, time limit, fee, product, complaints) are
written from the service's own data, so the text never disagrees with the requirement and
step rows; the internal ones come from defaults per category of service.
"""

from balai.catalog.constants import Category, Component
from balai.offices.constants import Agency, OfficeKind

from .catalog import ServiceSpec, StepSpec

FREE_ADMINDUK = "UU 24/2013 Pasal 79A"

NUMBER_WORDS = {1: "satu", 2: "dua", 3: "tiga", 4: "empat", 5: "lima", 6: "enam", 7: "tujuh"}

PERFORMERS = {
    OfficeKind.VILLAGE: "kantor desa/kelurahan",
    OfficeKind.KECAMATAN: "kantor kecamatan",
    OfficeKind.HEAD: "kantor bupati",
}
AGENCY_PERFORMERS = {Agency.DISDUKCAPIL: "Disdukcapil", Agency.DPMPTSP: "DPMPTSP"}

DEFAULT_HANDOVER = {
    Category.POPULATION: "Dokumen dapat diunduh dan dicetak sendiri pada kertas HVS A4 80 gram, "
    "atau diambil di kantor desa/kelurahan.",
    Category.VILLAGE_LETTER: "Surat diambil di kantor desa/kelurahan atau diunduh dari Balai "
    "bila diajukan secara daring.",
}

COMPLAINTS = """Pengaduan, saran dan masukan dapat disampaikan:
1. langsung di meja pengaduan atau kotak saran kantor pelayanan;
2. melalui menu Pengaduan di Balai atau SP4N-LAPOR! (www.lapor.go.id);
3. melalui telepon, WhatsApp atau surel kantor pelayanan.
Pengaduan diverifikasi paling lama 3 hari kerja dan tindak lanjutnya dirumuskan paling lama \
5 hari kerja. Identitas pelapor dapat dirahasiakan atas permintaan."""

EVALUATION = (
    "Evaluasi kinerja pelaksana setiap triwulan oleh atasan langsung. Survei Kepuasan "
    "Masyarakat dilaksanakan paling sedikit sekali setahun (Permenpan RB 14/2017); hasil dan "
    "tindak lanjutnya diumumkan kepada masyarakat."
)

INTERNAL = {
    Category.POPULATION: {
        Component.FACILITIES: "Loket pelayanan dan ruang tunggu; komputer terhubung SIAK "
        "Terpusat, pemindai, printer dan jaringan internet; alat perekaman KTP-el di kecamatan "
        "dan Disdukcapil; kursi roda, jalur landai dan loket prioritas bagi penyandang "
        "disabilitas, lansia dan ibu hamil; toilet; papan informasi standar pelayanan.",
        Component.COMPETENCE: "Memahami peraturan administrasi kependudukan; mampu "
        "mengoperasikan SIAK dan Balai; telah mengikuti bimbingan teknis administrasi "
        "kependudukan; berpendidikan paling rendah SMA/sederajat; melayani dengan ramah.",
        Component.SUPERVISION: "Pengawasan melekat oleh atasan langsung (kepala desa/lurah, "
        "camat, kepala dinas); pemeriksaan oleh Inspektorat Kabupaten Mojokerto; pemantauan "
        "oleh Direktorat Jenderal Kependudukan dan Pencatatan Sipil Kemendagri.",
        Component.STAFFING: "Desa/kelurahan: 1 petugas layanan dan 1 operator. Kecamatan: "
        "1 operator. Disdukcapil: 4 petugas loket, 2 verifikator dan 1 pejabat penandatangan.",
        Component.GUARANTEE: "Pelayanan diberikan sesuai standar pelayanan dan Maklumat "
        "Pelayanan, tanpa biaya. Bila dokumen terlambat terbit, pemohon mendapat penjelasan "
        "tertulis dan permohonannya diselesaikan lebih dahulu.",
        Component.SAFETY: "Data pribadi dijaga kerahasiaannya (UU 24/2013; UU 27/2022 tentang "
        "Pelindungan Data Pribadi); hak akses SIAK dibatasi per petugas; dokumen bertanda "
        "tangan elektronik dan berkode QR yang dapat diperiksa keasliannya; ruang pelayanan "
        "dilengkapi APAR dan jalur evakuasi.",
        Component.EVALUATION: EVALUATION,
    },
    Category.VILLAGE_LETTER: {
        Component.FACILITIES: "Ruang pelayanan kantor desa/kelurahan dengan meja layanan dan "
        "kursi tunggu; komputer, printer dan jaringan internet; buku register surat; akses "
        "landai bagi penyandang disabilitas; papan informasi standar pelayanan.",
        Component.COMPETENCE: "Memahami tata naskah dinas dan administrasi desa/kelurahan; "
        "mampu mengoperasikan komputer dan Balai; mengenal wilayah dan warganya; melayani "
        "dengan ramah.",
        Component.SUPERVISION: "Pengawasan melekat oleh sekretaris desa/kelurahan dan kepala "
        "desa/lurah; pembinaan oleh camat; pemeriksaan oleh Inspektorat Kabupaten Mojokerto.",
        Component.STAFFING: "1 petugas layanan, 1 kepala seksi pelayanan atau sekretaris "
        "desa/kelurahan, dan kepala desa/lurah sebagai penandatangan.",
        Component.GUARANTEE: "Surat selesai dalam jangka waktu yang ditetapkan bila berkas "
        "lengkap, tanpa biaya, sesuai Maklumat Pelayanan.",
        Component.SAFETY: "Data pemohon hanya dipakai untuk pembuatan surat; setiap surat "
        "bernomor, tercatat di register dan nomornya tidak pernah berulang; keaslian surat "
        "dapat diperiksa melalui kode QR; ruang pelayanan dilengkapi APAR.",
        Component.EVALUATION: EVALUATION,
    },
    Category.PERMIT: {
        Component.FACILITIES: "Ruang layanan DPMPTSP dengan loket pendampingan OSS, komputer "
        "dan jaringan internet, ruang tunggu, toilet, dan akses bagi penyandang disabilitas; "
        "perangkat layanan di kantor desa/kelurahan.",
        Component.COMPETENCE: "Memahami sistem OSS berbasis risiko dan Klasifikasi Baku "
        "Lapangan Usaha Indonesia (KBLI); mampu mendampingi pelaku usaha mikro; melayani "
        "dengan ramah.",
        Component.SUPERVISION: "Pengawasan melekat oleh kepala bidang pelayanan perizinan dan "
        "kepala dinas; pemeriksaan oleh Inspektorat Kabupaten Mojokerto.",
        Component.STAFFING: "2 petugas pendamping OSS, 1 verifikator, dan 1 petugas layanan "
        "di setiap desa/kelurahan.",
        Component.GUARANTEE: "Pendampingan diberikan tanpa biaya sampai NIB terbit, sesuai "
        "Maklumat Pelayanan.",
        Component.SAFETY: "Akun OSS dibuat atas nama pelaku usaha dan kata sandinya tidak "
        "disimpan petugas; data pribadi dijaga kerahasiaannya (UU 27/2022 tentang Pelindungan "
        "Data Pribadi).",
        Component.EVALUATION: EVALUATION,
    },
}


def fee_legal_basis(spec: ServiceSpec) -> str:
    return FREE_ADMINDUK if spec.category == Category.POPULATION else ""


def standard_components(spec: ServiceSpec) -> dict[str, str]:
    """All 14 components, keyed by `Component` value."""
    return {
        Component.REQUIREMENTS: requirements_text(spec),
        Component.PROCEDURE: procedure_text(spec),
        Component.TIME_LIMIT: time_limit_text(spec),
        Component.FEE: fee_text(spec),
        Component.PRODUCT: spec.output_product + ".",
        Component.COMPLAINTS: COMPLAINTS,
        Component.LEGAL_BASIS: numbered(spec.legal_basis),
        **INTERNAL[spec.category],
    }


def numbered(lines) -> str:
    return "\n".join(f"{number}. {line}" for number, line in enumerate(lines, start=1))


def requirements_text(spec: ServiceSpec) -> str:
    lines = []
    for requirement in spec.requirements:
        line = requirement.name
        if not requirement.mandatory:
            line += " (bila diperlukan)"
        if requirement.explanation:
            line += f": {requirement.explanation}"
        lines.append(line)
    text = numbered(lines)
    return f"{text}\n{spec.requirements_note}" if spec.requirements_note else text


def performer(step: StepSpec) -> str:
    if step.agency:
        return AGENCY_PERFORMERS.get(step.agency, "dinas/instansi")
    return PERFORMERS[step.office_kind]


def days(count: int) -> str:
    return f"{count} ({NUMBER_WORDS.get(count, str(count))}) hari kerja"


def channels_text(spec: ServiceSpec) -> str:
    ways = []
    if spec.counter:
        ways.append("di loket kantor desa/kelurahan")
    if spec.assisted:
        ways.append("dengan bantuan petugas desa/kelurahan")
    if spec.online:
        ways.append("secara daring melalui Balai")
    if spec.outreach:
        ways.append("pada layanan keliling")
    if len(ways) <= 2:
        return " atau ".join(ways)
    return ", ".join(ways[:-1]) + ", atau " + ways[-1]


def procedure_text(spec: ServiceSpec) -> str:
    steps = [
        f"{step.name} ({performer(step)}, paling lama {days(step.time_limit_days)}). "
        f"{step.description}"
        for step in spec.steps
    ]
    handover = spec.handover or DEFAULT_HANDOVER.get(spec.category, "")
    parts = [f"Permohonan diajukan {channels_text(spec)}.", numbered(steps)]
    if handover:
        parts.append(handover)
    return "\n".join(parts)


def time_limit_text(spec: ServiceSpec) -> str:
    total = sum(step.time_limit_days for step in spec.steps)
    text = f"Paling lama {days(total)} sejak berkas dinyatakan lengkap."
    if spec.category == Category.POPULATION:
        text += (
            " Dokumen kependudukan diterbitkan Disdukcapil paling lama 1 hari kerja setelah "
            "berkas lengkap diterima (Permendagri 19/2018)."
        )
    return text


def fee_text(spec: ServiceSpec) -> str:
    if spec.category == Category.POPULATION:
        return (
            f"Gratis (Rp0). Pengurusan dokumen kependudukan tidak dipungut biaya ({FREE_ADMINDUK})."
        )
    return "Gratis (Rp0). Tidak dipungut biaya."
