"""One demo account per persona. Every demo account uses the same password.

A citizen (warga) needs no account: the public pages and a tracking code with a PIN
are enough, so there is no citizen login here.
"""

from typing import NamedTuple

from balai.offices.constants import Role

from .regions import FIRST_RT_OF_TAWANGREJO, FIRST_RW_OF_TAWANGREJO

DEMO_PASSWORD = "balai-demo-2026"


class Persona(NamedTuple):
    username: str
    full_name: str
    office: str
    role: str
    region: str | None = None
    administrator: bool = False

    @property
    def email(self) -> str:
        # A reserved `.example` domain: a demo notification never reaches a real person.
        return f"{self.username}@mojokertokab.example"


PERSONAS = [
    Persona("petugas.tawangrejo", "Siti Nurhayati", "desa_tawangrejo", Role.FRONT_OFFICE),
    Persona("petugas.rejosari", "Agus Setiawan", "desa_rejosari", Role.FRONT_OFFICE),
    Persona("kades.tawangrejo", "Sugeng Riyadi", "desa_tawangrejo", Role.HEAD),
    Persona("sekdes.tawangrejo", "Dwi Wahyuningsih", "desa_tawangrejo", Role.SECTION_HEAD),
    Persona("operator.jatirejo", "Rizky Pratama", "kecamatan_jatirejo", Role.OPERATOR),
    Persona("camat.jatirejo", "Bambang Hariyanto, S.Sos., M.Si.", "kecamatan_jatirejo", Role.HEAD),
    Persona("petugas.dukcapil", "Ratna Kusumawati", "disdukcapil", Role.FRONT_OFFICE),
    Persona("kadis.dukcapil", "Joko Susilo, S.H., M.M.", "disdukcapil", Role.HEAD),
    Persona("petugas.dpmptsp", "Fitri Handayani", "dpmptsp", Role.FRONT_OFFICE),
    Persona("lurah.kauman", "Endang Sri Rahayu, S.Sos.", "kelurahan_kauman", Role.HEAD),
    Persona(
        "ketua.rt001",
        "Slamet Widodo",
        "desa_tawangrejo",
        Role.NEIGHBOURHOOD_HEAD,
        region=FIRST_RT_OF_TAWANGREJO,
    ),
    Persona(
        "ketua.rw001",
        "Hadi Purnomo",
        "desa_tawangrejo",
        Role.NEIGHBOURHOOD_HEAD,
        region=FIRST_RW_OF_TAWANGREJO,
    ),
    Persona("admin", "Yudi Prasetyo", "bupati", Role.KABUPATEN_ADMIN, administrator=True),
]
