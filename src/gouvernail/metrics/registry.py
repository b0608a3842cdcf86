"""The indicator catalogue and the dashboard registry, declared in code.

An `Indicator` is a catalogue entry (code, label, written definition, unit, source, dimension,
thresholds and direction) with three functions:

- `compute(organisation, period, today)` → list of `Value`, one per dimension (aggregated in
  the database, a bounded number of queries whatever the data size);
- `records(organisation, period, key, today)` → the queryset of the rows the value of dimension
  `key` counts (the drill-down), and `url(period, key, today)` → the list page showing exactly
  those rows (None for a total that no single list filter selects).

A `Dashboard` lays indicators out in sections of widgets (`Number`, `Bars`, `StackedBars`,
`Trend`, `Table`).
Modules of `metrics/indicators/` register both at import (see the package docstring).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from gouvernail.metrics.periods import Period

__all__ = (
    "TOTAL",
    "Bars",
    "Dashboard",
    "Indicator",
    "Number",
    "Section",
    "StackedBars",
    "Table",
    "Thresholds",
    "Trend",
    "Value",
    "dashboards",
    "get_dashboard",
    "get_indicator",
    "indicators",
    "register_dashboard",
    "register_indicator",
)

TOTAL = "total"  # the dimension key of an indicator's overall value

# Levels of a threshold, with the word that says it (never colour alone).
GREEN, AMBER, RED = "vert", "orange", "rouge"
LEVEL_TEXT = {GREEN: "Satisfaisant", AMBER: "À surveiller", RED: "Alerte"}


@dataclass(frozen=True)
class Thresholds:
    """Green up to/from `green`, amber up to/from `amber`, red beyond, read in the indicator's
    direction: with `higher_is_better`, ≥ green is green; otherwise ≤ green is green."""

    green: Decimal
    amber: Decimal
    higher_is_better: bool = True

    def level(self, value: Decimal | None) -> str | None:
        if value is None:
            return None
        if self.higher_is_better:
            return GREEN if value >= self.green else AMBER if value >= self.amber else RED
        return GREEN if value <= self.green else AMBER if value <= self.amber else RED

    def describe(self) -> str:
        sign = "≥" if self.higher_is_better else "≤"
        return f"vert {sign} {self.green:n} ; orange {sign} {self.amber:n} ; rouge au-delà"


@dataclass
class Value:
    """One number of an indicator: its dimension (key, label), the value, how many records it
    stands for (`count`, the size of the drill-down), or why it is hidden."""

    key: str
    label: str
    value: Decimal | None
    count: int | None = None
    hidden: str = ""  # a reason shown instead of the value (« effectif insuffisant »)


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str
    definition: str
    unit: str
    source: str
    compute: Callable  # (organisation, period, today) -> list[Value]
    records: Callable  # (organisation, period, key, today) -> QuerySet
    url: Callable  # (period, key, today) -> str | None
    dimension: str = ""  # what the keys are (« site », « famille »); "" for a single total
    # Keys that mean a level (a project's weather): ((key, "vert" | "orange" | "rouge"), …).
    tones: tuple = ()
    # "month", "quarter": the last complete one; "snapshot": the state on the day (stored under its month).
    period_kind: str = "month"
    thresholds: Thresholds | None = None
    decimals: int = 0
    # Requests, devices, contracts…: what `count` counts, for the drill-down sentence.
    counts: str = "enregistrements"
    # (organisation) -> periods.Coverage | None: where the source's data start, for an indicator
    # adding up what happens in a period (requests, sessions): the period they start in may be partial.
    coverage: Callable | None = None
    # A breakdown by service: small groups are hidden against today's headcounts, which the
    # stored measurements (hidden values left out) cannot say — dashboards compute it live.
    hides_small_groups: bool = False

    @property
    def is_snapshot(self) -> bool:
        return self.period_kind == "snapshot"

    def period_for(self, today: date) -> Period:
        """The period shown on a dashboard on `today`: the last complete month or quarter, or
        the current month for a snapshot (its value is the state on the day)."""
        if self.is_snapshot:
            return Period.month(today)
        return Period.of(self.period_kind, today).previous()

    def level(self, value: Decimal | None) -> str | None:
        return self.thresholds.level(value) if self.thresholds else None


@dataclass(frozen=True)
class Number:
    """A big number: one dimension of one indicator (default: its total)."""

    code: str
    key: str = TOTAL
    title: str = ""


@dataclass(frozen=True)
class Bars:
    """A bar chart of an indicator's dimensions; each bar links to its drill-down."""

    code: str
    title: str = ""
    horizontal: bool = True


@dataclass(frozen=True)
class StackedBars:
    """One bar per category, stacked by series: the indicator's keys are `category|series` and
    its labels `category · series` (renewals by quarter and type). `categories(today)` lists
    every category in order, shown even when empty (a quarter without renewals); each segment
    links to its drill-down, and the table crosses categories and series."""

    code: str
    title: str = ""
    categories: Callable | None = None  # (today) -> [(key, label)]


@dataclass(frozen=True)
class Trend:
    """A bar chart over the last `periods` periods, read from stored measurements."""

    code: str
    periods: int = 24
    key: str = TOTAL
    title: str = ""
    compare_last_year: bool = False


@dataclass(frozen=True)
class Table:
    """A table of an indicator's dimensions (or of the rows of `rows`, for a short list)."""

    code: str
    title: str = ""
    rows: Callable | None = None  # (organisation, today) -> (columns, rows, more_url)


@dataclass(frozen=True)
class Section:
    title: str
    widgets: tuple
    description: str = ""


@dataclass(frozen=True)
class Dashboard:
    slug: str
    title: str
    description: str
    sections: tuple[Section, ...]
    source: str = ""
    order: int = 100

    @property
    def codes(self) -> list[str]:
        seen = []
        for section in self.sections:
            for widget in section.widgets:
                if widget.code not in seen:
                    seen.append(widget.code)
        return seen


_indicators: dict[str, Indicator] = {}
_dashboards: dict[str, Dashboard] = {}


def register_indicator(*items: Indicator) -> None:
    for item in items:
        existing = _indicators.get(item.code)
        if existing is not None and existing is not item:
            raise ValueError(f"Indicator code {item.code!r} is registered twice.")
        _indicators[item.code] = item


def register_dashboard(*items: Dashboard) -> None:
    for item in items:
        _dashboards[item.slug] = item


def indicators() -> list[Indicator]:
    return list(_indicators.values())


def get_indicator(code: str) -> Indicator:
    return _indicators[code]


def dashboards() -> list[Dashboard]:
    return sorted(_dashboards.values(), key=lambda d: (d.order, d.title))


def get_dashboard(slug: str) -> Dashboard | None:
    return _dashboards.get(slug)


def dashboard_of(code: str) -> Dashboard | None:
    return next((d for d in dashboards() if code in d.codes), None)
