"""The weighted ranking of an offer analysis, as pure functions (no database here).

Each candidate gets, per criterion, a score out of 20; its weighted score is
Σ score × weight / 100, still out of 20, rounded to the hundredth as printed in the report.
Candidates are ranked on that printed figure, best first; equal totals share a rank and the
next rank is skipped (1, 2, 2, 4), so a tie is shown as a tie (« ex aequo ») rather than
broken by some invisible order. A candidate missing a score is listed as incomplete and a
non-admitted offer as such, both unranked. The weights must sum to exactly 100 %: otherwise
no ranking is computed and a French `ValidationError` says by how much they miss.
"""

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


class RankingStatus:
    RANKED = "classé"
    INCOMPLETE = "incomplet"
    NOT_ADMITTED = "non admis"


@dataclass(frozen=True)
class CriterionInput:
    key: Hashable
    name: str
    weight: Decimal  # percent


@dataclass(frozen=True)
class CandidateInput:
    key: Hashable
    name: str
    scores: Mapping[Hashable, Decimal] = field(default_factory=dict)  # criterion key → score out of 20
    is_admissible: bool = True


@dataclass(frozen=True)
class RankedCandidate:
    candidate: CandidateInput
    status: str
    total: Decimal | None = None  # weighted score out of 20, to the hundredth
    rank: int | None = None
    is_tied: bool = False
    missing: tuple[str, ...] = ()  # names of the criteria without a score

    @property
    def is_ranked(self) -> bool:
        return self.rank is not None


def format_percent(value: Decimal) -> str:
    """95 → « 95 », 99.5 → « 99,5 » (French notation, no useless zeros)."""
    text = f"{Decimal(value).normalize():f}"
    return text.replace(".", ",")


def weights_total(criteria: Iterable[CriterionInput]) -> Decimal:
    return sum((Decimal(c.weight) for c in criteria), Decimal(0))


def check_weights(criteria: Sequence[CriterionInput]) -> None:
    """Raises a French ValidationError unless the weights sum to exactly 100 %."""
    total = weights_total(criteria)
    if total != HUNDRED:
        raise ValidationError(
            f"La somme des pondérations doit faire 100 % (actuellement {format_percent(total)} %).",
            code="weights_total",
        )


def weighted_total(scores: Mapping[Hashable, Decimal], criteria: Sequence[CriterionInput]) -> Decimal:
    """Σ score × weight / 100, rounded half up to the hundredth. Every criterion must be scored."""
    raw = sum((Decimal(scores[c.key]) * Decimal(c.weight) for c in criteria), Decimal(0)) / HUNDRED
    return raw.quantize(CENT, rounding=ROUND_HALF_UP)


def rank(candidates: Sequence[CandidateInput], criteria: Sequence[CriterionInput]) -> list[RankedCandidate]:
    """Ranked candidates best first (ties in input order), then incomplete, then non-admitted ones."""
    check_weights(criteria)
    scored, incomplete, not_admitted = [], [], []
    for candidate in candidates:
        if not candidate.is_admissible:
            not_admitted.append(RankedCandidate(candidate, RankingStatus.NOT_ADMITTED))
            continue
        missing = tuple(c.name for c in criteria if candidate.scores.get(c.key) is None)
        if missing:
            incomplete.append(RankedCandidate(candidate, RankingStatus.INCOMPLETE, missing=missing))
            continue
        scored.append((candidate, weighted_total(candidate.scores, criteria)))

    scored.sort(key=lambda pair: pair[1], reverse=True)  # stable: ties keep their input order
    counts: dict[Decimal, int] = {}
    for _, total in scored:
        counts[total] = counts.get(total, 0) + 1
    ranked, previous_total, previous_rank = [], None, 0
    for position, (candidate, total) in enumerate(scored, start=1):
        current_rank = previous_rank if total == previous_total else position
        ranked.append(RankedCandidate(candidate, RankingStatus.RANKED, total, current_rank, counts[total] > 1))
        previous_total, previous_rank = total, current_rank
    return ranked + incomplete + not_admitted
