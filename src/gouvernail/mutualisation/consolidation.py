"""The consolidated figures of an operator: each member's COPIL indicators side by side.

Nothing is recomputed: the page reads the measurements each member stored (after its syncs and
by `gouvernail kpi --compute`), for the period its own COPIL dashboard shows, in one query
whatever the number of members. A member without a stored value shows « — », never a guess.

What the « Ensemble » row says depends on the figure: a count (requests, late actions, devices
left unprotected) adds up across members, so it is summed; a rate or an average (a share of
Windows 11 devices, a mean delay) does not, so the row gives the members' median. The threshold
colours are those of the dashboards, on each member's value and on the medians (a sum has no
threshold: the dashboards' thresholds are for one organisation).
"""

import statistics
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from gouvernail.core.models import Organisation
from gouvernail.metrics import registry
from gouvernail.metrics.models import Measurement
from gouvernail.metrics.registry import LEVEL_TEXT, TOTAL, Indicator
from gouvernail.mutualisation.models import MemberLink

__all__ = ("COMPARED", "SUM", "MEDIAN", "Consolidated", "consolidate", "columns")

SUM, MEDIAN = "somme", "médiane"
BADGES = {"vert": "text-bg-success", "orange": "text-bg-warning", "rouge": "text-bg-danger"}
COPIL = "copil"
# Beyond the COPIL dashboard, what an operator is asked about each member: its backups.
EXTRA = (("sauvegardes_verifiees", TOTAL, ""), ("sauvegardes_hors_rpo", TOTAL, ""))
# « Où en est chaque commune sur Windows 11, MFA, sauvegardes » : one comparison chart each.
COMPARED = ("w11_taux", "mfa_taux", "sauvegardes_verifiees")


@dataclass(frozen=True)
class Column:
    """One figure of the table: an indicator's dimension, with how the members' values combine."""

    indicator: Indicator
    key: str
    title: str
    period_key: str
    period_text: str

    @property
    def code(self) -> str:
        return self.indicator.code

    @property
    def aggregate(self) -> str:
        """A count adds up; a rate or an average (a percentage, or shown with decimals) does not."""
        indicator = self.indicator
        return MEDIAN if indicator.unit == "%" or indicator.decimals > 0 else SUM

    @property
    def unit(self) -> str:
        """The unit written after the title, unless the title already says it (« … (jours ouvrés) »)."""
        unit = self.indicator.unit
        return "" if unit == "%" or unit.split()[0].rstrip("s") in self.title else unit


@dataclass
class Cell:
    value: Decimal | None
    text: str
    level: str | None = None

    @property
    def level_text(self) -> str:
        return LEVEL_TEXT.get(self.level, "") if self.level else ""

    @property
    def badge(self) -> str:
        """The badge class of metrics/level.html, given here: a page of 50 members × 20 figures
        would otherwise include that template a thousand times."""
        return BADGES.get(self.level, "")


@dataclass
class MemberRow:
    organisation: Organisation
    cells: list[Cell]
    computed_at: datetime | None
    # Whether the viewer holds a membership in this member (and may open its own pages).
    can_open: bool


@dataclass
class Consolidated:
    columns: list[Column]
    rows: list[MemberRow]
    totals: list[Cell] = field(default_factory=list)
    measured: list[int] = field(default_factory=list)  # members with a value, per column

    def values_of(self, code: str) -> list[tuple[MemberRow, Cell]]:
        index = next(i for i, column in enumerate(self.columns) if column.code == code and column.key == TOTAL)
        return [(row, row.cells[index]) for row in self.rows]


def columns(today: date) -> list[Column]:
    """The COPIL dashboard's numbers (its bar charts are breakdowns, not one figure per member),
    then the backups."""
    dashboard = registry.get_dashboard(COPIL)
    wanted = [
        (widget.code, widget.key, widget.title)
        for section in dashboard.sections
        for widget in section.widgets
        if isinstance(widget, registry.Number)
    ]
    wanted += [item for item in EXTRA if item[:2] not in {w[:2] for w in wanted}]
    result = []
    for code, key, title in wanted:
        indicator = registry.get_indicator(code)
        period = indicator.period_for(today)
        period_text = "situation du mois" if indicator.is_snapshot else period.label
        result.append(Column(indicator, key, title or indicator.label, period.key, period_text))
    return result


def quick_format(indicator: Indicator, value: Decimal | None) -> str:
    """What `metrics.pages.format_value` writes (« 12 345 », « 40,4 % »), without the locale
    machinery of Django's number_format, which costs more than the query on a page of a
    thousand cells; the French rules are fixed (tested against format_value)."""
    if value is None:
        return "—"
    text = f"{value.quantize(Decimal(1).scaleb(-indicator.decimals)):,f}".replace(",", "\xa0").replace(".", ",")
    return f"{text} {indicator.unit}" if indicator.unit == "%" else text


def _cell(column: Column, value: Decimal | None) -> Cell:
    return Cell(value, quick_format(column.indicator, value), column.indicator.level(value))


def _total(column: Column, values: list[Decimal]) -> Cell:
    if not values:
        return Cell(None, "—")
    if column.aggregate == SUM:
        total = sum(values, Decimal(0))
        return Cell(total, quick_format(column.indicator, total))
    median = statistics.median(values)
    return _cell(column, median)


def consolidate(operator: Organisation, today: date, *, openable: set[int]) -> Consolidated:
    """The members of `operator` (by name) and their stored figures; `openable` holds the ids of
    the organisations where the viewer has a membership. Two queries, whatever the members."""
    shown = columns(today)
    members = [link.member for link in MemberLink.objects.filter(organisation=operator).select_related("member")]
    wanted = {(c.code, c.period_key, c.key) for c in shown}
    stored: dict[tuple[int, str, str], Decimal] = {}
    computed: dict[int, datetime] = {}
    if members:
        # IN lists on each column of the unique index (organisation, code, period, dimension): the
        # database probes the index instead of filtering every measurement of every member; the
        # few extra combinations it returns are dropped here. No ORDER BY: the rows are keyed.
        rows = (
            Measurement.objects.filter(
                organisation__in=[m.pk for m in members],
                code__in={c.code for c in shown},
                period_key__in={c.period_key for c in shown},
                dimension_key__in={c.key for c in shown},
            )
            .order_by()
            .values_list("organisation_id", "code", "period_key", "dimension_key", "value", "computed_at")
        )
        for organisation_id, code, period_key, key, value, computed_at in rows:
            if (code, period_key, key) not in wanted:
                continue
            stored[(organisation_id, code, key)] = value
            computed[organisation_id] = max(computed.get(organisation_id, computed_at), computed_at)
    result = Consolidated(columns=shown, rows=[])
    for member in members:
        cells = [_cell(column, stored.get((member.pk, column.code, column.key))) for column in shown]
        result.rows.append(MemberRow(member, cells, computed.get(member.pk), member.pk in openable))
    for index, column in enumerate(shown):
        values = [row.cells[index].value for row in result.rows if row.cells[index].value is not None]
        result.totals.append(_total(column, values))
        result.measured.append(len(values))
    return result
