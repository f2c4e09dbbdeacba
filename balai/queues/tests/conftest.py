"""A queue at Desa A (Kantor Desa Tawangrejo): two service groups, two desks.

    A · Administrasi kependudukan  → Loket 1 and Loket 2
    B · Surat keterangan desa      → Loket 1 only

Times are fixed on Tuesday 3 February 2026, a working day, in WIB.
"""

from datetime import datetime, time
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine

from balai.catalog.tests.factories import published_service
from balai.offices.models import OpeningHours
from balai.queues.models import Desk, ServiceGroup

WIB = ZoneInfo("Asia/Jakarta")
DAY = datetime(2026, 2, 3).date()


def wib(hour: int, minute: int = 0, day=DAY) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=WIB)


def build_queue(office):
    for weekday in range(5):
        OpeningHours.objects.create(office=office, weekday=weekday, opens=time(8), closes=time(12))
        OpeningHours.objects.create(office=office, weekday=weekday, opens=time(13), closes=time(15))
    ktp = published_service("ktp-el-uji", name="KTP-el")
    domisili = published_service("sk-domisili-uji", name="SK Domisili")
    population = ServiceGroup.objects.create(
        office=office, name="Administrasi kependudukan", prefix="A"
    )
    population.services.add(ktp)
    letters = ServiceGroup.objects.create(
        office=office, name="Surat keterangan desa", prefix="B", position=1
    )
    letters.services.add(domisili)
    desk_1 = Desk.objects.create(office=office, name="Loket 1")
    desk_1.groups.add(population, letters)
    desk_2 = Desk.objects.create(office=office, name="Loket 2", position=1)
    desk_2.groups.add(population)
    return SimpleNamespace(
        office=office,
        a=population,
        b=letters,
        desk_1=desk_1,
        desk_2=desk_2,
        ktp=ktp,
        domisili=domisili,
    )


@pytest.fixture
def queue(world):
    return build_queue(world.offices.desa_a)


@pytest.fixture
def at_nine():
    with time_machine.travel(wib(9), tick=False) as traveller:
        yield traveller
