"""The demo's offices, each with contacts, opening hours and a Maklumat Pelayanan.

Telephone numbers, WhatsApp numbers and e-mail addresses are invented on purpose (the
e-mail domain is a reserved `.example` one), so a notification sent from a demo never
reaches a real person.
"""

from datetime import time
from typing import NamedTuple

from balai.offices.constants import Agency, OfficeKind, TimeZone, Weekday


class OfficeSpec(NamedTuple):
    key: str
    name: str
    kind: str
    region: str
    address: str
    phone: str
    whatsapp: str
    email: str
    signer: str
    place: str
    agency: str = ""


OFFICES = [
    OfficeSpec(
        key="desa_tawangrejo",
        name="Kantor Desa Tawangrejo",
        kind=OfficeKind.VILLAGE,
        region="35.16.01.2001",
        address="Jl. Raya Tawangrejo No. 12, Desa Tawangrejo, Kecamatan Jatirejo, "
        "Kabupaten Mojokerto 61373",
        phone="(0321) 6811201",
        whatsapp="0812-0000-2001",
        email="pemdes.tawangrejo@mojokertokab.example",
        signer="Kepala Desa Tawangrejo",
        place="Tawangrejo",
    ),
    OfficeSpec(
        key="desa_rejosari",
        name="Kantor Desa Rejosari",
        kind=OfficeKind.VILLAGE,
        region="35.16.01.2002",
        address="Jl. Balai Desa No. 3, Desa Rejosari, Kecamatan Jatirejo, "
        "Kabupaten Mojokerto 61373",
        phone="(0321) 6811202",
        whatsapp="0812-0000-2002",
        email="pemdes.rejosari@mojokertokab.example",
        signer="Kepala Desa Rejosari",
        place="Rejosari",
    ),
    OfficeSpec(
        key="kelurahan_kauman",
        name="Kantor Kelurahan Kauman",
        kind=OfficeKind.VILLAGE,
        region="35.16.08.1004",
        address="Jl. Pahlawan No. 21, Kelurahan Kauman, Kecamatan Mojosari, "
        "Kabupaten Mojokerto 61382",
        phone="(0321) 5931004",
        whatsapp="0812-0000-1004",
        email="kelurahan.kauman@mojokertokab.example",
        signer="Lurah Kauman",
        place="Mojosari",
    ),
    OfficeSpec(
        key="desa_sumbertanggul",
        name="Kantor Desa Sumbertanggul",
        kind=OfficeKind.VILLAGE,
        region="35.16.08.2001",
        address="Jl. Raya Sumbertanggul No. 5, Desa Sumbertanggul, Kecamatan Mojosari, "
        "Kabupaten Mojokerto 61382",
        phone="(0321) 5932001",
        whatsapp="0812-0000-2011",
        email="pemdes.sumbertanggul@mojokertokab.example",
        signer="Kepala Desa Sumbertanggul",
        place="Sumbertanggul",
    ),
    OfficeSpec(
        key="kecamatan_jatirejo",
        name="Kantor Kecamatan Jatirejo",
        kind=OfficeKind.KECAMATAN,
        region="35.16.01",
        address="Jl. Raya Jatirejo No. 1, Kecamatan Jatirejo, Kabupaten Mojokerto 61373",
        phone="(0321) 6811000",
        whatsapp="0812-0000-1601",
        email="kec.jatirejo@mojokertokab.example",
        signer="Camat Jatirejo",
        place="Jatirejo",
    ),
    OfficeSpec(
        key="kecamatan_mojosari",
        name="Kantor Kecamatan Mojosari",
        kind=OfficeKind.KECAMATAN,
        region="35.16.08",
        address="Jl. Hayam Wuruk No. 2, Kecamatan Mojosari, Kabupaten Mojokerto 61382",
        phone="(0321) 5931000",
        whatsapp="0812-0000-1608",
        email="kec.mojosari@mojokertokab.example",
        signer="Camat Mojosari",
        place="Mojosari",
    ),
    OfficeSpec(
        key="disdukcapil",
        name="Dinas Kependudukan dan Pencatatan Sipil Kabupaten Mojokerto",
        kind=OfficeKind.AGENCY,
        agency=Agency.DISDUKCAPIL,
        region="35.16",
        address="Jl. Pemuda No. 8, Mojosari, Kabupaten Mojokerto 61382",
        phone="(0321) 5920016",
        whatsapp="0812-0000-3516",
        email="disdukcapil@mojokertokab.example",
        signer="Kepala Dinas Kependudukan dan Pencatatan Sipil Kabupaten Mojokerto",
        place="Mojosari",
    ),
    OfficeSpec(
        key="dpmptsp",
        name="Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kabupaten Mojokerto",
        kind=OfficeKind.AGENCY,
        agency=Agency.DPMPTSP,
        region="35.16",
        address="Jl. Pemuda No. 10, Mojosari, Kabupaten Mojokerto 61382",
        phone="(0321) 5920017",
        whatsapp="0812-0000-3517",
        email="dpmptsp@mojokertokab.example",
        signer="Kepala Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kabupaten Mojokerto",
        place="Mojosari",
    ),
    OfficeSpec(
        key="bupati",
        name="Kantor Bupati Mojokerto",
        kind=OfficeKind.HEAD,
        region="35.16",
        address="Jl. Raya Mojosari–Pacet No. 1, Mojosari, Kabupaten Mojokerto 61382",
        phone="(0321) 5920000",
        whatsapp="0812-0000-3500",
        email="setda@mojokertokab.example",
        signer="Bupati Mojokerto",
        place="Mojosari",
    ),
]

TIMEZONE = TimeZone.WIB

# Monday to Thursday with a lunch break; Friday closes early for Friday prayers.
MONDAY_TO_THURSDAY = [(time(8, 0), time(12, 0)), (time(13, 0), time(15, 30))]
FRIDAY = [(time(8, 0), time(11, 0)), (time(13, 0), time(15, 0))]
OPENING_HOURS = [
    (day, opens, closes)
    for day in (Weekday.MONDAY, Weekday.TUESDAY, Weekday.WEDNESDAY, Weekday.THURSDAY)
    for opens, closes in MONDAY_TO_THURSDAY
] + [(Weekday.FRIDAY, opens, closes) for opens, closes in FRIDAY]

MAKLUMAT = """MAKLUMAT PELAYANAN

Dengan ini kami menyatakan sanggup menyelenggarakan pelayanan sesuai dengan standar \
pelayanan yang telah ditetapkan: cepat, mudah, transparan, tidak diskriminatif, dan tanpa \
pungutan di luar ketentuan. Kami akan memberikan informasi yang jelas tentang persyaratan, \
prosedur, waktu dan biaya, menanggapi setiap pengaduan, saran dan masukan, serta \
memperbaiki pelayanan secara terus-menerus.

Apabila kami tidak menepati janji ini, kami siap menerima sanksi sesuai dengan peraturan \
perundang-undangan yang berlaku.

{place}, 2 Januari 2026
{signer}"""


def maklumat_of(office: OfficeSpec) -> str:
    return MAKLUMAT.format(place=office.place, signer=office.signer)
