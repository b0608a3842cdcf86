from decimal import Decimal

import pytest

from gouvernail.core.formatting import unit_agreed


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
