"""Deadlines count working days: Monday–Friday minus national holidays and cuti bersama,
adjusted by the days an administrator adds or removes, read in the office's time zone.

Dates are the real 2026 calendar (SKB cuti bersama 2026 as the `holidays` package lists it).
"""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from balai.offices.constants import TimeZone
from balai.offices.tests.factories import OfficeFactory
from balai.regions.tests.factories import official_region
from balai.workdays import add_working_days, is_working_day, working_days_between
from balai.workdays.calendar import builtin_holidays, local_date
from balai.workdays.constants import DayChange
from balai.workdays.models import CalendarDay

WIB = ZoneInfo("Asia/Jakarta")
WIT = ZoneInfo("Asia/Jayapura")


def closed(day, **scope):
    return CalendarDay.objects.create(date=day, change=DayChange.CLOSED, reason="Tutup", **scope)


def opened(day, **scope):
    return CalendarDay.objects.create(date=day, change=DayChange.OPEN, reason="Masuk", **scope)


class TestBuiltInHolidays2026:
    def test_2026_has_25_national_holidays_and_cuti_bersama(self):
        assert len(builtin_holidays(2026)) == 25

    def test_idul_fitri_nyepi_and_their_cuti_bersama_are_listed(self):
        days = builtin_holidays(2026)
        # Nyepi 19, Idul Fitri 21–22; cuti bersama 18, 20, 23 and 24 March.
        for day in range(18, 25):
            assert date(2026, 3, day) in days
        assert date(2026, 3, 17) not in days
        assert date(2026, 3, 25) not in days

    def test_christmas_and_its_cuti_bersama_are_listed(self):
        days = builtin_holidays(2026)
        assert date(2026, 12, 24) in days
        assert date(2026, 12, 25) in days

    def test_holidays_are_computed_once_per_year(self):
        builtin_holidays.cache_clear()
        builtin_holidays(2026)
        builtin_holidays(2026)
        info = builtin_holidays.cache_info()
        assert (info.hits, info.misses) == (1, 1)


@pytest.mark.django_db
class TestNationalCalendar:
    def test_lebaran_week_is_skipped(self):
        # Tue 17 March; 18–24 March are off; Wed 25 is the first working day after.
        assert add_working_days(date(2026, 3, 17), 1, None) == date(2026, 3, 25)
        assert add_working_days(date(2026, 3, 17), 2, None) == date(2026, 3, 26)
        assert add_working_days(date(2026, 3, 17), 3, None) == date(2026, 3, 27)

    def test_working_days_across_lebaran_are_counted(self):
        assert working_days_between(date(2026, 3, 17), date(2026, 3, 27), None) == 3
        assert working_days_between(date(2026, 3, 17), date(2026, 3, 24), None) == 0

    def test_counting_backwards_is_negative(self):
        assert working_days_between(date(2026, 3, 27), date(2026, 3, 17), None) == -3
        assert working_days_between(date(2026, 3, 17), date(2026, 3, 17), None) == 0

    def test_christmas_and_cuti_bersama_are_skipped(self):
        # Wed 23 Dec: Thu 24 (cuti bersama), Fri 25 (Christmas), then the weekend.
        assert add_working_days(date(2026, 12, 23), 1, None) == date(2026, 12, 28)
        assert not is_working_day(date(2026, 12, 24), None)
        assert not is_working_day(date(2026, 12, 25), None)

    def test_weekends_are_skipped(self):
        friday = date(2026, 7, 10)
        assert add_working_days(friday, 1, None) == date(2026, 7, 13)
        assert not is_working_day(date(2026, 7, 11), None)
        assert not is_working_day(date(2026, 7, 12), None)
        assert working_days_between(friday, date(2026, 7, 17), None) == 5

    def test_zero_days_is_the_start_or_the_next_working_day(self):
        assert add_working_days(date(2026, 7, 10), 0, None) == date(2026, 7, 10)
        assert add_working_days(date(2026, 7, 11), 0, None) == date(2026, 7, 13)
        assert add_working_days(date(2026, 3, 18), 0, None) == date(2026, 3, 25)

    def test_negative_days_are_refused(self):
        with pytest.raises(ValueError):
            add_working_days(date(2026, 7, 10), -1, None)

    def test_naive_datetime_is_refused(self):
        with pytest.raises(ValueError):
            add_working_days(datetime(2026, 7, 10, 9, 0), 1, None)

    def test_an_added_national_closed_day_is_skipped(self):
        closed(date(2026, 7, 13))
        assert add_working_days(date(2026, 7, 10), 1, None) == date(2026, 7, 14)

    def test_a_national_open_day_turns_a_holiday_into_a_working_day(self):
        opened(date(2026, 3, 24))  # a cuti bersama withdrawn by decree
        assert add_working_days(date(2026, 3, 17), 1, None) == date(2026, 3, 24)


@pytest.fixture
def places(db):
    r = {
        code: official_region(code, name)
        for code, name in [
            ("35", "Jawa Timur"),
            ("35.16", "Kabupaten Mojokerto"),
            ("35.16.01", "Jatirejo"),
            ("35.16.01.2001", "Tawangrejo"),
            ("35.16.08", "Mojosari"),
            ("35.16.08.1004", "Kauman"),
            ("94", "Papua"),
            ("94.71", "Kota Jayapura"),
        ]
    }
    return {
        "desa_a": OfficeFactory(region=r["35.16.01.2001"]),
        "kelurahan": OfficeFactory(region=r["35.16.08.1004"]),
        "kabupaten": r["35.16"],
        "kecamatan": r["35.16.01"],
        "jayapura": OfficeFactory(region=r["94.71"], kind="head", timezone=TimeZone.WIT),
    }


MONDAY = date(2026, 7, 13)
FRIDAY = date(2026, 7, 10)
SATURDAY = date(2026, 7, 11)


class TestScopedChanges:
    def test_office_closure_affects_only_that_office(self, places):
        closed(MONDAY, office=places["desa_a"])
        assert add_working_days(FRIDAY, 1, places["desa_a"]) == date(2026, 7, 14)
        assert add_working_days(FRIDAY, 1, places["kelurahan"]) == MONDAY
        assert add_working_days(FRIDAY, 1, None) == MONDAY

    def test_region_closure_affects_offices_inside_the_region_only(self, places):
        closed(MONDAY, region=places["kecamatan"])
        assert not is_working_day(MONDAY, places["desa_a"])
        assert is_working_day(MONDAY, places["kelurahan"])
        assert is_working_day(MONDAY, None)

    def test_kabupaten_closure_reaches_its_village_offices(self, places):
        closed(MONDAY, region=places["kabupaten"])
        assert not is_working_day(MONDAY, places["desa_a"])
        assert not is_working_day(MONDAY, places["kelurahan"])
        assert is_working_day(MONDAY, places["jayapura"])

    def test_an_open_saturday_counts_as_a_working_day(self, places):
        opened(SATURDAY, office=places["desa_a"])
        assert add_working_days(FRIDAY, 1, places["desa_a"]) == SATURDAY
        assert working_days_between(FRIDAY, MONDAY, places["desa_a"]) == 2
        assert working_days_between(FRIDAY, MONDAY, places["kelurahan"]) == 1

    def test_office_row_wins_over_region_and_national_rows(self, places):
        closed(MONDAY)
        closed(MONDAY, region=places["kabupaten"])
        opened(MONDAY, office=places["desa_a"])
        assert is_working_day(MONDAY, places["desa_a"])
        assert not is_working_day(MONDAY, places["kelurahan"])

    def test_narrower_region_wins_over_wider_region(self, places):
        closed(MONDAY, region=places["kabupaten"])
        opened(MONDAY, region=places["kecamatan"])
        assert is_working_day(MONDAY, places["desa_a"])
        assert not is_working_day(MONDAY, places["kelurahan"])

    def test_region_row_wins_over_national_row(self, places):
        opened(SATURDAY)
        closed(SATURDAY, region=places["kecamatan"])
        assert not is_working_day(SATURDAY, places["desa_a"])
        assert is_working_day(SATURDAY, places["kelurahan"])


class TestTimeZones:
    def test_the_same_instant_is_a_different_day_in_wib_and_wit(self, places):
        late_tuesday_wib = datetime(2026, 3, 17, 23, 30, tzinfo=WIB)
        same_instant_wit = late_tuesday_wib.astimezone(WIT)
        assert same_instant_wit.date() == date(2026, 3, 18)
        wib_office, wit_office = places["desa_a"], places["jayapura"]

        assert local_date(late_tuesday_wib, wib_office) == date(2026, 3, 17)
        assert local_date(late_tuesday_wib, wit_office) == date(2026, 3, 18)
        # In Java it is still Tuesday, a working day; in Jayapura it is already
        # Wednesday 18 March, a cuti bersama, so the counter waits for 25 March.
        assert is_working_day(late_tuesday_wib, wib_office)
        assert not is_working_day(late_tuesday_wib, wit_office)
        assert add_working_days(late_tuesday_wib, 0, wib_office) == date(2026, 3, 17)
        assert add_working_days(late_tuesday_wib, 0, wit_office) == date(2026, 3, 25)
        # Three working days later is Fri 27 March either way: 18–24 March are all off.
        assert add_working_days(late_tuesday_wib, 3, wib_office) == date(2026, 3, 27)
        assert add_working_days(late_tuesday_wib, 3, wit_office) == date(2026, 3, 27)

    def test_a_friday_evening_in_utc_is_already_saturday_in_wit(self, places):
        friday_evening_utc = datetime(2026, 7, 10, 16, 0, tzinfo=UTC)  # Sat 01:00 WIT
        assert is_working_day(friday_evening_utc, places["desa_a"])
        assert not is_working_day(friday_evening_utc, places["jayapura"])
        assert add_working_days(friday_evening_utc, 0, places["desa_a"]) == FRIDAY
        assert add_working_days(friday_evening_utc, 0, places["jayapura"]) == MONDAY

    def test_no_office_reads_dates_in_jakarta(self):
        instant = datetime(2026, 3, 17, 17, 30, tzinfo=UTC)  # 18 March 00:30 WIB
        assert local_date(instant, None) == date(2026, 3, 18)


class TestRoundTrip:
    @pytest.mark.parametrize("n", [1, 2, 3, 5, 10, 20])
    def test_counting_back_the_days_added_gives_n(self, places, n):
        closed(date(2026, 5, 4), region=places["kabupaten"])
        opened(date(2026, 5, 16), office=places["desa_a"])
        office = places["desa_a"]
        start = date(2026, 1, 1)
        for offset in range(0, 365, 3):
            day = start + timedelta(days=offset)
            end = add_working_days(day, n, office)
            assert end > day
            assert is_working_day(end, office)
            assert working_days_between(day, end, office) == n
            assert working_days_between(end, day, office) == -n


class TestQueries:
    def test_a_long_range_takes_one_query(self, places, django_assert_num_queries):
        for month in range(1, 13):
            closed(date(2026, month, 3), office=places["desa_a"])
        with django_assert_num_queries(1):
            total = working_days_between(date(2025, 1, 1), date(2028, 12, 31), places["desa_a"])
        with django_assert_num_queries(1):
            add_working_days(date(2025, 1, 1), 500, places["desa_a"])
        assert total > 900

    def test_a_long_closure_reads_further_without_a_query_per_day(
        self, places, django_assert_max_num_queries
    ):
        office = places["desa_a"]
        CalendarDay.objects.bulk_create(
            CalendarDay(date=date(2026, 7, 1) + timedelta(days=i), change="closed", office=office)
            for i in range(120)
        )
        with django_assert_max_num_queries(3):
            end = add_working_days(date(2026, 6, 30), 1, office)
        assert end == date(2026, 10, 29)
