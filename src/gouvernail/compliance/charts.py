"""The radar of an assessment by theme, now against the previous campaign, as inline SVG.

Drawn by matplotlib on the server like the dashboards' charts; the table of scores by theme that
follows it on the page is its text alternative.
"""

import io
import math
import os
import tempfile

os.environ.setdefault("MPLCONFIGDIR", os.path.join(tempfile.gettempdir(), "gouvernail-matplotlib"))

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from gouvernail.steering.gantt import inline_svg

NOW, PAST = "#1F5FA8", "#6B6B6B"


def radar_svg(labels: list[str], current: list[float], previous: list[float] | None, *, label: str) -> str:
    count = len(labels)
    figure = Figure(figsize=(6.5, 6), layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot(projection="polar")
    if count < 3:
        axes.text(0.5, 0.5, "Pas assez de thèmes pour un radar", ha="center", transform=axes.transAxes)
    else:
        angles = [2 * math.pi * i / count for i in range(count)] + [0]
        if previous is not None:
            axes.plot(angles, [*previous, previous[0]], color=PAST, linestyle="--", label="Campagne précédente")
        axes.plot(angles, [*current, current[0]], color=NOW, linewidth=2, label="Cette campagne")
        axes.fill(angles, [*current, current[0]], color=NOW, alpha=0.15)
        axes.set_xticks(angles[:-1], labels, fontsize=8)
        axes.set_ylim(0, 100)
        axes.set_yticks([25, 50, 75, 100], ["25", "50", "75", "100"], fontsize=7)
        axes.legend(loc="lower right", bbox_to_anchor=(1.1, -0.1), fontsize=8, frameon=False)
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    return inline_svg(buffer.getvalue(), label_id="radar-title", label=label, described_by="radar-table")
