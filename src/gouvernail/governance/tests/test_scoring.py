from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from gouvernail.governance import scoring

# The study's 14 criteria, its qualitative ratings mapped to levels (Faible=1 … Très élevée=5);
# True marks the criteria where lower is better (risk, cost, delay).
STUDY = {
    "Pilotage stratégique SI": (False, {"S1": 3, "S2": 3, "S3": 4, "S4": 3}),
    "Exploitation technique du SI": (False, {"S1": 4, "S2": 2, "S3": 5, "S4": 3}),
    "Cybercentre": (False, {"S1": 4, "S2": 2, "S3": 4, "S4": 3}),
    "Support utilisateurs / hotline": (False, {"S1": 4, "S2": 3, "S3": 3, "S4": 3}),
    "Sécurisation cybersécurité": (False, {"S1": 4, "S2": 3, "S3": 4, "S4": 4}),
    "Risque de dépendance individuelle": (True, {"S1": 1, "S2": 4, "S3": 3, "S4": 4}),
    "Capacité de pilotage et planification": (False, {"S1": 4, "S2": 2, "S3": 4, "S4": 3}),
    "Lisibilité organisationnelle": (False, {"S1": 5, "S2": 3, "S3": 4, "S4": 4}),
    "Soutenabilité dans le temps": (False, {"S1": 4, "S2": 1, "S3": 4, "S4": 4}),
    "Coût financier": (True, {"S1": 3, "S2": 2, "S3": 4, "S4": 1}),
    "Délai de mise en œuvre": (True, {"S1": 2, "S2": 1, "S3": 5, "S4": 1}),
    "Acceptabilité sociale": (False, {"S1": 4, "S2": 4, "S3": 3, "S4": 2}),
    "Adaptation aux moyens actuels": (False, {"S1": 5, "S2": 3, "S3": 2, "S4": 5}),
    "Conformité attentes CRC": (False, {"S1": 5, "S2": 3, "S3": 5, "S4": 4}),
}
OPTIONS = ["S1", "S2", "S3", "S4"]


def study(weights=None):
    criteria = [
        scoring.Criterion(name, Decimal((weights or {}).get(name, 1)), lower) for name, (lower, _) in STUDY.items()
    ]
    ratings = {(option, name): levels[option] for name, (_, levels) in STUDY.items() for option in OPTIONS}
    return OPTIONS, criteria, ratings


def test_with_equal_weights_the_study_ranks_scenario_1_first_then_4_3_and_2():
    scores = scoring.weighted_scores(*study())

    ranked = [(rank, option) for rank, option, _ in scoring.ranking(scores)]

    assert ranked == [(1, "S1"), (2, "S4"), (3, "S3"), (4, "S2")]
    assert scores["S1"] == Decimal(58) / 14
    assert scores["S2"] == Decimal(40) / 14


def test_a_lower_is_better_level_is_inverted():
    assert scoring.adjusted(1, lower_is_better=True) == 5
    assert scoring.adjusted(5, lower_is_better=True) == 1
    assert scoring.adjusted(2, lower_is_better=False) == 2


def test_equal_scores_share_a_rank_and_the_next_rank_is_skipped():
    ranked = scoring.ranking({"A": Decimal(3), "B": Decimal(3), "C": Decimal(2)})

    assert [(rank, option) for rank, option, _ in ranked] == [(1, "A"), (1, "B"), (3, "C")]


def test_all_zero_weights_are_refused_in_french():
    options, criteria, ratings = study({name: 0 for name in STUDY})

    with pytest.raises(ValidationError, match="Tous les poids sont nuls"):
        scoring.weighted_scores(options, criteria, ratings)


def test_no_single_weight_moving_by_20_percent_changes_the_first_scenario_of_the_study():
    rows = scoring.sensitivity(*study())

    assert len(rows) == 14
    assert all(case["top"] == frozenset({"S1"}) and not case["changed"] for row in rows for case in row["cases"])


def test_the_sensitivity_view_reports_a_change_of_the_first_option():
    options = ["A", "B"]
    criteria = [scoring.Criterion("x", Decimal(1)), scoring.Criterion("y", Decimal(1))]
    ratings = {("A", "x"): 5, ("A", "y"): 1, ("B", "x"): 1, ("B", "y"): 5}  # A and B tie

    rows = scoring.sensitivity(options, criteria, ratings)

    assert rows[0]["cases"][0] == {"factor": Decimal("0.8"), "top": frozenset({"B"}), "changed": True}
    assert rows[0]["cases"][1]["top"] == frozenset({"A"})
