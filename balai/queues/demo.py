"""Demo queue for Kantor Desa Tawangrejo: two service groups, three counters, booking slots
on the next working days. Idempotent: running it again changes nothing."""

from django.db import transaction
from django.utils import timezone

from balai.catalog.models import Service
from balai.offices.constants import OfficeKind
from balai.offices.models import Office
from balai.workdays.calendar import add_working_days, local_date

from .models import Desk, ServiceGroup
from .services import create_slots

__all__ = ["build_queue_demo"]

DEMO_OFFICE_REGION = "35.16.01.2001"
GROUPS = [
    (
        "A",
        "Administrasi kependudukan",
        [
            "kk-perubahan",
            "kk-kepala-keluarga-meninggal",
            "kk-hilang-rusak",
            "ktp-el-baru",
            "akta-kelahiran",
            "akta-kematian",
            "surat-pindah",
            "kia-bawah-5-tahun",
            "kia-5-tahun-ke-atas",
        ],
    ),
    (
        "B",
        "Surat keterangan desa",
        [
            "sk-domisili",
            "sktm",
            "pengantar-skck",
            "sk-usaha",
            "sk-kelahiran",
            "sk-kematian",
            "pengantar-nikah",
            "sk-ahli-waris",
            "nib-usaha-mikro",
        ],
    ),
]
DESKS = [("Loket 1", ["A", "B"]), ("Loket 2", ["A"]), ("Loket 3", ["B"])]
BOOKING_DAYS = 5
SLOT_MINUTES = 30
SLOT_CAPACITY = 3


def build_queue_demo() -> dict:
    """Returns how many groups, desks and slots the office has afterwards."""
    office = Office.objects.filter(region_id=DEMO_OFFICE_REGION, kind=OfficeKind.VILLAGE).first()
    if office is None:
        return {"groups": 0, "desks": 0, "slots": 0}
    with transaction.atomic():
        groups = {}
        for position, (prefix, name, codes) in enumerate(GROUPS):
            group, _created = ServiceGroup.objects.get_or_create(
                office=office, prefix=prefix, defaults={"name": name, "position": position}
            )
            group.services.add(*Service.objects.filter(code__in=codes))
            groups[prefix] = group
        for position, (name, prefixes) in enumerate(DESKS):
            desk, _created = Desk.objects.get_or_create(
                office=office, name=name, defaults={"position": position}
            )
            desk.groups.add(*(groups[p] for p in prefixes))
        today = local_date(timezone.now(), office)
        slots = 0
        for n in range(BOOKING_DAYS):
            day = add_working_days(today, n, office)
            for group in groups.values():
                slots += len(create_slots(group, day, minutes=SLOT_MINUTES, capacity=SLOT_CAPACITY))
    return {"groups": len(groups), "desks": len(DESKS), "slots": slots}
