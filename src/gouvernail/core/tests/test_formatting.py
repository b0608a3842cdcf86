from decimal import Decimal

import pytest

from gouvernail.core.formatting import amount, display, unit_agreed


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0, "marché"), (1, "marché"), (Decimal("1.5"), "marché"), (2, "marchés"), (Decimal("12.0"), "marchés")],
)
def test_a_unit_stays_singular_below_two_as_in_french(value, expected):
    assert unit_agreed("marchés", value) == expected


def test_the_words_before_a_slash_agree_and_not_those_after():
    assert unit_agreed("demandes / agent", Decimal("1.25")) == "demande / agent"
    assert unit_agreed("demandes résolues", 1) == "demande résolue"


def test_symbols_invariable_words_and_missing_values_never_change():
    assert [unit_agreed(unit, 1) for unit in ("%", "€", "Go", "mois", "ans")] == ["%", "€", "Go", "mois", "an"]
    assert unit_agreed("marchés", None) == "marchés"


def test_a_time_of_day_reads_as_french_typography_writes_it():
    from datetime import time

    assert display(time(14, 0)) == "14\u00a0h\u00a000"
    assert display(time(9, 5)) == "9\u00a0h\u00a005"


def test_an_amount_drops_useless_decimals_only():
    assert amount(Decimal("36000.00")).replace("\u00a0", " ") == "36 000"
    assert amount(Decimal("1200.50")).replace("\u00a0", " ") == "1 200,50"
    assert amount(None) is None


@pytest.mark.parametrize(
    ("count", "expected"), [(0, "0 décision prise"), (1, "1 décision prise"), (2, "2 décisions prises")]
)
def test_the_counted_filter_agrees_as_french_does(count, expected):
    from gouvernail.core.templatetags.gouvernail import counted

    assert counted(count, "décisions prises") == expected
