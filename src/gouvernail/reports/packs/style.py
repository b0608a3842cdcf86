"""What both renderers share: the organisation's look, the threshold colours, the Gantt picture."""

import hashlib
import json
from dataclasses import dataclass
from datetime import date

from django.core.cache import cache

from gouvernail.core.models import DEFAULT_PRIMARY_COLOUR
from gouvernail.core.uploads import image_within_limits
from gouvernail.steering import gantt

__all__ = ("LEVEL_COLOURS", "PackStyle", "chunks", "gantt_png", "style_of")

# Light fills behind dark text (contrast above 7:1), each doubled by its word in the cell.
LEVEL_COLOURS = {"vert": "#C8E6C9", "orange": "#FFE0B2", "rouge": "#FFCDD2"}
GANTT_CACHE_SECONDS = 24 * 3600


@dataclass(frozen=True)
class PackStyle:
    primary: str = DEFAULT_PRIMARY_COLOUR
    logo_path: str = ""


def style_of(organisation) -> PackStyle:
    logo = ""
    if organisation.logo:
        try:
            logo = organisation.logo.path
        except (ValueError, NotImplementedError):
            logo = ""
        if logo and not image_within_limits(logo):
            logo = ""  # stored before uploads were bounded: the pack goes without it
    return PackStyle(primary=organisation.primary_colour or DEFAULT_PRIMARY_COLOUR, logo_path=logo)


def chunks(rows: list, size: int) -> list[list]:
    return [rows[index : index + size] for index in range(0, len(rows), size)]


def _gantt_drawn(roadmap: dict, *, today: date) -> bytes:
    bars = [
        gantt.Bar(
            title=bar["title"],
            start=date.fromisoformat(bar["start"]),
            end=date.fromisoformat(bar["end"]),
            status=bar["status"],
            is_estimate=bar["is_estimate"],
            axis=bar["axis"],
        )
        for bar in roadmap["bars"]
    ]
    return gantt.render_png(roadmap["year"], bars, today=today, dpi=110)


def gantt_png(roadmap: dict, *, today: date) -> bytes:
    """The frozen roadmap's Gantt as a picture: drawn once per content (matplotlib is most of a
    deck's time), then shared by the PPTX, the PDF and a regenerated pack, in every worker."""
    content = json.dumps([roadmap, today.isoformat()], sort_keys=True, default=str)
    key = f"gouvernail:packs:gantt:{hashlib.sha256(content.encode()).hexdigest()}"
    picture = cache.get(key)
    if picture is None:
        picture = _gantt_drawn(roadmap, today=today)
        cache.set(key, picture, timeout=GANTT_CACHE_SECONDS)
    return picture
