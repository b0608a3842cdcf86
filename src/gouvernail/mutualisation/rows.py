"""The rows of the consolidated table and of its comparison tables, as HTML built in Python.

50 members × 20 figures is a thousand cells: Django's template loop spends tens of
milliseconds resolving their variables, and `format_html` (lazy-aware, so it inspects every
argument) a good part of what is left. Here each cell is plain string formatting: the cell's
text and badge come from our own formatting (digits, « — », fixed level labels), escaped once
with the standard library's `html.escape`, like every name; the page template lays the rest out.
"""

from html import escape

from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from gouvernail.metrics.registry import LEVEL_TEXT
from gouvernail.mutualisation.consolidation import BADGES, Cell, Consolidated, MemberRow

__all__ = ("comparison_rows", "member_rows")

# One badge per threshold level, built once (metrics/level.html's markup).
BADGE_HTML = {
    level: f'<span class="badge {escape(css)}">{escape(LEVEL_TEXT[level])}</span>' for level, css in BADGES.items()
}


def _badge(cell: Cell) -> str:
    return BADGE_HTML.get(cell.level, "") if cell.level else ""


def _cells(row: MemberRow) -> str:
    return "".join(
        f'<td class="text-end">{escape(cell.text)}{"<br>" + _badge(cell) if cell.level else ""}</td>'
        for cell in row.cells
    )


def member_rows(consolidated: Consolidated, request) -> SafeString:
    """One <tr> per member; a member the viewer holds a membership in gets its « Ouvrir » button
    (the ordinary switch of organisation, then its COPIL dashboard)."""
    switch = escape(reverse("core:switch_organisation"))
    target = escape(reverse("metrics:dashboard", kwargs={"slug": "copil"}))
    token = escape(get_token(request))
    html = []
    for row in consolidated.rows:
        member = row.organisation
        name, slug = escape(member.name), escape(member.slug)
        button = ""
        if row.can_open:
            button = (
                f'<form method="post" action="{switch}" class="d-inline">'
                f'<input type="hidden" name="csrfmiddlewaretoken" value="{token}">'
                f'<input type="hidden" name="organisation" value="{slug}">'
                f'<input type="hidden" name="next" value="{target}">'
                '<button type="submit" class="btn btn-link btn-sm p-0 ms-1 align-baseline">Ouvrir'
                f'<span class="visually-hidden"> le tableau de bord de {name}</span></button></form>'
            )
        computed = row.computed_at.strftime("%d/%m/%Y") if row.computed_at else "aucune mesure"
        html.append(
            f'<tr data-member="{slug}"><th scope="row" class="fw-normal">{name}{button}</th>'
            f'{_cells(row)}<td class="small">{computed}</td></tr>'
        )
    return mark_safe("\n".join(html))  # noqa: S308 — every value above is escaped


def comparison_rows(pairs: list[tuple[MemberRow, Cell]]) -> SafeString:
    return mark_safe(  # noqa: S308 — every value is escaped
        "\n".join(
            f'<tr><th scope="row" class="fw-normal">{escape(row.organisation.name)}</th>'
            f"<td>{escape(cell.text)}</td><td>{_badge(cell)}</td></tr>"
            for row, cell in pairs
        )
    )
