"""Multi-criteria scoring, as pure functions over plain values (no database).

A rating is a level from 1 (Faible) to 5 (Très élevée). For a criterion where lower is better
(cost, risk, delay) the level is inverted (6 − level) before weighting. An option's score is the
weighted mean of its adjusted levels, on the same 1–5 scale.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError

ALL_ZERO_WEIGHTS = "Tous les poids sont nuls : donnez un poids positif à au moins un critère."
SENSITIVITY_FACTORS = (Decimal("0.8"), Decimal("1.2"))


@dataclass(frozen=True)
class Criterion:
    key: object
    weight: Decimal
    lower_is_better: bool = False


def adjusted(level: int, lower_is_better: bool) -> int:
    return 6 - level if lower_is_better else level


def weighted_scores(options, criteria, ratings: dict) -> dict:
    """{option: score}; `ratings[(option, criterion.key)]` is a level; a missing rating counts 0."""
    total = sum((Decimal(c.weight) for c in criteria), Decimal(0))
    if any(Decimal(c.weight) < 0 for c in criteria):
        raise ValidationError("Un poids ne peut pas être négatif.")
    if total == 0:
        raise ValidationError(ALL_ZERO_WEIGHTS)
    scores = {}
    for option in options:
        points = Decimal(0)
        for c in criteria:
            level = ratings.get((option, c.key))
            if level is not None:
                points += Decimal(c.weight) * adjusted(int(level), c.lower_is_better)
        scores[option] = points / total
    return scores


def ranking(scores: dict) -> list[tuple[int, object, Decimal]]:
    """(rank, option, score) best first; equal scores share a rank (1, 1, 3)."""
    ordered = sorted(scores.items(), key=lambda pair: -pair[1])
    result = []
    for index, (option, score) in enumerate(ordered):
        rank = result[-1][0] if result and result[-1][2] == score else index + 1
        result.append((rank, option, score))
    return result


def top(scores: dict) -> frozenset:
    return frozenset(option for rank, option, _ in ranking(scores) if rank == 1)


def sensitivity(options, criteria, ratings: dict) -> list[dict]:
    """For each criterion and each factor (×0.8, ×1.2, the others unchanged, renormalised):
    the options ranked first and whether that differs from the base ranking."""
    base_top = top(weighted_scores(options, criteria, ratings))
    rows = []
    for criterion in criteria:
        row = {"criterion": criterion.key, "cases": []}
        for factor in SENSITIVITY_FACTORS:
            moved = [
                Criterion(c.key, Decimal(c.weight) * factor if c is criterion else Decimal(c.weight), c.lower_is_better)
                for c in criteria
            ]
            first = top(weighted_scores(options, moved, ratings))
            row["cases"].append({"factor": factor, "top": first, "changed": first != base_top})
        rows.append(row)
    return rows
