from datetime import date

from gouvernail.metrics.businessdays import business_days, is_business_day
from gouvernail.metrics.indicators.service_load import weighted_median


def test_a_request_resolved_the_same_day_took_no_business_day():
    assert business_days(date(2026, 3, 10), date(2026, 3, 10)) == 0


def test_a_friday_to_monday_request_took_one_business_day():
    assert business_days(date(2026, 3, 13), date(2026, 3, 16)) == 1


def test_the_fourteenth_of_july_is_not_a_business_day():
    # Monday 13 → Wednesday 15 July 2026: Tuesday 14 is the fête nationale.
    assert not is_business_day(date(2026, 7, 14))
    assert business_days(date(2026, 7, 13), date(2026, 7, 15)) == 1


def test_ascension_thursday_is_not_a_business_day():
    # Ascension 2026 falls on Thursday 14 May.
    assert not is_business_day(date(2026, 5, 14))
    assert business_days(date(2026, 5, 13), date(2026, 5, 15)) == 1


def test_business_days_run_across_a_year_boundary_without_the_first_of_january():
    # Wed 31 Dec 2025 → Fri 2 Jan 2026: 1 January is a holiday, 2 January is not.
    assert business_days(date(2025, 12, 31), date(2026, 1, 2)) == 1


def test_the_median_of_an_even_count_is_the_mean_of_the_two_middle_values():
    assert weighted_median([(1, 1), (3, 1), (10, 2)]) == 6.5
    assert weighted_median([(2, 3)]) == 2
