"""Administrators add or remove working days without a release; bad entries are refused
with a clear message, in the model and in the admin."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from balai.offices.tests.factories import UserFactory
from balai.regions.tests.factories import RegionFactory
from balai.workdays.constants import DayChange
from balai.workdays.models import CalendarDay

DAY = date(2026, 7, 13)


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


def test_a_day_for_both_a_region_and_an_office_is_refused(world):
    day = CalendarDay(
        date=DAY,
        change=DayChange.CLOSED,
        reason="Banjir",
        region=world.regions.kecamatan,
        office=world.offices.desa_a,
    )
    with pytest.raises(ValidationError, match="bukan keduanya"):
        day.full_clean()


def test_a_day_for_a_neighbourhood_unit_is_refused(world):
    rt = RegionFactory(code="35.16.01.2001.RW001", name="RW 001", level=6, kind="rw")
    day = CalendarDay(date=DAY, change=DayChange.CLOSED, reason="Kerja bakti", region=rt)
    with pytest.raises(ValidationError) as error:
        day.full_clean()
    assert "region" in error.value.message_dict


def test_a_second_entry_for_the_same_day_and_scope_is_refused(world):
    CalendarDay.objects.create(date=DAY, change=DayChange.CLOSED, reason="Banjir")
    again = CalendarDay(date=DAY, change=DayChange.OPEN, reason="Ganti")
    with pytest.raises(ValidationError) as error:
        again.full_clean()
    assert "date" in error.value.message_dict


def test_the_same_day_may_differ_per_scope(world):
    CalendarDay.objects.create(date=DAY, change=DayChange.CLOSED, reason="Banjir")
    for_office = CalendarDay(
        date=DAY, change=DayChange.OPEN, reason="Tetap buka", office=world.offices.desa_a
    )
    for_office.full_clean()


def test_an_existing_entry_can_be_edited(world):
    day = CalendarDay.objects.create(date=DAY, change=DayChange.CLOSED, reason="Banjir")
    day.reason = "Banjir bandang"
    day.full_clean()


def test_admin_lists_days_without_a_query_per_row(
    world, superuser, client, django_assert_max_num_queries
):
    for month in range(1, 13):
        CalendarDay.objects.create(
            date=date(2026, month, 3),
            change=DayChange.CLOSED,
            reason=f"Tutup {month}",
            office=world.offices.desa_a if month % 2 else None,
            region=None if month % 2 else world.regions.kecamatan,
        )
    client.force_login(superuser)
    url = reverse("admin:workdays_calendarday_changelist")
    with django_assert_max_num_queries(12):
        response = client.get(url, {"cakupan": "kantor"})
    assert response.status_code == 200
    assert b"Tutup 1" in response.content
    assert b"Tutup 2<" not in response.content


def test_admin_shows_why_a_day_is_refused(world, superuser, client):
    client.force_login(superuser)
    response = client.post(
        reverse("admin:workdays_calendarday_add"),
        {
            "date": "2026-07-13",
            "change": DayChange.CLOSED,
            "reason": "Banjir",
            "region": world.regions.kecamatan.code,
            "office": world.offices.desa_a.pk,
        },
    )
    assert response.status_code == 200
    assert "bukan keduanya" in response.content.decode()
    assert not CalendarDay.objects.exists()
