"""Turns a registered dashboard into what its template shows: numbers, charts, tables.

A page view reads; it does not re-aggregate the history. One query reads the stored
measurements the page shows: the trends, the values of the periods shown (last complete month
or quarter, computed after each sync and by `gouvernail kpi --compute`), and the snapshots
(the state of the day) when computed today after the organisation's last journaled change
(one more query: the latest journal entry). What is left — a period not stored yet, a snapshot
older than the last change, a breakdown by service (its small groups are hidden against today's
headcounts) — is computed live once and kept in the shared cache (file-based, seen by every
worker) under a key that names the organisation, the day, the latest computation of its
measurements (a sync recomputes them) and its last journaled change: new data, new key.
Writes that are neither journaled nor followed by a computation show within `LIVE_CACHE_SECONDS`.

The page's HTML itself is kept the same way (`dashboard_body`): it is the same for every reader
of the organisation, so a view reads two indexed rows (latest computation, last journaled
change) and the shared cache, and only the first reader after new data builds the widgets.
"""

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils import formats, timezone
from django.utils.safestring import SafeString, mark_safe

import gouvernail
from gouvernail.core.formatting import display, unit_agreed
from gouvernail.core.models import JournalEntry
from gouvernail.core.privacy import min_group_size
from gouvernail.metrics import charts, registry
from gouvernail.metrics.models import Measurement
from gouvernail.metrics.periods import Period
from gouvernail.metrics.registry import LEVEL_TEXT, TOTAL, Indicator, Value

__all__ = ("dashboard_body", "dashboard_context", "format_value")

PARTIAL = "période partielle"
# What a page computes live is shared by every worker for this long (at most: new data changes the key).
LIVE_CACHE_SECONDS = 10 * 60


def format_value(indicator: Indicator, value: Decimal | None) -> str:
    if value is None:
        return "—"
    quantum = Decimal(1).scaleb(-indicator.decimals)
    text = display(value.quantize(quantum))
    return f"{text} {indicator.unit}" if indicator.unit == "%" else text


def unit_text(indicator: Indicator, value: Decimal | None) -> str:
    """The unit written after a value, agreeing with it as shown (1,96 rounded to « 2,0 » reads « 2,0 jours »)."""
    shown = None if value is None else value.quantize(Decimal(1).scaleb(-indicator.decimals))
    return unit_agreed(indicator.unit, shown)


def as_of_text(day: date) -> str:
    return f"données au {formats.date_format(day, 'SHORT_DATE_FORMAT')}"


@dataclass
class Row:
    label: str
    text: str
    url: str | None
    level: str | None = None
    hidden: str = ""
    extra: list = field(default_factory=list)
    count: int | None = None

    @property
    def level_text(self) -> str:
        return LEVEL_TEXT.get(self.level, "") if self.level else ""


UNREAD = object()  # a `last_change` not read yet (None is a value: nothing journaled)


class DashboardPage:
    """Computes the widgets of one dashboard for one organisation on one day."""

    def __init__(self, dashboard: registry.Dashboard, organisation, today: date, *, changed=UNREAD):
        """`changed`: the organisation's `last_change`, when the caller has just read it."""
        self.dashboard, self.organisation, self.today = dashboard, organisation, today
        self._changed = changed
        self._values: dict[str, list[Value]] = {}
        self._counter = 0
        self._live: dict[str, list[Value]] | None = None  # computed live, from/to the shared cache
        self._live_key = ""
        self._live_changed = False

    def values(self, indicator: Indicator) -> list[Value]:
        if indicator.code not in self._values:
            self._values[indicator.code] = self._live_values(indicator)
        return self._values[indicator.code]

    def _live_values(self, indicator: Indicator) -> list[Value]:
        if self._live is None:
            self._live = cache.get(self._live_key) or {} if self._live_key else {}
        if indicator.code not in self._live:
            self._live[indicator.code] = indicator.compute(
                self.organisation, indicator.period_for(self.today), self.today
            )
            self._live_changed = True
        return self._live[indicator.code]

    def _read_stored(self) -> dict[str, dict[str, Measurement]]:
        """Reads, in one query, the trends and the stored values this page can show as they are;
        keeps the latter in `_values` and returns the trends ({code: {period key: total}})."""
        trend_codes = {w.code for s in self.dashboard.sections for w in s.widgets if isinstance(w, registry.Trend)}
        shown = {}
        for code in self.dashboard.codes:
            indicator = registry.get_indicator(code)
            if not indicator.hides_small_groups:
                shown[code] = indicator.period_for(self.today).key
        since = Period.month(self.today).shift(-36).start
        wanted = Q(pk__in=[])
        if trend_codes:
            wanted |= Q(code__in=trend_codes, dimension_key=TOTAL, period_start__gte=since)
        for code, key in shown.items():
            wanted |= Q(code=code, period_key=key)
        rows = Measurement.objects.filter(wanted, organisation=self.organisation).order_by("pk")
        trends: dict[str, dict[str, Measurement]] = {}
        current: dict[str, list[Measurement]] = {}
        changed = last_change(self.organisation) if self._changed is UNREAD else self._changed
        start_of_day = timezone.make_aware(datetime.combine(self.today, datetime.min.time()))
        fresh_after = max(changed, start_of_day) if changed else start_of_day
        latest = None
        for measure in rows.only(
            "code", "period_key", "dimension_key", "dimension_label", "value", "count", "computed_at", "data_from"
        ):
            latest = max(latest or measure.computed_at, measure.computed_at)
            if measure.code in trend_codes and measure.dimension_key == TOTAL:
                trends.setdefault(measure.code, {})[measure.period_key] = measure
            if shown.get(measure.code) == measure.period_key:
                current.setdefault(measure.code, []).append(measure)
        for code, measures in current.items():
            if registry.get_indicator(code).is_snapshot and min(m.computed_at for m in measures) < fresh_after:
                continue  # a state from before the last change: computed live
            self._values[code] = [Value(m.dimension_key, m.dimension_label, m.value, m.count) for m in measures]
        self._live_key = live_cache_key(self.dashboard, self.organisation, self.today, latest, changed)
        return trends

    def period_text(self, indicator: Indicator) -> str:
        period = indicator.period_for(self.today)
        if indicator.is_snapshot:
            return f"situation au {formats.date_format(self.today, 'SHORT_DATE_FORMAT')}"
        return period.label

    def next_id(self, prefix: str) -> str:
        self._counter += 1
        return f"{prefix}-{self._counter}"

    def row(self, indicator: Indicator, value: Value) -> Row:
        period = indicator.period_for(self.today)
        if value.hidden:
            return Row(value.label, value.hidden, None, hidden=value.hidden)
        url = indicator.url(period, value.key, self.today) if value.count is not None else None
        return Row(
            value.label, format_value(indicator, value.value), url, indicator.level(value.value), count=value.count
        )

    def number(self, widget: registry.Number) -> dict:
        indicator = registry.get_indicator(widget.code)
        value = next((v for v in self.values(indicator) if v.key == widget.key), None)
        if value is None:
            value = Value(widget.key, "", None, 0)
        row = self.row(indicator, value)
        return {
            "kind": "number",
            "indicator": indicator,
            "title": widget.title or indicator.label,
            "row": row,
            "unit": "" if indicator.unit == "%" else unit_text(indicator, value.value),
            "count": value.count,
            "period": self.period_text(indicator),
        }

    def bars(self, widget: registry.Bars) -> dict:
        indicator = registry.get_indicator(widget.code)
        values = [v for v in self.values(indicator) if v.key != TOTAL]
        rows = [self.row(indicator, v) for v in values]
        tones = dict(indicator.tones)
        bars = [
            charts.Bar(r.label, float(v.value), r.url or "", r.level or tones.get(v.key, ""), r.text)
            for r, v in zip(rows, values, strict=True)
            if v.value is not None and not v.hidden
        ]
        title = widget.title or indicator.label
        table_id = self.next_id("tableau")
        svg = charts.chart_svg(
            bars,
            label_id=self.next_id("graphique"),
            label=f"{title} ({self.period_text(indicator)}) : diagramme en barres",
            described_by=table_id,
            horizontal=widget.horizontal,
            unit=indicator.unit,
        )
        total = next((v for v in self.values(indicator) if v.key == TOTAL), None)
        return {
            "kind": "bars",
            "indicator": indicator,
            "title": title,
            "svg": svg,
            "rows": rows,
            "total": self.row(indicator, total) if total else None,
            "table_id": table_id,
            "period": self.period_text(indicator),
        }

    def stacked(self, widget: registry.StackedBars) -> dict:
        """Categories × series from the keys `category|series`: one stacked bar per category,
        and a table crossing them (the text alternative), each cell linking to its rows."""
        indicator = registry.get_indicator(widget.code)
        period = indicator.period_for(self.today)
        cells: dict[tuple[str, str], Value] = {}
        categories: dict[str, str] = dict(widget.categories(self.today)) if widget.categories else {}
        series: dict[str, str] = {}
        for value in self.values(indicator):
            if value.key == TOTAL or value.value is None or value.hidden:
                continue
            category, _, part = value.key.partition("|")
            category_label, _, part_label = value.label.partition(" · ")
            categories.setdefault(category, category_label)
            series.setdefault(part, part_label)
            cells[category, part] = value
        totals = {
            category: sum((cells[category, part].value for part in series if (category, part) in cells), Decimal(0))
            for category in categories
        }
        rows = []
        for category, label in categories.items():
            row = Row(label, format_value(indicator, totals[category]), None)
            row.extra = [
                self.row(indicator, cells[category, part]) if (category, part) in cells else Row("", "0", None)
                for part in series
            ]
            rows.append(row)

        def segment(category: str, part: str, label: str) -> charts.Bar:
            value = cells.get((category, part))
            if value is None:
                return charts.Bar(label, 0.0)
            return charts.Bar(label, float(value.value), indicator.url(period, value.key, self.today) or "")

        title = widget.title or indicator.label
        table_id = self.next_id("tableau")
        svg = charts.chart_svg(
            [
                charts.Bar(_short(category, label), float(totals[category]), text=row.text)
                for (category, label), row in zip(categories.items(), rows, strict=True)
            ],
            label_id=self.next_id("graphique"),
            label=f"{title} ({self.period_text(indicator)}) : barres empilées",
            described_by=table_id,
            horizontal=False,
            unit=indicator.unit,
            series=[
                charts.Series(label, tuple(segment(category, part, label) for category in categories))
                for part, label in series.items()
            ],
        )
        total = next((v for v in self.values(indicator) if v.key == TOTAL), None)
        return {
            "kind": "stacked",
            "indicator": indicator,
            "title": title,
            "category_label": (indicator.dimension or "catégorie").partition(" · ")[0],
            "svg": svg,
            "series": list(series.values()),
            "rows": rows,
            "total": self.row(indicator, total) if total else None,
            "table_id": table_id,
            "period": self.period_text(indicator),
        }

    def trend(self, widget: registry.Trend, measurements: dict) -> dict:
        indicator = registry.get_indicator(widget.code)
        last = indicator.period_for(self.today)
        periods = [last.shift(-i) for i in range(widget.periods - 1, -1, -1)]
        stored = measurements.get(indicator.code, {})
        rows, bars, past_bars = [], [], []
        computed = [m.computed_at for m in stored.values()]
        partials = []
        for period in periods:
            measure = stored.get(period.key)
            value = measure.value if measure else None
            partial = measure is not None and measure.data_from is not None
            url = indicator.url(period, widget.key, self.today)
            label, short_label = period.label, period.short_label
            if partial:
                # The source's data start inside this period: its figure is not comparable to the others.
                label = f"{period.label} — {PARTIAL} (données à partir du {display(measure.data_from)})"
                short_label = f"{period.short_label} ({PARTIAL})"
                partials.append(label)
            extra = []
            if widget.compare_last_year:
                before = stored.get(period.same_period_last_year().key)
                before_value = before.value if before else None
                before_partial = before is not None and before.data_from is not None
                before_text = format_value(indicator, before_value) + (f" ({PARTIAL})" if before_partial else "")
                change = "non comparable" if partial or before_partial else variation(value, before_value)
                extra = [before_text, change]
                if before_partial and not partial:
                    short_label = f"{period.short_label} (un an avant : {PARTIAL})"
                past_bars.append(
                    charts.Bar(period.short_label, float(before_value or 0), "", "past", partial=before_partial)
                )
            count = measure.count if measure else None
            rows.append(Row(label, format_value(indicator, value), url if measure else None, extra=extra, count=count))
            bars.append(charts.Bar(short_label, float(value or 0), url if measure else "", "", "", partial=partial))
        title = widget.title or f"{indicator.label} — évolution"
        table_id = self.next_id("tableau")
        shown_periods = periods
        if widget.compare_last_year:
            # Side by side with the same month of the year before: the last 12 months.
            rows, bars, past_bars, shown_periods = rows[-12:], bars[-12:], past_bars[-12:], periods[-12:]
        svg = charts.chart_svg(
            bars,
            label_id=self.next_id("graphique"),
            label=f"{title} : {len(shown_periods)} périodes, de {shown_periods[0].label} à {shown_periods[-1].label}"
            + "".join(f" ; {partial}" for partial in partials if any(r.label == partial for r in rows)),
            described_by=table_id,
            horizontal=False,
            unit=indicator.unit,
            compare=past_bars or None,
        )
        as_of = max(computed).date() if computed else None
        return {
            "kind": "trend",
            "indicator": indicator,
            "title": title,
            "svg": svg,
            "rows": rows,
            "compare": widget.compare_last_year,
            "table_id": table_id,
            "period": f"{shown_periods[0].label} – {shown_periods[-1].label}",
            "as_of": as_of_text(as_of) if as_of else "aucune mesure enregistrée (gouvernail kpi --compute)",
        }

    def table(self, widget: registry.Table) -> dict:
        indicator = registry.get_indicator(widget.code)
        if widget.rows is not None:
            columns, rows, more_url = widget.rows(self.organisation, self.today)
            return {
                "kind": "list",
                "indicator": indicator,
                "title": widget.title or indicator.label,
                "columns": columns,
                "rows": rows,
                "more_url": more_url,
                "period": self.period_text(indicator),
            }
        values = self.values(indicator)
        return {
            "kind": "table",
            "indicator": indicator,
            "title": widget.title or indicator.label,
            "rows": [self.row(indicator, v) for v in values],
            "period": self.period_text(indicator),
        }

    def build(self) -> list[dict]:
        measurements = self._read_stored()
        sections = []
        for section in self.dashboard.sections:
            widgets = []
            for widget in section.widgets:
                if isinstance(widget, registry.Number):
                    widgets.append(self.number(widget))
                elif isinstance(widget, registry.Bars):
                    widgets.append(self.bars(widget))
                elif isinstance(widget, registry.StackedBars):
                    widgets.append(self.stacked(widget))
                elif isinstance(widget, registry.Trend):
                    widgets.append(self.trend(widget, measurements))
                else:
                    widgets.append(self.table(widget))
            sections.append({"section": section, "widgets": widgets})
        if self._live_changed and self._live_key:
            cache.set(self._live_key, self._live, LIVE_CACHE_SECONDS)
        return sections


def last_change(organisation) -> datetime | None:
    """When the organisation's data last changed through a journaled write (one indexed query)."""
    return (
        JournalEntry.objects.filter(organisation=organisation)
        .order_by("-timestamp")
        .values_list("timestamp", flat=True)
        .first()
    )


def last_computation(organisation) -> datetime | None:
    """When the organisation's measurements were last computed, any indicator (one indexed query)."""
    return (
        Measurement.objects.filter(organisation=organisation)
        .order_by("-computed_at")
        .values_list("computed_at", flat=True)
        .first()
    )


def live_cache_key(
    dashboard: registry.Dashboard, organisation, today: date, latest: datetime | None, changed: datetime | None
) -> str:
    """Names what the live values depend on: the organisation, the day, the latest computation
    of its stored measurements (each sync recomputes them) and its last journaled change."""
    version = "|".join(moment.isoformat() if moment else "-" for moment in (latest, changed))
    digest = hashlib.sha256(f"{dashboard.slug}|{organisation.pk}|{today}|{version}".encode()).hexdigest()[:32]
    return f"metrics:dashboard:{digest}"


def _short(key: str, label: str) -> str:
    """A period's short label under a bar (« 2027 T1 »), or the category's own label."""
    try:
        return Period.parse(key).short_label
    except ValueError:
        return label


def variation(value: Decimal | None, before: Decimal | None) -> str:
    if value is None or before in (None, 0):
        return "—"
    change = (Decimal(100) * (value - before) / before).quantize(Decimal("0.1"))
    return f"{'+' if change > 0 else ''}{display(change)} %"


def dashboard_context(dashboard: registry.Dashboard, organisation, today: date, *, changed=UNREAD) -> dict:
    return {
        "dashboard": dashboard,
        "sections": DashboardPage(dashboard, organisation, today, changed=changed).build(),
        "as_of": as_of_text(today),
    }


def dashboard_body(dashboard: registry.Dashboard, organisation, today: date) -> SafeString:
    """The dashboard's HTML below the menu, from the shared cache when its data has not changed."""
    changed = last_change(organisation)  # read once: the key names it, the page builds on it
    key = body_cache_key(dashboard, organisation, today, changed)
    body = cache.get(key)
    if body is None:
        context = {
            **dashboard_context(dashboard, organisation, today, changed=changed),
            "min_group_size": min_group_size(),
        }
        body = render_to_string("metrics/dashboard_body.html", context)
        cache.set(key, str(body), LIVE_CACHE_SECONDS)
    return mark_safe(body)


def body_cache_key(dashboard: registry.Dashboard, organisation, today: date, changed: datetime | None) -> str:
    """`live_cache_key` over the organisation's latest computation (any indicator) and its
    `last_change`, with what else the HTML depends on: the small-group threshold, the prefix of
    its links and the code."""
    data = live_cache_key(dashboard, organisation, today, last_computation(organisation), changed)
    digest = hashlib.sha256(f"{data}|{min_group_size()}|{get_script_prefix()}|{gouvernail.__version__}".encode())
    return f"metrics:dashboard-body:{digest.hexdigest()[:32]}"
