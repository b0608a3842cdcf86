"""The yearly Gantt of the roadmap, drawn by matplotlib: SVG for the page, PNG and PDF for export.

Pure rendering: the input is a year and plain `Bar` records (no model, no query), the output is
text or bytes. One figure-building function serves the three formats. Figures are built with
`matplotlib.figure.Figure` on the Agg canvas, never through pyplot, whose global state is not
thread-safe.

Drawing rules: a month grid (janv. … déc.), one row per bar in the given order, bars clipped to
the year (an item of 2025-11 → 2026-03 shows janv.–mars in 2026 and nov.–déc. in 2025, with an
arrow on the clipped side), a colour per status with a legend, estimated months hatched, a
vertical « aujourd'hui » line when today falls within the year, and bars linking to their item
(`Artist.set_url`, kept in the SVG). An empty year renders an empty grid with a sentence.
"""

import os
import tempfile

# matplotlib writes a font cache under MPLCONFIGDIR (default: the home directory, which a
# service account may not be able to write). Set once, before matplotlib is first imported.
os.environ.setdefault("MPLCONFIGDIR", os.path.join(tempfile.gettempdir(), "gouvernail-matplotlib"))

import io  # noqa: E402
import re  # noqa: E402
from collections.abc import Sequence  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from datetime import date  # noqa: E402
from html import escape  # noqa: E402

import matplotlib  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import Patch, Rectangle  # noqa: E402

from gouvernail.steering.choices import RoadmapItemStatus  # noqa: E402

# Set once at import (never toggled per request): SVG text stays text (selectable, light, read
# by the browser's fonts) and SVG ids are stable, so the same roadmap gives the same file.
matplotlib.rcParams["svg.fonttype"] = "none"
matplotlib.rcParams["svg.hashsalt"] = "gouvernail-gantt"

__all__ = ("MONTHS", "STATUS_COLOURS", "Bar", "build_figure", "inline_svg", "render_pdf", "render_png", "render_svg")

# Written here rather than taken from the locale: the server's locale is not ours to rely on.
MONTHS = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc.")

# Each colour has a contrast of at least 4.5:1 against white (the page and the hatching), and the
# four differ in lightness as well as hue (readable by colour-blind people, and in greyscale print
# the text alternative and the legend carry the status anyway).
STATUS_COLOURS: dict[str, str] = {
    RoadmapItemStatus.PLANNED: "#1F5FA8",
    RoadmapItemStatus.IN_PROGRESS: "#B34000",
    RoadmapItemStatus.DONE: "#17703A",
    RoadmapItemStatus.DEFERRED: "#5E5E5E",
}
FALLBACK_COLOUR = "#5E5E5E"
TODAY_COLOUR = "#C9191E"
GRID_COLOUR = "#D0D0D0"
TEXT_COLOUR = "#1E1E1E"
TITLE_MAX_CHARS = 70
ESTIMATE_LEGEND = "Hachures : dates estimées (estimé)"


@dataclass(frozen=True)
class Bar:
    """One row of the Gantt. `start` and `end` are months (any day of the month; `end` inclusive)."""

    title: str
    start: date
    end: date
    status: str = RoadmapItemStatus.PLANNED
    is_estimate: bool = False
    axis: str = ""
    url: str = ""


def span_in_year(bar: Bar, year: int) -> tuple[int, int] | None:
    """The bar's months within `year` as (first, past-the-last) positions on the 0–12 month axis,
    clipped to the year; None when the bar lies entirely outside it."""
    start, end = (bar.start, bar.end) if bar.start <= bar.end else (bar.end, bar.start)
    if end.year < year or start.year > year:
        return None
    first = 0 if start.year < year else start.month - 1
    last = 12 if end.year > year else end.month
    return first, last


def today_position(today: date) -> float:
    """Where `today` falls on the 0–12 month axis (the 16th of March is about 2.5)."""
    next_month = date(today.year + (today.month == 12), today.month % 12 + 1, 1)
    days_in_month = (next_month - date(today.year, today.month, 1)).days
    return today.month - 1 + (today.day - 1) / days_in_month


def _short(text: str, limit: int = TITLE_MAX_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def build_figure(year: int, bars: Sequence[Bar], *, today: date | None = None, title: str = "") -> Figure:
    """The Gantt of `year` as a matplotlib figure. Bars outside the year are left out; each drawn
    bar is a Rectangle whose gid is `bar-<index in bars>` (its estimate hatching `hatch-<index>`)."""
    today = today or date.today()
    rows = [(index, bar, span) for index, bar in enumerate(bars) if (span := span_in_year(bar, year)) is not None]
    count = len(rows)
    height = 1.9 + 0.3 * max(count, 3) + (0.35 if title else 0)
    figure = Figure(figsize=(11.5, height), layout="constrained")
    FigureCanvasAgg(figure)
    figure.set_facecolor("white")
    ax = figure.add_subplot()

    # The month grid: a label in the middle of each month, a line between months.
    ax.set_xlim(0, 12)
    ax.set_xticks([m + 0.5 for m in range(12)], [f"{label}" for label in MONTHS])
    ax.set_xticks(range(13), minor=True)
    ax.tick_params(axis="x", which="major", length=0, labeltop=True, labelbottom=True, colors=TEXT_COLOUR)
    ax.tick_params(axis="x", which="minor", length=0)
    ax.grid(axis="x", which="minor", color=GRID_COLOUR, linewidth=0.8)
    ax.set_axisbelow(True)
    for side in ("top", "right", "left", "bottom"):
        ax.spines[side].set_color(GRID_COLOUR)

    if count:
        # First bar on top; when the today line is drawn, a blank band above the bars holds its label.
        ax.set_ylim(count - 0.5, -1.1 if today.year == year else -0.5)
        ax.set_yticks(
            range(count), [_short(bar.title) + (" (estimé)" if bar.is_estimate else "") for _, bar, _ in rows]
        )
        ax.tick_params(axis="y", length=0, labelsize=9, colors=TEXT_COLOUR)
        previous_axis = None
        for row, (index, bar, (first, last)) in enumerate(rows):
            if previous_axis is not None and bar.axis != previous_axis:
                ax.axhline(row - 0.5, color="#9A9A9A", linewidth=0.6)  # a new roadmap axis starts
            previous_axis = bar.axis
            _draw_bar(ax, row, index, bar, first, last, year)
    else:
        ax.set_ylim(0, 1)
        ax.set_yticks([])
        ax.text(
            6,
            0.5,
            f"Aucun élément planifié en {year}",
            ha="center",
            va="center",
            fontsize=12,
            color=TEXT_COLOUR,
            bbox={"boxstyle": "round,pad=0.5", "facecolor": "white", "edgecolor": GRID_COLOUR},
            zorder=5,
        )

    if today.year == year:
        x = today_position(today)
        line = ax.axvline(x, color=TODAY_COLOUR, linewidth=1.6, linestyle=(0, (4, 2)), zorder=4)
        line.set_gid("today")
        ax.annotate(
            "aujourd'hui",
            xy=(x, 1),
            xycoords=("data", "axes fraction"),
            xytext=(0, -2),
            textcoords="offset points",
            ha="center",
            va="top",
            fontsize=9,
            color=TODAY_COLOUR,
            bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": TODAY_COLOUR, "linewidth": 0.8},
            zorder=5,
        )

    figure.legend(handles=_legend_handles(), loc="outside lower center", ncols=5, frameon=False, fontsize=10)
    if title:
        figure.suptitle(title, fontsize=12, color=TEXT_COLOUR)
    return figure


def _draw_bar(ax, row: int, index: int, bar: Bar, first: int, last: int, year: int) -> None:
    colour = STATUS_COLOURS.get(bar.status, FALLBACK_COLOUR)
    rect = Rectangle((first, row - 0.3), last - first, 0.6, facecolor=colour, edgecolor="none", zorder=2)
    rect.set_gid(f"bar-{index}")
    if bar.url:
        rect.set_url(bar.url)
    ax.add_patch(rect)
    if bar.is_estimate:
        hatch = Rectangle(
            (first, row - 0.3), last - first, 0.6, fill=False, hatch="///", edgecolor="white", linewidth=0, zorder=3
        )
        hatch.set_gid(f"hatch-{index}")
        if bar.url:
            hatch.set_url(bar.url)
        ax.add_patch(hatch)
    # An arrow on a side the year cuts: the item starts before or ends after this year.
    start, end = sorted((bar.start, bar.end))
    style = {"va": "center", "fontsize": 7, "color": "white", "zorder": 4}
    if start.year < year:
        ax.text(first + 0.08, row, "◀", ha="left", **style)
    if end.year > year:
        ax.text(last - 0.08, row, "▶", ha="right", **style)


def _legend_handles() -> list[Patch]:
    handles = [
        Patch(facecolor=STATUS_COLOURS[value], edgecolor="none", label=label)
        for value, label in RoadmapItemStatus.choices
    ]
    handles.append(Patch(facecolor="#767676", edgecolor="white", hatch="///", linewidth=0, label=ESTIMATE_LEGEND))
    return handles


def render_svg(year: int, bars: Sequence[Bar], *, today: date | None = None, title: str = "") -> str:
    figure = build_figure(year, bars, today=today, title=title)
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


def render_png(year: int, bars: Sequence[Bar], *, today: date | None = None, title: str = "", dpi: int = 150) -> bytes:
    figure = build_figure(year, bars, today=today, title=title)
    # Agg refuses images past 2^16 pixels: a very long roadmap is rendered at a lower resolution.
    dpi = min(dpi, int(30000 / figure.get_figheight()))
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()


def render_pdf(year: int, bars: Sequence[Bar], *, today: date | None = None, title: str = "") -> bytes:
    figure = build_figure(year, bars, today=today, title=title)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="pdf", metadata={"Title": title or f"Gantt {year}", "CreationDate": None})
    return buffer.getvalue()


_SVG_START = re.compile(r"<svg\b[^>]*>", re.S)
_SIZE_ATTRIBUTES = re.compile(r'\s(width|height)="[^"]*"')
# matplotlib opens every link in a new tab; in the page, an item opens in place.
_LINK = re.compile(r'<a xlink:href="([^"]*)"(?: target="_blank")?>')


def inline_svg(svg: str, *, label_id: str, label: str, described_by: str = "") -> str:
    """A standalone SVG made fit to sit inside an HTML page: no XML prolog, scales to its
    container, `role="img"` named by a <title> (`label_id`), optionally described by the
    page's text alternative. Its bar links are left out of the tab order: the text alternative
    holds the same links for keyboard users, once each. Links open in the same tab."""
    match = _SVG_START.search(svg)
    if match is None:
        raise ValueError("Not an SVG document.")
    opening = _SIZE_ATTRIBUTES.sub("", match.group(0))
    attributes = f' role="img" aria-labelledby="{escape(label_id)}" class="gantt-svg" width="100%"'
    if described_by:
        attributes += f' aria-describedby="{escape(described_by)}"'
    opening = opening[:4] + attributes + opening[4:]
    body = _LINK.sub(r'<a xlink:href="\1" tabindex="-1">', svg[match.end() :])
    return f'{opening}\n<title id="{escape(label_id)}">{escape(label)}</title>{body}'
