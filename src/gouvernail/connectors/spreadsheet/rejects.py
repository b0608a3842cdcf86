"""The rejected rows of an import as an XLSX file: the row as read, plus its « motif du rejet »."""

import io
from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from gouvernail.core.exports import inert_xlsx_cell

__all__ = ("rejects_workbook",)


def rejects_workbook(headers: list[str], rows: Iterable[tuple[int, list, str]]) -> bytes:
    """`rows`: (row number in the original file, cells, reason)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Lignes rejetées")
    header = ["Ligne du fichier", *(h or f"Colonne {i + 1}" for i, h in enumerate(headers)), "motif du rejet"]
    bold = []
    for label in header:
        cell = inert_xlsx_cell(WriteOnlyCell(sheet, value=label))
        cell.font = Font(bold=True)
        bold.append(cell)
    sheet.append(bold)
    for number, cells, reason in rows:
        padded = list(cells) + [""] * (len(headers) - len(cells))
        # The rejected cells are the source's text as read: a formula there must stay a text.
        sheet.append(
            [inert_xlsx_cell(WriteOnlyCell(sheet, value=value)) for value in (number, *padded[: len(headers)], reason)]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
