"""The RACI matrix: rows are the domains of the action plan and the roadmap (the roadmap's axes,
which actions and roadmap items both belong to), columns the governance roles, each cell R, A,
C or I. Read here; written by `services.raci_matrix_save`."""

from dataclasses import dataclass

import django_tables2 as tables

from gouvernail.core.tables import BaseTable
from gouvernail.governance.choices import Responsibility
from gouvernail.governance.models import RaciAssignment, Role
from gouvernail.steering.models import RoadmapAxis

__all__ = ("ILLUSTRATIVE_MARK", "RaciMatrix", "RaciRow", "raci_matrix", "raci_table")

# What follows an illustrative cell in the exports (the page shows a badge).
ILLUSTRATIVE_MARK = " (illustratif)"


@dataclass
class RaciRow:
    axis: RoadmapAxis
    cells: list[RaciAssignment | None]  # one per role, in the columns' order
    action_count: int = 0
    item_count: int = 0


@dataclass
class RaciMatrix:
    roles: list[Role]
    rows: list[RaciRow]

    @property
    def has_illustrative(self) -> bool:
        return any(cell is not None and cell.is_illustrative for row in self.rows for cell in row.cells)


def raci_matrix(organisation) -> RaciMatrix:
    """The organisation's matrix in three queries (roles, axes with their counts, cells)."""
    from django.db.models import Count

    roles = list(Role.objects.filter(organisation=organisation).prefetch_related("holder_people", "holder_vendors"))
    axes = (
        RoadmapAxis.objects.filter(organisation=organisation)
        .annotate(action_count=Count("actions", distinct=True), item_count=Count("items", distinct=True))
        .order_by("position", "name")
    )
    cells = {
        (cell.axis_id, cell.role_id): cell
        for cell in RaciAssignment.objects.filter(organisation=organisation, role__in=[r.pk for r in roles])
    }
    rows = [
        RaciRow(axis, [cells.get((axis.pk, role.pk)) for role in roles], axis.action_count, axis.item_count)
        for axis in axes
    ]
    return RaciMatrix(roles, rows)


def raci_table(matrix: RaciMatrix):
    """The matrix as a table, for the export mechanism (CSV, XLSX, ODS): one column per role."""
    columns = {"domain": tables.Column(verbose_name="Domaine (axe du plan d'action et de la feuille de route)")}
    for index, role in enumerate(matrix.roles):
        columns[f"role_{index}"] = tables.Column(verbose_name=role.heading)
    data = []
    for row in matrix.rows:
        item = {"domain": row.axis.name}
        for index, cell in enumerate(row.cells):
            if cell is None:
                item[f"role_{index}"] = ""
            else:
                letter = Responsibility(cell.responsibility).value.replace("AR", "A/R")
                item[f"role_{index}"] = letter + (ILLUSTRATIVE_MARK if cell.is_illustrative else "")
        data.append(item)
    table_class = type(
        "RaciTable",
        (BaseTable,),
        {**columns, "Meta": type("Meta", (BaseTable.Meta,), {"empty_text": "Aucun domaine dans la feuille de route."})},
    )
    return table_class(data, orderable=False)
