"""The consolidated table as a django-tables2 table, so that its export is core's export."""

from decimal import Decimal

import django_tables2 as tables

from gouvernail.core.tables import BaseTable
from gouvernail.mutualisation.consolidation import Consolidated

__all__ = ("consolidated_table",)

ALL_MEMBERS = "Ensemble des membres"


def consolidated_table(consolidated: Consolidated) -> BaseTable:
    """One row per member, one column per figure (numbers as numbers), then the « Ensemble »
    row (sum or median, as its header says)."""
    columns = {"member": tables.Column(verbose_name="Membre")}
    for index, column in enumerate(consolidated.columns):
        unit = f" ({column.indicator.unit})" if column.indicator.unit else ""
        columns[f"c{index}"] = tables.Column(
            verbose_name=f"{column.title}{unit} — {column.period_text}, ensemble : {column.aggregate}"
        )
    columns["computed_at"] = tables.DateTimeColumn(verbose_name="Mesures calculées le", format="d/m/Y H:i")
    quanta = [Decimal(1).scaleb(-column.indicator.decimals) for column in consolidated.columns]

    def values(cells) -> dict:
        # Numbers as the page shows them (its decimals), still numbers a spreadsheet can sum.
        return {
            f"c{index}": None if cell.value is None else cell.value.quantize(quanta[index])
            for index, cell in enumerate(cells)
        }

    data = [
        {"member": row.organisation.name, "computed_at": row.computed_at, **values(row.cells)}
        for row in consolidated.rows
    ]
    total = {"member": ALL_MEMBERS, "computed_at": None, **values(consolidated.totals)}
    data.append(total)
    meta = type("Meta", (BaseTable.Meta,), {"empty_text": "Aucun membre."})
    return type("ConsolidatedTable", (BaseTable,), {**columns, "Meta": meta})(data, orderable=False)
