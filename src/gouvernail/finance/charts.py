"""The trajectory chart: planned and executed amounts per year, drawn by matplotlib as SVG on the
server (no JavaScript library); the table under it on the page holds the same figures."""

import os
import tempfile

os.environ.setdefault("MPLCONFIGDIR", os.path.join(tempfile.gettempdir(), "gouvernail-matplotlib"))

import io  # noqa: E402
from decimal import Decimal  # noqa: E402

import matplotlib  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

from gouvernail.steering.gantt import inline_svg  # noqa: E402

matplotlib.rcParams["svg.fonttype"] = "none"
matplotlib.rcParams["svg.hashsalt"] = "gouvernail-finance"

# Contrast ≥ 4.5:1 on white; the legend names each series (never colour alone).
PLANNED, EXECUTED = "#1F5FA8", "#17703A"


def _euros(value, _position) -> str:
    return f"{value:,.0f} €".replace(",", "\u202f")


def trajectory_svg(
    years: list[int],
    planned: dict[int, Decimal],
    executed: dict[int, Decimal],
    *,
    label: str,
    label_id: str,
    described_by: str,
) -> str:
    figure = Figure(figsize=(7.5, 3.4), layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    positions = list(range(len(years)))
    width = 0.38
    axes.bar(
        [p - width / 2 for p in positions],
        [float(planned.get(y, 0)) for y in years],
        width,
        color=PLANNED,
        label="Prévu (trajectoire)",
    )
    axes.bar(
        [p + width / 2 for p in positions],
        [float(executed.get(y, 0)) for y in years],
        width,
        color=EXECUTED,
        label="Réalisé (mandaté)",
    )
    axes.set_xticks(positions, [str(y) for y in years])
    axes.yaxis.set_major_formatter(FuncFormatter(_euros))
    axes.set_ylim(bottom=0)
    axes.legend(loc="upper left", fontsize=8, frameon=False)
    axes.spines[["top", "right"]].set_visible(False)
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    return inline_svg(buffer.getvalue(), label_id=label_id, label=label, described_by=described_by)
