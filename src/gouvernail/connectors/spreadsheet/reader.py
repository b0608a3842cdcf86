"""Reads the rows of a spreadsheet, whatever its format, as lists of cells numbered as the file shows them.

XLSX, XLS and ODS go through python-calamine (format told by the file's first bytes, not its
name); CSV through the csv module, its encoding (UTF-8 with or without BOM, else Windows-1252)
and separator (`;`, `,` or tab) sniffed. Merged cells are filled with their top-left value, so
a site merged over five rows applies to each of them.
"""

import codecs
import csv
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import python_calamine

__all__ = ("FORMATS", "ImportFileError", "Table", "detect_format", "open_table")

FORMATS = ("xlsx", "xls", "ods", "csv")
SNIFF_BYTES = 64 * 1024
CSV_SEPARATORS = (";", ",", "\t")
# Bytes that never start a text file: a binary we do not know.
BINARY_MARKERS = (b"\x00", b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x1f\x8b", b"Rar!", b"7z\xbc\xaf")


class ImportFileError(Exception):
    """The file itself cannot be imported (unknown format, no header row, required column missing)."""


def detect_format(path: Path) -> str:
    with open(path, "rb") as handle:
        head = handle.read(SNIFF_BYTES)
    if not head.strip():
        raise ImportFileError("Le fichier est vide.")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "xls"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            raise ImportFileError("Le fichier est une archive ZIP endommagée.") from None
        if "xl/workbook.xml" in names:
            return "xlsx"
        if "content.xml" in names:
            return "ods"
        raise ImportFileError("Format inconnu : une archive ZIP qui n'est ni un classeur Excel ni un classeur ODS.")
    if any(head.startswith(marker) for marker in BINARY_MARKERS) or b"\x00" in head:
        raise ImportFileError("Format inconnu : formats acceptés XLSX, XLS, ODS et CSV.")
    return "csv"


@dataclass
class Table:
    """The first sheet of a file. `rows()` yields (row number as the file shows it, cells)."""

    path: Path
    format: str
    total_rows: int | None = None
    encoding: str | None = None
    delimiter: str | None = None

    def rows(self) -> Iterator[tuple[int, list]]:
        if self.format == "csv":
            yield from self._csv_rows()
        else:
            yield from self._calamine_rows()

    def _calamine_rows(self) -> Iterator[tuple[int, list]]:
        try:
            workbook = python_calamine.CalamineWorkbook.from_path(str(self.path))
            sheet = workbook.get_sheet_by_index(0)
        except Exception as error:  # calamine raises its own error types for corrupt files
            raise ImportFileError(f"Le classeur ne peut pas être lu : {error}") from None
        # iter_rows() yields rows from the first one, but cells from the first used column.
        left = (sheet.start or (0, 0))[1]
        merged = [
            (r0, c0 - left, r1, c1 - left)
            for (r0, c0), (r1, c1) in (sheet.merged_cell_ranges or [])
            if (r0, c0) != (r1, c1)
        ]
        anchors: dict[tuple[int, int], object] = {}
        for index, cells in enumerate(sheet.iter_rows()):
            for r0, c0, r1, c1 in merged:
                if not r0 <= index <= r1 or c0 >= len(cells):
                    continue
                if index == r0:
                    anchors[(r0, c0)] = cells[c0]
                value = anchors.get((r0, c0), "")
                for column in range(c0, min(c1, len(cells) - 1) + 1):
                    cells[column] = value
            yield index + 1, cells

    def _csv_rows(self) -> Iterator[tuple[int, list]]:
        # cp1252 leaves five bytes undefined: they read as « � » rather than failing the file.
        with open(self.path, encoding=self.encoding, errors="replace", newline="") as handle:
            for index, cells in enumerate(csv.reader(handle, delimiter=self.delimiter)):
                yield index + 1, cells


def _sniff_encoding(path: Path) -> str:
    """UTF-8 (BOM or not) when every byte decodes as such, Windows-1252 otherwise; read in chunks."""
    with open(path, "rb") as handle:
        if handle.read(3) == codecs.BOM_UTF8:
            return "utf-8-sig"
        handle.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            while chunk := handle.read(1 << 20):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252"
    return "utf-8"


def _sniff_delimiter(sample: str) -> str:
    lines = [line for line in sample.splitlines()[:50] if line.strip()]
    try:
        return csv.Sniffer().sniff("\n".join(lines), delimiters="".join(CSV_SEPARATORS)).delimiter
    except csv.Error:
        # The separator that splits most lines the most often.
        return max(CSV_SEPARATORS, key=lambda sep: sum(min(line.count(sep), 20) for line in lines))


def open_table(path: Path) -> Table:
    path = Path(path)
    file_format = detect_format(path)
    if file_format != "csv":
        try:
            workbook = python_calamine.CalamineWorkbook.from_path(str(path))
            sheet = workbook.get_sheet_by_index(0)
            height = (sheet.end or (0, 0))[0] + 1
        except Exception as error:
            raise ImportFileError(f"Le classeur ne peut pas être lu : {error}") from None
        return Table(path, file_format, total_rows=height)
    encoding = _sniff_encoding(path)
    with open(path, encoding=encoding, errors="replace", newline="") as handle:
        sample = handle.read(SNIFF_BYTES)
    total = sum(chunk.count(b"\n") for chunk in _chunks(path)) + 1
    return Table(path, "csv", total_rows=total, encoding=encoding, delimiter=_sniff_delimiter(sample))


def _chunks(path: Path) -> Iterator[bytes]:
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            yield chunk


def read_all(path: Path) -> list[tuple[int, list]]:
    """Every row at once (tests and small files)."""
    return list(open_table(path).rows())
