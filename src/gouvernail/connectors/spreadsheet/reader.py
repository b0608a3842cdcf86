"""Reads the rows of a spreadsheet, whatever its format, as lists of cells numbered as the file shows them.

XLSX, XLS and ODS go through python-calamine (format told by the file's first bytes, not its
name); CSV through the csv module, its encoding (UTF-8 with or without BOM, else Windows-1252)
and separator (`;`, `,` or tab) sniffed. Merged cells are filled with their top-left value, so
a site merged over five rows applies to each of them.

calamine builds the whole grid of a sheet when it opens it: `core.uploads.check_workbook` first
bounds what it will build (rows, columns, cells, expanded bytes), and CSV rows go through
`core.uploads.csv_rows`, which refuses the first line over the limits.
"""

import codecs
import csv
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import python_calamine

from gouvernail.core.uploads import UploadRefused, check_workbook, csv_rows, upload_limits

__all__ = ("FORMATS", "ImportFileError", "Table", "check_table", "detect_format", "inspect", "open_table")

FORMATS = ("xlsx", "xls", "ods", "csv")
SNIFF_BYTES = 64 * 1024
CSV_SEPARATORS = (";", ",", "\t")
# Bytes that never start a text file: a binary we do not know.
BINARY_MARKERS = (b"\x00", b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x1f\x8b", b"Rar!", b"7z\xbc\xaf")


class ImportFileError(Exception):
    """The file itself cannot be imported (unknown format, over the limits, no header row,
    required column missing)."""


# calamine's own messages are English: the user gets this one.
UNREADABLE = "Le classeur ne peut pas être lu (fichier endommagé, ou protégé par un mot de passe)."


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
    # The sheet as calamine read it: an import goes over the rows two or three times (header,
    # missing names, the rows), reading the file once.
    sheet: object = field(default=None, repr=False, compare=False)

    def rows(self) -> Iterator[tuple[int, list]]:
        if self.format == "csv":
            yield from self._csv_rows()
        else:
            yield from self._calamine_rows()

    def _calamine_rows(self) -> Iterator[tuple[int, list]]:
        if self.sheet is None:
            self.sheet = _first_sheet(self.path)
        sheet = self.sheet
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
            try:
                yield from csv_rows(handle, delimiter=self.delimiter)
            except UploadRefused as error:
                raise ImportFileError(str(error)) from None


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


# Files this process already checked, by path, size, modification time and limits: the web import
# opens the same kept file at each step, and checking a workbook costs about as much as reading it.
_CHECKED: dict[tuple, str] = {}
CHECKED_MEMORY = 32


def inspect(path: Path) -> str:
    """The file's format, once it is known to be within the limits; ImportFileError otherwise."""
    path = Path(path)
    status = path.stat()
    key = (str(path.resolve()), status.st_size, status.st_mtime_ns, upload_limits())
    if key in _CHECKED:
        return _CHECKED[key]
    try:
        file_format = detect_format(path)
        if file_format != "csv":
            check_workbook(path, file_format)
    except UploadRefused as error:
        raise ImportFileError(str(error)) from None
    if len(_CHECKED) >= CHECKED_MEMORY:
        _CHECKED.pop(next(iter(_CHECKED)))
    _CHECKED[key] = file_format
    return file_format


def check_table(path: Path) -> str:
    """The format of a file that an import can read whole: every CSV row is read once, as the
    sheets of a workbook are checked by `inspect`; ImportFileError otherwise."""
    file_format = inspect(path)
    if file_format == "csv":
        for _row in open_table(path).rows():
            pass
    return file_format


def _first_sheet(path: Path):
    try:
        return python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
    except Exception:  # calamine raises its own error types for corrupt files
        raise ImportFileError(UNREADABLE) from None


def open_table(path: Path) -> Table:
    path = Path(path)
    file_format = inspect(path)
    if file_format != "csv":
        sheet = _first_sheet(path)
        return Table(path, file_format, total_rows=(sheet.end or (0, 0))[0] + 1, sheet=sheet)
    encoding = _sniff_encoding(path)
    with open(path, encoding=encoding, errors="replace", newline="") as handle:
        sample = handle.read(SNIFF_BYTES)
    table = Table(path, "csv", encoding=encoding, delimiter=_sniff_delimiter(sample))
    table.total_rows = sum(chunk.count(b"\n") for chunk in _chunks(path)) + 1
    # Refused here, before the import spends minutes on the rows under the limit.
    for _row in table.rows() if table.total_rows > upload_limits().max_rows else ():
        pass
    return table


def _chunks(path: Path) -> Iterator[bytes]:
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            yield chunk


def read_all(path: Path) -> list[tuple[int, list]]:
    """Every row at once (tests and small files)."""
    return list(open_table(path).rows())
