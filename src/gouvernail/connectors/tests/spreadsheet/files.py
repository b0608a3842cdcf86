"""Builders of messy spreadsheets, written in the test's temporary directory."""

import csv
from pathlib import Path

import tablib
from openpyxl import Workbook


def xlsx(path: Path, rows: list[list], *, merges: tuple[str, ...] = ()) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for cells in merges:
        sheet.merge_cells(cells)
    workbook.save(path)
    return path


def ods(path: Path, rows: list[list]) -> Path:
    width = max(len(row) for row in rows)
    dataset = tablib.Dataset()
    for row in rows:
        dataset.append(list(row) + [""] * (width - len(row)))
    path.write_bytes(dataset.export("ods"))
    return path


def csv_file(path: Path, rows: list[list], *, encoding: str = "utf-8", delimiter: str = ";") -> Path:
    with open(path, "w", encoding=encoding, newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    return path
