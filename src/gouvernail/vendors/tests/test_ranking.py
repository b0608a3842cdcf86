"""The weighted ranking of an offer analysis: Σ score × weight / 100 on 20, ties share a rank
and skip the next one, incomplete offers are listed but not ranked, weights must sum to 100 %."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from gouvernail.vendors.ranking import (
    CandidateInput,
    CriterionInput,
    RankingStatus,
    check_weights,
    format_percent,
    rank,
    weighted_total,
)

PRICE, TECHNICAL, DELAYS = "prix", "technique", "délais"
CRITERIA = [
    CriterionInput(PRICE, "Prix", Decimal("40")),
    CriterionInput(TECHNICAL, "Valeur technique", Decimal("45")),
    CriterionInput(DELAYS, "Délais / réversibilité", Decimal("15")),
]


def candidate(name: str, price=None, technical=None, delays=None, *, is_admissible: bool = True) -> CandidateInput:
    given = [(PRICE, price), (TECHNICAL, technical), (DELAYS, delays)]
    return CandidateInput(name, name, {k: Decimal(str(v)) for k, v in given if v is not None}, is_admissible)


def summary(results) -> list[tuple]:
    return [(r.candidate.name, r.rank, r.total, r.is_tied, r.status) for r in results]


#
# Weighted totals
#


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ((15, 17, 16), "16.05"),  # 6 + 7.65 + 2.4
        ((20, 20, 20), "20.00"),
        ((0, 0, 0), "0.00"),
        ((10, 10, 10), "10.00"),
        ((13.33, 13.33, 13.33), "13.33"),
        ((12.5, 11, 19), "12.80"),  # 5 + 4.95 + 2.85
    ],
)
def test_the_weighted_total_is_the_sum_of_score_times_weight_over_100(scores, expected):
    assert weighted_total(
        dict(zip([PRICE, TECHNICAL, DELAYS], map(Decimal, map(str, scores)), strict=True)), CRITERIA
    ) == Decimal(expected)


def test_the_weighted_total_is_rounded_half_up_to_the_hundredth():
    thirds = [
        CriterionInput(k, k, w) for k, w in [("a", Decimal("33.33")), ("b", Decimal("33.33")), ("c", Decimal("33.34"))]
    ]

    # 12.5 × 33.33 + 12.5 × 33.33 + 12.51 × 33.34 = 1250.3334 → 12.503334 → 12.50
    assert weighted_total({"a": Decimal("12.5"), "b": Decimal("12.5"), "c": Decimal("12.51")}, thirds) == Decimal(
        "12.50"
    )
    # 0.125 exactly: half up
    assert weighted_total({"x": Decimal("0.125")}, [CriterionInput("x", "x", Decimal(100))]) == Decimal("0.13")


#
# Ranks and ties
#


def test_candidates_are_ranked_best_first():
    results = rank([candidate("C", 12, 12, 13), candidate("A", 15, 17, 16), candidate("B", 17, 14, 14)], CRITERIA)

    assert summary(results) == [
        ("A", 1, Decimal("16.05"), False, RankingStatus.RANKED),
        ("B", 2, Decimal("15.20"), False, RankingStatus.RANKED),
        ("C", 3, Decimal("12.15"), False, RankingStatus.RANKED),
    ]


def test_a_tie_shares_the_rank_and_the_next_rank_is_skipped():
    results = rank(
        [
            candidate("A", 15, 17, 16),
            candidate("B", 17, 14, 14),
            candidate("C", 14, 16, 16),
            candidate("D", 12, 12, 13),
        ],
        CRITERIA,
    )

    assert [(r.candidate.name, r.rank, r.is_tied) for r in results] == [
        ("A", 1, False),
        ("B", 2, True),
        ("C", 2, True),
        ("D", 4, False),
    ]
    assert results[1].total == results[2].total == Decimal("15.20")


def test_a_tie_for_first_place_gives_two_first_and_no_second():
    results = rank([candidate("A", 10, 10, 10), candidate("B", 10, 10, 10), candidate("C", 9, 9, 9)], CRITERIA)

    assert [r.rank for r in results] == [1, 1, 3]
    assert [r.is_tied for r in results] == [True, True, False]


def test_tied_candidates_keep_their_input_order():
    results = rank([candidate("Zèbre", 10, 10, 10), candidate("Abeille", 10, 10, 10)], CRITERIA)

    assert [r.candidate.name for r in results] == ["Zèbre", "Abeille"]


def test_candidates_equal_once_rounded_to_the_hundredth_are_tied():
    one = [CriterionInput("x", "Note", Decimal(100))]
    # 15.004 and 15.001 both print as 15,00: the report must not rank one above the other.
    results = rank(
        [CandidateInput("a", "A", {"x": Decimal("15.004")}), CandidateInput("b", "B", {"x": Decimal("15.001")})], one
    )

    assert [(r.rank, r.is_tied) for r in results] == [(1, True), (1, True)]


#
# Incomplete and non-admitted offers
#


def test_a_candidate_missing_a_score_is_listed_as_incomplete_not_ranked():
    results = rank([candidate("Incomplet", 20, None, 20), candidate("A", 10, 10, 10)], CRITERIA)

    assert summary(results) == [
        ("A", 1, Decimal("10.00"), False, RankingStatus.RANKED),
        ("Incomplet", None, None, False, RankingStatus.INCOMPLETE),
    ]
    assert results[1].missing == ("Valeur technique",)
    assert not results[1].is_ranked


def test_a_candidate_without_any_score_lists_every_criterion_as_missing():
    (result,) = rank([candidate("Vide")], CRITERIA)

    assert result.status == RankingStatus.INCOMPLETE
    assert result.missing == ("Prix", "Valeur technique", "Délais / réversibilité")


def test_a_non_admitted_offer_is_listed_last_and_not_ranked():
    results = rank([candidate("Irrégulière", 20, 20, 20, is_admissible=False), candidate("A", 5, 5, 5)], CRITERIA)

    assert [(r.candidate.name, r.rank, r.status) for r in results] == [
        ("A", 1, RankingStatus.RANKED),
        ("Irrégulière", None, RankingStatus.NOT_ADMITTED),
    ]


def test_no_candidate_gives_an_empty_ranking():
    assert rank([], CRITERIA) == []


#
# Weights must sum to 100 %
#


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        (("40", "45", "10"), "La somme des pondérations doit faire 100 % (actuellement 95 %)."),
        (("40", "45", "20"), "La somme des pondérations doit faire 100 % (actuellement 105 %)."),
        (("40", "45", "14.5"), "La somme des pondérations doit faire 100 % (actuellement 99,5 %)."),
        (("33.33", "33.33", "33.33"), "La somme des pondérations doit faire 100 % (actuellement 99,99 %)."),
        ((), "La somme des pondérations doit faire 100 % (actuellement 0 %)."),
    ],
)
def test_weights_not_summing_to_100_raise_a_french_error(weights, message):
    criteria = [CriterionInput(i, f"C{i}", Decimal(w)) for i, w in enumerate(weights)]

    with pytest.raises(ValidationError) as error:
        rank([candidate("A")], criteria)

    assert error.value.messages == [message]


@pytest.mark.parametrize("weights", [("40", "45", "15"), ("100",), ("33.33", "33.33", "33.34"), ("0", "100")])
def test_weights_summing_to_exactly_100_are_accepted(weights):
    check_weights([CriterionInput(i, f"C{i}", Decimal(w)) for i, w in enumerate(weights)])


@pytest.mark.parametrize(("value", "text"), [("95", "95"), ("100.00", "100"), ("99.50", "99,5"), ("0", "0")])
def test_percentages_read_the_french_way(value, text):
    assert format_percent(Decimal(value)) == text
