"""Bar charts of the dashboards, drawn by matplotlib as SVG on the server, cached.

Pure rendering: the input is plain `Bar`s (label, value, link, level), the output SVG text;
a stacked chart takes one `Series` of bars per stacked part (a type of equipment), one bar per
category (a quarter), each segment linking to its own drill-down.
Each bar links to its drill-down (`Artist.set_url`); the SVG is marked `role="img"`, named, and
described by the table that follows it on the page (the text alternative), whose links are
the keyboard path, so the bars' links stay out of the tab order.
"""

import os
import tempfile

os.environ.setdefault("MPLCONFIGDIR", os.path.join(tempfile.gettempdir(), "gouvernail-matplotlib"))

import hashlib  # noqa: E402
import io  # noqa: E402
from dataclasses import dataclass  # noqa: E402

import matplotlib  # noqa: E402
from django.core.cache import cache  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from gouvernail.steering.gantt import inline_svg  # noqa: E402

matplotlib.rcParams["svg.fonttype"] = "none"
matplotlib.rcParams["svg.hashsalt"] = "gouvernail-charts"

__all__ = ("Bar", "Series", "chart_svg")

CACHE_SECONDS = 60 * 60
# Contrast ≥ 4.5:1 on white. The level is also written in the table (never colour alone).
COLOURS = {"": "#1F5FA8", "vert": "#17703A", "orange": "#B34000", "rouge": "#C9191E", "past": "#6B6B6B"}
TEXT_COLOUR = "#1E1E1E"
# The parts of a stacked chart: distinct hues, each ≥ 4.5:1 on white, none of the threshold
# levels' green, orange or red (a part is a kind of thing, not a verdict). The table names them.
SERIES_COLOURS = ("#1F5FA8", "#6A3D9A", "#00707A", "#7A4A1E", "#A0236E", "#4A5568", "#0B3C5D", "#5B6B00")
LABEL_MAX = 42


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    url: str = ""
    tone: str = ""  # a threshold level, or "past" for last year's comparison bar
    text: str = ""  # the value as written on the bar (« 12,5 % »)
    partial: bool = False  # a period the source covers only in part: hatched (its label says so)


@dataclass(frozen=True)
class Series:
    """One stacked part of every category: its name (in the legend) and one bar per category."""

    label: str
    bars: tuple[Bar, ...]


def _stacked_figure(bars: list[Bar], series: list[Series], *, unit: str) -> Figure:
    """Vertical bars, one per category of `bars` (their labels and totals), each made of the
    series' segments stacked in order, the total written above the stack."""
    figure = Figure(figsize=(max(8.5, 0.8 * len(bars) + 3.5), 3.8), layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    positions = list(range(len(bars)))
    bottoms = [0.0] * len(bars)
    for index, part in enumerate(series):
        drawn = axes.bar(
            positions,
            [b.value for b in part.bars],
            0.7,
            bottom=bottoms,
            color=SERIES_COLOURS[index % len(SERIES_COLOURS)],
            label=part.label,
        )
        for patch, bar in zip(drawn, part.bars, strict=True):
            if bar.url and bar.value:
                patch.set_url(bar.url)
        bottoms = [b + bar.value for b, bar in zip(bottoms, part.bars, strict=True)]
    for position, bar in zip(positions, bars, strict=True):
        if bar.text:
            axes.annotate(
                bar.text,
                (position, bar.value),
                xytext=(0, 2),
                textcoords="offset points",
                ha="center",
                fontsize=8,
                color=TEXT_COLOUR,
            )
    labels = [b.label if len(b.label) <= LABEL_MAX else b.label[: LABEL_MAX - 1] + "…" for b in bars]
    axes.set_xticks(positions, labels, fontsize=8)
    axes.set_ylabel(unit)
    _value_axis_from_zero(axes, [b.value for b in bars], horizontal=False)
    if series:
        axes.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=False)
    axes.spines[["top", "right"]].set_visible(False)
    axes.tick_params(colors=TEXT_COLOUR)
    if not any(b.value for b in bars):
        axes.text(0.5, 0.5, "Aucune donnée", ha="center", va="center", transform=axes.transAxes)
    return figure


def _figure(bars: list[Bar], *, horizontal: bool, unit: str, compare: list[Bar] | None) -> Figure:
    count = max(len(bars), 1)
    if horizontal:
        size = (7.5, 0.9 + 0.38 * count)
    else:
        size = (max(7.5, 0.32 * count + 2), 3.6)
    figure = Figure(figsize=size, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    labels = [b.label if len(b.label) <= LABEL_MAX else b.label[: LABEL_MAX - 1] + "…" for b in bars]
    positions = list(range(len(bars)))
    width = 0.4 if compare else 0.75
    offset = width / 2 if compare else 0
    draw = axes.barh if horizontal else axes.bar
    past = None
    if compare:
        past = draw(
            [p - offset for p in positions],
            [b.value for b in compare],
            width,
            color=COLOURS["past"],
            label="Année précédente",
        )
        for patch, bar in zip(past, compare, strict=True):
            if bar.url:
                patch.set_url(bar.url)
    drawn = draw(
        [p + offset for p in positions],
        [b.value for b in bars],
        width,
        color=[COLOURS.get(b.tone, COLOURS[""]) for b in bars],
        label="Période" if compare else None,
    )
    for patch, bar in zip(drawn, bars, strict=True):
        if bar.url:
            patch.set_url(bar.url)
    for patch, bar in zip([*(past or []), *drawn], [*(compare or []), *bars], strict=True):
        if bar.partial:
            patch.set_hatch("//")
            patch.set_edgecolor("#FFFFFF")
    if horizontal:
        axes.set_yticks(positions, labels)
        axes.invert_yaxis()
        axes.set_xlabel(unit)
        for patch, bar in zip(drawn, bars, strict=True):
            axes.annotate(
                bar.text,
                (patch.get_width(), patch.get_y() + patch.get_height() / 2),
                xytext=(3, 0),
                textcoords="offset points",
                va="center",
                fontsize=8,
                color=TEXT_COLOUR,
            )
    else:
        axes.set_xticks(positions, labels, rotation=60, ha="right", fontsize=8)
        axes.set_ylabel(unit)
    _value_axis_from_zero(axes, [b.value for b in [*bars, *(compare or [])]], horizontal=horizontal)
    if compare:
        axes.legend(loc="upper left", fontsize=8, frameon=False)
    axes.spines[["top", "right"]].set_visible(False)
    axes.tick_params(colors=TEXT_COLOUR)
    if not bars:
        axes.text(0.5, 0.5, "Aucune donnée", ha="center", va="center", transform=axes.transAxes)
    return figure


def _value_axis_from_zero(axes, values: list[float], *, horizontal: bool) -> None:
    """Counts and rates read from zero. Matplotlib already starts bars there, except when every
    bar is 0 (quarters with no measurement yet): it then centres the axis on 0, half of it below.
    Whole numbers (requests, devices) get whole ticks, never « 0,2 demande »."""
    limits, set_limits = (axes.get_xlim, axes.set_xlim) if horizontal else (axes.get_ylim, axes.set_ylim)
    if all(value >= 0 for value in values):
        set_limits(0, max(limits()[1], 1))
    if all(float(value).is_integer() for value in values):
        (axes.xaxis if horizontal else axes.yaxis).set_major_locator(MaxNLocator(integer=True))


def render_svg(
    bars: list[Bar],
    *,
    horizontal: bool = True,
    unit: str = "",
    compare: list[Bar] | None = None,
    series: list[Series] | None = None,
) -> str:
    if series is not None:
        figure = _stacked_figure(bars, series, unit=unit)
    else:
        figure = _figure(bars, horizontal=horizontal, unit=unit, compare=compare)
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


def chart_svg(
    bars: list[Bar],
    *,
    label_id: str,
    label: str,
    described_by: str,
    horizontal: bool = True,
    unit: str = "",
    compare: list[Bar] | None = None,
    series: list[Series] | None = None,
) -> str:
    """The chart as inline SVG, from the cache when exactly the same bars were drawn before.
    With `series`, a stacked chart: `bars` are its categories (label, total), `series` its parts."""
    digest = hashlib.sha256(repr((bars, horizontal, unit, compare, series)).encode()).hexdigest()[:32]
    key = f"metrics:chart:{digest}"
    svg = cache.get(key)
    if svg is None:
        svg = render_svg(bars, horizontal=horizontal, unit=unit, compare=compare, series=series)
        cache.set(key, svg, CACHE_SECONDS)
    return inline_svg(svg, label_id=label_id, label=label, described_by=described_by)
