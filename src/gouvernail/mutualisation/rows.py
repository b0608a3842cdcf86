"""The rows of the consolidated table and of its comparison tables, as HTML built in Python.

50 members × 20 figures is a thousand cells: Django's template loop spends tens of
milliseconds resolving their variables, `format_html` a few. The markup is the template's
(escaped by `format_html`); the page template lays the rest out.
"""

from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from gouvernail.mutualisation.consolidation import Cell, Consolidated, MemberRow

__all__ = ("comparison_rows", "member_rows")


def _badge(cell: Cell) -> SafeString:
    if not cell.level:
        return mark_safe("")
    return format_html('<span class="badge {}">{}</span>', cell.badge, cell.level_text)


def _cells(row: MemberRow) -> SafeString:
    return format_html_join(
        "",
        '<td class="text-end">{}{}</td>',
        ((cell.text, format_html("<br>{}", _badge(cell)) if cell.level else "") for cell in row.cells),
    )


def member_rows(consolidated: Consolidated, request) -> SafeString:
    """One <tr> per member; a member the viewer holds a membership in gets its « Ouvrir » button
    (the ordinary switch of organisation, then its COPIL dashboard)."""
    switch = reverse("core:switch_organisation")
    target = reverse("metrics:dashboard", kwargs={"slug": "copil"})
    token = get_token(request)
    html = []
    for row in consolidated.rows:
        member = row.organisation
        button = ""
        if row.can_open:
            button = format_html(
                '<form method="post" action="{}" class="d-inline">'
                '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
                '<input type="hidden" name="organisation" value="{}">'
                '<input type="hidden" name="next" value="{}">'
                '<button type="submit" class="btn btn-link btn-sm p-0 ms-1 align-baseline">Ouvrir'
                '<span class="visually-hidden"> le tableau de bord de {}</span></button></form>',
                switch,
                token,
                member.slug,
                target,
                member.name,
            )
        computed = row.computed_at.strftime("%d/%m/%Y") if row.computed_at else "aucune mesure"
        html.append(
            format_html(
                '<tr data-member="{}"><th scope="row" class="fw-normal">{}{}</th>{}<td class="small">{}</td></tr>',
                member.slug,
                member.name,
                button,
                _cells(row),
                computed,
            )
        )
    return mark_safe("\n".join(html))


def comparison_rows(pairs: list[tuple[MemberRow, Cell]]) -> SafeString:
    return format_html_join(
        "\n",
        '<tr><th scope="row" class="fw-normal">{}</th><td>{}</td><td>{}</td></tr>',
        ((row.organisation.name, cell.text, _badge(cell)) for row, cell in pairs),
    )
