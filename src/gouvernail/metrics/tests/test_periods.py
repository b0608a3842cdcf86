from datetime import date

import pytest

from gouvernail.metrics.periods import Period


def test_a_month_runs_from_its_first_to_its_last_day_and_is_keyed_year_month():
    period = Period.month(date(2024, 2, 17))

    assert (period.start, period.end, period.key, period.label) == (
        date(2024, 2, 1),
        date(2024, 2, 29),
        "2024-02",
        "février 2024",
    )


def test_a_quarter_is_keyed_with_a_t_and_labelled_in_french():
    period = Period.quarter(date(2026, 11, 28))

    assert (period.start, period.end, period.key, period.label) == (
        date(2026, 10, 1),
        date(2026, 12, 31),
        "2026-T4",
        "4e trimestre 2026",
    )


def test_the_period_before_january_is_december_of_the_year_before():
    assert Period.month(date(2026, 1, 5)).previous().key == "2025-12"
    assert Period.quarter(date(2026, 2, 5)).previous().key == "2025-T4"


@pytest.mark.parametrize("key", ["2026-03", "2026-T1", "2026"])
def test_a_key_parses_back_to_its_period(key):
    assert Period.parse(key).key == key


@pytest.mark.parametrize("key", ["2026-13", "2026-T5", "mars 2026", ""])
def test_an_invalid_key_is_refused_with_a_french_message(key):
    with pytest.raises(ValueError, match="invalide"):
        Period.parse(key)
