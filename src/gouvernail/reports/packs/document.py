"""The COPIL pack as a PDF (WeasyPrint): the same content as the deck, from the same snapshot.

Charts become bars drawn in CSS next to their numbers (the numbers are the text alternative);
the Gantt is the same matplotlib picture as in the deck.
"""

import base64
import mimetypes
from datetime import date
from pathlib import Path

from django.template.loader import render_to_string

from gouvernail.core.exports import html_to_pdf, pdf_document
from gouvernail.core.formatting import display
from gouvernail.governance.register import qr_svg
from gouvernail.reports.packs.snapshot import heading
from gouvernail.reports.packs.style import PackStyle, gantt_png

__all__ = ("pack_html", "render_pdf", "render_pdf_document")


def _data_uri(content: bytes, mime: str) -> str:
    return f"data:{mime};base64,{base64.b64encode(content).decode()}"


def _number(value) -> str:
    if value is None:
        return "—"
    return display(int(value) if float(value).is_integer() else round(value, 1))


def _widths(values: list) -> list[float]:
    top = max((abs(v) for v in values if v is not None), default=0)
    # As text with a decimal point: the template would localise a float into « 34,2 », invalid CSS.
    return [None if v is None else f"{(90 * abs(v) / top) if top else 0:.1f}" for v in values]


def _counts(rows: list[dict]) -> list[dict]:
    widths = _widths([row["count"] for row in rows])
    return [{**row, "width": width} for row, width in zip(rows, widths, strict=True)]


def pack_html(snapshot: dict, style: PackStyle) -> str:
    indicators = snapshot["indicators"]
    widths = _widths([row["value"] for row in indicators] + [row["previous"] for row in indicators])
    count = len(indicators)
    indicator_bars = [
        {
            **row,
            "width": widths[index] or "0",
            "previous_width": widths[count + index] if snapshot["previous_meeting"] else None,
        }
        for index, row in enumerate(indicators)
    ]
    logo = ""
    if style.logo_path:
        path = Path(style.logo_path)
        if path.exists():
            logo = _data_uri(path.read_bytes(), mimetypes.guess_type(path.name)[0] or "image/png")
    trend = snapshot["indicator_trend"]
    context = {
        "s": snapshot,
        "heading": heading(snapshot),
        "primary": style.primary,
        "logo": logo,
        "indicator_bars": indicator_bars,
        "trend_values": [_number(v) for v in trend["values"]] if trend else [],
        "project_bars": _counts(snapshot["projects"]["by_status"]),
        "action_bars": _counts(snapshot["actions"]["by_status"]),
        "gantt": _data_uri(
            gantt_png(snapshot["roadmap"], today=date.fromisoformat(snapshot["meeting"]["date"])), "image/png"
        ),
    }
    checkpoint = snapshot.get("register_checkpoint")
    context["checkpoint_qr"] = qr_svg(checkpoint["note"]) if checkpoint else ""
    return render_to_string("reports/copil_pack.html", context)


def render_pdf(snapshot: dict, style: PackStyle) -> bytes:
    return html_to_pdf(pack_html(snapshot, style))


def render_pdf_document(snapshot: dict, style: PackStyle):
    """The laid-out document, for tests that read its pages back."""
    return pdf_document(pack_html(snapshot, style))
