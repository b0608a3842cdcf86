"""The score of an assessment, overall and by theme, with its rule written out for the page.

Score = (appliquées × 1 + partielles × 0,5) ÷ mesures applicables × 100. Non-applicable
measures leave the denominator; measures not assessed yet stay in it with 0 point, so that an
unfinished assessment never looks better than it is.
"""

from dataclasses import dataclass

from gouvernail.compliance.choices import STATUS_POINTS, MeasureLevel, MeasureStatus

WEIGHTING = (
    "Score = (mesures appliquées × 1 + partielles × 0,5) ÷ mesures applicables × 100. Les mesures « non "
    "applicables » (motif obligatoire) sortent du calcul ; les mesures « non évaluées » y restent avec 0 point. "
    "Chaque mesure pèse autant, quel que soit son niveau (standard ou renforcé)."
)


@dataclass(frozen=True)
class ThemeScore:
    ref_id: str
    name: str
    applicable: int
    applied: int
    partial: int
    not_assessed: int

    @property
    def score(self) -> float | None:
        if not self.applicable:
            return None
        return round(100 * (self.applied + 0.5 * self.partial) / self.applicable, 1)


def theme_scores(assessment) -> list[ThemeScore]:
    """One score per theme, in the framework's order (one query)."""
    rows: dict[str, dict] = {}
    items = assessment.items.select_related("measure__theme").order_by("measure__theme__position", "measure__position")
    for item in items:
        theme = item.measure.theme
        row = rows.setdefault(theme.ref_id, {"name": theme.name, "applicable": 0, "points": [], "not_assessed": 0})
        if item.status == MeasureStatus.NOT_APPLICABLE:
            continue
        row["applicable"] += 1
        row["points"].append(item.status)
        row["not_assessed"] += item.status == MeasureStatus.NOT_ASSESSED
    return [
        ThemeScore(
            ref,
            row["name"],
            row["applicable"],
            sum(s == MeasureStatus.APPLIED for s in row["points"]),
            sum(s == MeasureStatus.PARTIAL for s in row["points"]),
            row["not_assessed"],
        )
        for ref, row in rows.items()
    ]


def overall_score(themes: list[ThemeScore]) -> float | None:
    applicable = sum(t.applicable for t in themes)
    if not applicable:
        return None
    points = sum(
        t.applied * STATUS_POINTS[MeasureStatus.APPLIED] + t.partial * STATUS_POINTS[MeasureStatus.PARTIAL]
        for t in themes
    )
    return round(100 * points / applicable, 1)


def status_counts(assessment) -> dict[str, int]:
    counts = {value: 0 for value in MeasureStatus.values}
    for status in assessment.items.values_list("status", flat=True):
        counts[status] += 1
    return counts


GAP_ORDER = {MeasureStatus.NOT_APPLIED: 0, MeasureStatus.NOT_ASSESSED: 1, MeasureStatus.PARTIAL: 2}
LEVEL_ORDER = {MeasureLevel.STANDARD: 0, MeasureLevel.BOTH: 0, MeasureLevel.REINFORCED: 1}


def top_gaps(assessment, limit: int = 5) -> list:
    """The measures furthest from applied, standard ones first, with their actions."""
    items = assessment.items.filter(status__in=list(GAP_ORDER)).select_related("measure").prefetch_related("actions")
    return sorted(items, key=lambda i: (GAP_ORDER[i.status], LEVEL_ORDER[i.measure.level], i.measure.position))[:limit]
