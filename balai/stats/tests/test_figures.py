"""Reading rollups: periods split into whole months and days, drill-down groups, p90."""

from datetime import date

from balai.cases.tests.factories import kk_service
from balai.stats.constants import Grain
from balai.stats.figures import (
    Figures,
    combined,
    figures_by,
    ikm_total,
    period_q,
    scoped,
    series,
    total,
)
from balai.stats.models import RequestDuration, RequestStat, SurveyStat
from balai.surveys.constants import ELEMENTS


def stat(office, day, grain=Grain.DAY, service=None, **counts):
    return RequestStat.objects.create(
        grain=grain, day=day, office=office, region=office.region_id, service=service, **counts
    )


def test_a_period_reads_whole_months_from_month_rows_and_the_rest_from_days():
    q = str(period_q(date(2026, 1, 20), date(2026, 3, 31)))
    months = "('day__in', [datetime.date(2026, 2, 1), datetime.date(2026, 3, 1)])"
    days = "('day__range', (datetime.date(2026, 1, 20), datetime.date(2026, 1, 31)))"
    assert months in q and days in q


def test_whole_years_are_read_from_year_rows():
    q = str(period_q(date(2025, 1, 1), date(2026, 2, 28)))
    assert "('grain', Grain.YEAR)" in q and "datetime.date(2025, 1, 1)]" in q
    assert "[datetime.date(2026, 1, 1), datetime.date(2026, 2, 1)]" in q
    partial = str(period_q(date(2025, 1, 2), date(2025, 12, 31)))
    assert "datetime.date(2025, 1, 2)" in partial and "Grain.YEAR)" in partial


def test_p90_is_the_nearest_rank_of_the_working_days():
    figures = Figures()
    figures.durations.update({1: 5, 2: 3, 9: 2})  # ten requests: the 9th is 9 days
    assert figures.p90_days == 9
    figures.durations[1] = 95  # now 100: the 90th is still 1 day
    assert figures.p90_days == 1
    assert Figures().p90_days is None


def test_figures_group_by_kecamatan_village_and_office(world):
    service = kk_service()
    offices = world.offices
    # February as a month row; 1–2 March as day rows; a day row of February is ignored
    # because its month row already holds it.
    stat(
        offices.desa_a, date(2026, 2, 1), Grain.MONTH, service, received=10, completed=8, on_time=6
    )
    stat(offices.desa_a, date(2026, 2, 3), Grain.DAY, service, received=10)
    stat(offices.desa_a, date(2026, 3, 2), Grain.DAY, service, received=2, completed=2, on_time=2)
    stat(offices.desa_b, date(2026, 3, 1), Grain.DAY, service, received=4)
    stat(offices.kecamatan_mojosari, date(2026, 3, 2), Grain.DAY, service, steps_received=7)
    stat(offices.disdukcapil, date(2026, 3, 2), Grain.DAY, service, steps_done=3)
    scope = scoped()
    first, last = date(2026, 2, 1), date(2026, 3, 2)
    everything = total(scope, first, last)
    assert everything.requests["received"] == 16
    assert everything.on_time_rate == 80
    by_kecamatan = figures_by(scope, first, last, "kecamatan")
    assert by_kecamatan["35.16.01"].requests["received"] == 16
    assert by_kecamatan["35.16.08"].requests["steps_received"] == 7
    assert by_kecamatan["35.16"].requests["steps_done"] == 3
    by_village = figures_by(scoped(region_prefix="35.16.01"), first, last, "village")
    assert set(by_village) == {"35.16.01.2001", "35.16.01.2002"}
    by_office = figures_by(scope, first, last, "office")
    assert by_office[offices.desa_b.pk].requests["received"] == 4


def test_ikm_of_a_region_comes_from_summed_answers(world):
    office = world.offices.desa_a
    for day, value in ((date(2026, 3, 2), 4), (date(2026, 3, 3), 3)):
        SurveyStat.objects.create(
            grain=Grain.DAY,
            day=day,
            office=office,
            region=office.region_id,
            respondents=2,
            **dict.fromkeys(ELEMENTS, 2 * value),
        )
    result = total(scoped(), date(2026, 3, 2), date(2026, 3, 3)).ikm
    # Every NRR is 3.5: IKM 87.5, mutu B.
    assert (result.respondents, str(result.ikm), result.mutu) == (4, "87.50", "B")


def test_durations_give_mean_and_p90_per_group(world):
    service = kk_service()
    office = world.offices.desa_a
    stat(office, date(2026, 3, 2), Grain.DAY, service, completed=3, duration_days=12)
    for days, n in ((2, 2), (8, 1)):
        RequestDuration.objects.create(
            grain=Grain.DAY,
            day=date(2026, 3, 2),
            office=office,
            region=office.region_id,
            service=service,
            days=days,
            requests=n,
        )
    figures = figures_by(scoped(), date(2026, 3, 1), date(2026, 3, 5), "office")[office.pk]
    assert (figures.mean_days, figures.p90_days) == (4, 8)


def test_ikm_total_and_combined_rows_agree_with_the_full_figures(world):
    office_a, office_b = world.offices.desa_a, world.offices.desa_b
    for office, value in ((office_a, 4), (office_b, 2)):
        SurveyStat.objects.create(
            grain=Grain.MONTH,
            day=date(2026, 3, 1),
            office=office,
            region=office.region_id,
            respondents=3,
            **dict.fromkeys(ELEMENTS, 3 * value),
        )
    scope = scoped()
    first, last = date(2026, 3, 1), date(2026, 3, 31)
    whole = total(scope, first, last)
    assert ikm_total(scope, first, last) == whole.ikm
    parts = figures_by(scope, first, last, "office").values()
    assert combined(parts).ikm == whole.ikm
    assert str(whole.ikm.ikm) == "75.00"  # NRR 3 everywhere


def test_a_series_per_month_reads_month_rows_and_per_day_day_rows(world):
    service = kk_service()
    stat(world.offices.desa_a, date(2026, 2, 1), Grain.MONTH, service, received=5, completed=2)
    stat(world.offices.desa_a, date(2026, 2, 3), Grain.DAY, service, received=3)
    months = series(scoped(), date(2026, 1, 1), date(2026, 3, 31), monthly=True)
    assert [(day.month, counts["received"]) for day, counts in months] == [(1, 0), (2, 5), (3, 0)]
    days = series(scoped(), date(2026, 2, 2), date(2026, 2, 4))
    assert [counts["received"] for _day, counts in days] == [0, 3, 0]
