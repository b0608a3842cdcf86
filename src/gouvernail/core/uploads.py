"""Limits on what users upload — spreadsheets, CSV exports, logos — checked before any reader allocates.

A 2 KB XLSX with one cell at A1 and one at ZZ1000000 makes calamine allocate the whole grid
(22 GB); a 5 MB zip expands to gigabytes of XML; a PNG of 12 000 × 12 000 pixels reaches the
COPIL renderers. So every reader of an uploaded file goes through this module first:

- `check_upload_size`, `write_capped`: the file as uploaded (not a file given to a command);
- `check_workbook`: a zip (XLSX, ODS) has each member's uncompressed size, the total and the
  compression ratio checked, every member inflated once under a counter (a header that lies
  about its size fails its CRC), and the cells of its sheets located without building them:
  the declared dimension and the actual cell references of an XLSX sheet, the repeated rows and
  columns of an ODS table; an XLS has its BIFF cell records read from the OLE container;
- `csv_rows`: a CSV read row by row, refused at the first row, column or cell over the limits,
  naming its line;
- `LogoField`: an image refused above a pixel count, and downscaled on upload.

Every refusal is an `UploadRefused` whose message is French and says what to do. The limits
are settings (`upload_limits`). Pending uploads (between an import's preview and its commit)
live under `DATA_DIR/imports/`, written by `write_capped` and purged by `purge_stale`.
"""

import csv
import io
import re
import time
import warnings
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.parsers import expat

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import FileUploadHandler

__all__ = (
    "CappedUploadHandler",
    "LogoField",
    "UploadLimits",
    "UploadRefused",
    "check_csv_length",
    "check_upload_size",
    "check_workbook",
    "csv_rows",
    "image_within_limits",
    "pending_dir",
    "purge_stale",
    "upload_limits",
    "validate_upload_size",
    "write_capped",
)

MB = 1024 * 1024
# A member this small may compress as well as it likes: only large members are bombs.
RATIO_FLOOR_BYTES = 1 * MB
MAX_MEMBERS = 10_000
CHUNK = 1 * MB
# Beyond this, an XML tag that never closes is no spreadsheet.
MAX_TAG_BYTES = 1 * MB
DAMAGED_ZIP = "Le classeur est une archive ZIP endommagée ou chiffrée : enregistrez-le à nouveau."


class UploadRefused(ValueError):
    """An uploaded file over a limit or built to exhaust the server; the message is French."""


@dataclass(frozen=True)
class UploadLimits:
    max_bytes: int
    max_rows: int
    max_columns: int
    max_cells: int
    max_expanded_bytes: int
    max_ratio: int
    max_cell_chars: int
    max_image_pixels: int
    image_side: int
    max_age_seconds: int


def upload_limits() -> UploadLimits:
    return UploadLimits(
        max_bytes=settings.GOUVERNAIL_UPLOAD_MAX_BYTES,
        max_rows=settings.GOUVERNAIL_IMPORT_MAX_ROWS,
        max_columns=settings.GOUVERNAIL_IMPORT_MAX_COLUMNS,
        max_cells=settings.GOUVERNAIL_IMPORT_MAX_CELLS,
        max_expanded_bytes=settings.GOUVERNAIL_IMPORT_MAX_EXPANDED_BYTES,
        max_ratio=settings.GOUVERNAIL_IMPORT_MAX_COMPRESSION_RATIO,
        max_cell_chars=settings.GOUVERNAIL_IMPORT_MAX_CELL_CHARS,
        max_image_pixels=settings.GOUVERNAIL_IMAGE_MAX_PIXELS,
        image_side=settings.GOUVERNAIL_IMAGE_MAX_SIDE,
        max_age_seconds=settings.GOUVERNAIL_UPLOAD_MAX_AGE_SECONDS,
    )


def _number(value: int) -> str:
    return f"{value:,}".replace(",", "\u202f")


def _megabytes(value: int) -> str:
    return f"{value / MB:.0f} Mo" if value >= MB else f"{_number(value)} octets"


def column_letters(index: int) -> str:
    """1 → A, 27 → AA: how the user's spreadsheet names a column."""
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index


# --- sizes ---------------------------------------------------------------------------------


def check_upload_size(size: int) -> None:
    limit = upload_limits().max_bytes
    if size > limit:
        raise UploadRefused(f"Le fichier pèse {_megabytes(size)} : au plus {_megabytes(limit)}. Découpez-le.")


def validate_upload_size(uploaded) -> None:
    """Form validator of a file field: the upload limit, in French."""
    try:
        check_upload_size(uploaded.size)
    except UploadRefused as error:
        raise forms.ValidationError(str(error), code="file_too_large") from None


class CappedUploadHandler(FileUploadHandler):
    """First of the upload handlers: past the size limit, the rest of a file is read from the
    request but no longer passed on to Django's handlers (no gigabyte written to the temporary
    directory), and the form receives an empty file that says its true size, refused by
    `validate_upload_size` with the usual French message."""

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.limit = upload_limits().max_bytes
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received = start + len(raw_data)
        return raw_data if self.received <= self.limit else None

    def file_complete(self, file_size):
        if self.received <= self.limit:
            return None  # within the limit: the next handler keeps the file
        refused = SimpleUploadedFile(self.file_name, b"", self.content_type)
        refused.size = self.received
        return refused


def write_capped(chunks: Iterable[bytes], path: Path) -> int:
    """Writes `chunks` to `path`, refusing (and removing the partial file) past the size limit;
    the size declared by the browser is not trusted."""
    limit = upload_limits().max_bytes
    written = 0
    try:
        with open(path, "wb") as handle:
            for chunk in chunks:
                written += len(chunk)
                if written > limit:
                    raise UploadRefused(f"Le fichier dépasse {_megabytes(limit)}. Découpez-le.")
                handle.write(chunk)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return written


def pending_dir() -> Path:
    """Where uploads wait between an import's preview and its commit (never in the session)."""
    directory = Path(settings.DATA_DIR) / "imports"
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def purge_stale(*, now: float | None = None) -> int:
    """Removes the pending uploads older than the limit (abandoned imports); returns how many files."""
    limit = (now or time.time()) - upload_limits().max_age_seconds
    removed = 0
    for path in pending_dir().iterdir():
        try:
            if path.is_file() and path.stat().st_mtime < limit:
                path.unlink()
                removed += 1
        except FileNotFoundError:  # another worker purged it first
            continue
    return removed


# --- grids ---------------------------------------------------------------------------------


@dataclass
class _Extent:
    """How far the cells of a sheet reach, counted without building them."""

    where: str
    rows: int = 0
    columns: int = 0
    cells: int = 0
    reach: str = "a des cellules jusqu'à"

    def check(self, limits: UploadLimits) -> None:
        if self.rows > limits.max_rows:
            raise UploadRefused(
                f"{self.where} {self.reach} la ligne {_number(self.rows)} : "
                f"au plus {_number(limits.max_rows)} lignes. Découpez le fichier."
            )
        if self.columns > limits.max_columns:
            raise UploadRefused(
                f"{self.where} {self.reach} la colonne {column_letters(self.columns)} "
                f"({_number(self.columns)}e colonne) : au plus {_number(limits.max_columns)} colonnes "
                f"(jusqu'à {column_letters(limits.max_columns)}). Supprimez les colonnes inutiles."
            )
        if self.rows * self.columns > limits.max_cells or self.cells > limits.max_cells:
            raise UploadRefused(
                f"{self.where} couvre {_number(self.rows)} lignes × {_number(self.columns)} colonnes : "
                f"au plus {_number(limits.max_cells)} cellules. Supprimez les lignes et colonnes inutiles."
            )


def check_workbook(path: Path, file_format: str) -> None:
    """Refuses an XLSX, ODS or XLS whose size or extent is over the limits, before calamine reads it."""
    limits = upload_limits()
    if file_format == "xls":
        _check_xls(Path(path), limits)
        return
    try:
        with zipfile.ZipFile(path) as archive:
            _check_members(archive, limits)
            sheets = _xlsx_sheets(archive) if file_format == "xlsx" else set()
            for info in archive.infolist():
                if info.is_dir():
                    continue
                if info.filename in sheets:
                    _scan_xlsx_sheet(_inflate(archive, info), info.filename, limits)
                elif file_format == "ods" and info.filename == "content.xml":
                    _scan_ods_content(_inflate(archive, info), limits)
                else:
                    for _chunk in _inflate(archive, info):
                        pass
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, NotImplementedError, EOFError, OSError) as error:
        if isinstance(error, FileNotFoundError):
            raise
        raise UploadRefused(DAMAGED_ZIP) from None


def _check_members(archive: zipfile.ZipFile, limits: UploadLimits) -> None:
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise UploadRefused(f"Le classeur contient {_number(len(infos))} fichiers internes : ce n'est pas un tableur.")
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > limits.max_expanded_bytes or total > limits.max_expanded_bytes:
            raise UploadRefused(
                f"Le classeur décompressé dépasse {_megabytes(limits.max_expanded_bytes)} "
                f"(partie « {info.filename[:80]} ») : enregistrez-le en CSV ou découpez-le."
            )
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR_BYTES and ratio > limits.max_ratio:
            raise UploadRefused(
                f"Le classeur est anormalement compressé (partie « {info.filename[:80]} » : {ratio:.0f} fois "
                f"sa taille compressée, au plus {limits.max_ratio}) : il est refusé par sécurité."
            )


def _inflate(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[bytes]:
    # zipfile stops at the declared size and checks the CRC: a member that expands past what
    # its header says raises BadZipFile instead of filling the memory of the next reader.
    with archive.open(info) as member:
        while chunk := member.read(CHUNK):
            yield chunk


_XLSX_RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*>")
_XLSX_SHEET = re.compile(rb"<(?:\w+:)?sheet\b[^>]*>")
_ATTRIBUTE = re.compile(rb'([\w:]+)\s*=\s*"([^"]*)"')


def _xlsx_sheets(archive: zipfile.ZipFile) -> set[str]:
    """The member of the first sheet (the one imported), or every worksheet when the workbook
    does not say which it is."""
    names = set(archive.namelist())
    every = {name for name in names if name.startswith("xl/worksheets/") and name.endswith(".xml")}
    try:
        workbook = b"".join(_inflate(archive, archive.getinfo("xl/workbook.xml")))
        rels = b"".join(_inflate(archive, archive.getinfo("xl/_rels/workbook.xml.rels")))
    except KeyError:
        return every
    first = _XLSX_SHEET.search(workbook)
    if first is None:
        return every
    relation = next((value for key, value in _ATTRIBUTE.findall(first.group()) if key.endswith(b":id")), None)
    for tag in _XLSX_RELATIONSHIP.findall(rels):
        attributes = dict(_ATTRIBUTE.findall(tag))
        if attributes.get(b"Id") == relation and b"Target" in attributes:
            target = attributes[b"Target"].decode("utf-8", "replace").lstrip("/")
            target = target if target.startswith("xl/") else f"xl/{target}"
            return {target} if target in names else every
    return every


_DIMENSION = re.compile(
    rb'<(?:\w+:)?dimension\b[^>]*?\bref\s*=\s*"\$?([A-Z]{1,4})\$?(\d{1,9})(?::\$?([A-Z]{1,4})\$?(\d{1,9}))?"'
)
# One pass finds the `r` attributes of cells (A1) and rows (1), another counts cell and row
# tags (cells and rows without `r` follow the previous one). Text that happens to read
# ` r="A1"` counts too: a false refusal is cheaper than a per-tag parse of every cell.
_REFERENCE = re.compile(rb'\sr\s*=\s*"([A-Z]{0,4})(\d{1,9})"')
_TAG = re.compile(rb"<(?:\w+:)?(c|row)[\s/>]")


def _scan_xlsx_sheet(chunks: Iterator[bytes], name: str, limits: UploadLimits) -> None:
    """The declared dimension, then the actual cell references: calamine builds a grid from the
    first to the last cell, whatever lies between."""
    declared_checked = False
    extent = _Extent("La feuille")
    row_tags = 0
    carry = b""
    for chunk in chunks:
        buffer = carry + chunk
        cut = buffer.rfind(b"<")
        if cut < 0:
            carry, text = b"", buffer
        else:
            carry, text = buffer[cut:], buffer[:cut]
        if len(carry) > MAX_TAG_BYTES:
            raise UploadRefused("La feuille contient une balise XML démesurée : ce n'est pas un tableur.")
        if not declared_checked and (dimension := _DIMENSION.search(text)):
            declared_checked = True
            last_column, last_row = dimension.group(3) or dimension.group(1), dimension.group(4) or dimension.group(2)
            _Extent(
                "La feuille",
                rows=int(last_row),
                columns=_column_index(last_column.decode()),
                reach="déclare une plage de cellules allant jusqu'à",
            ).check(limits)
        row_tags += _scan_xlsx_text(text, extent)
        extent.rows = max(extent.rows, row_tags)
        extent.check(limits)
    row_tags += _scan_xlsx_text(carry, extent)
    extent.rows = max(extent.rows, row_tags)
    extent.check(limits)


def _scan_xlsx_text(text: bytes, extent: _Extent) -> int:
    """Updates `extent` from the references and cell tags of `text`; returns its row tags."""
    references = _REFERENCE.findall(text)
    if references:
        extent.rows = max(extent.rows, max(int(row) for _, row in references))
        widest = max({letters for letters, _ in references}, key=lambda letters: (len(letters), letters))
        extent.columns = max(extent.columns, _column_index(widest.decode()))
    tags = _TAG.findall(text)
    cells = tags.count(b"c")
    extent.cells += cells
    return len(tags) - cells


_ODS_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_ODS_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"


class _OdsScanner:
    """Counts the rows and columns an ODS table spans once its repeated rows and cells are
    expanded (LibreOffice writes a million empty rows as one repeated row: those count only
    when they hold a value)."""

    def __init__(self, limits: UploadLimits):
        self.limits = limits
        self.table = 0
        self.extent = _Extent("La feuille")
        self.row = self.column = 0
        self.row_repeat = self.cell_repeat = 1
        self.row_last_column = self.row_cells = 0
        self.in_cell = self.cell_has_value = False

    def start(self, name: str, attributes: dict) -> None:
        if name == f"{_ODS_TABLE} table":
            self.table += 1
            self.row = 0
            self.extent = _Extent(f"La feuille n° {self.table} ({attributes.get(f'{_ODS_TABLE} name', '')[:60]})")
        elif name == f"{_ODS_TABLE} table-row":
            self.row_repeat = self._repeat(attributes, "number-rows-repeated")
            self.column = self.row_last_column = self.row_cells = 0
        elif name in (f"{_ODS_TABLE} table-cell", f"{_ODS_TABLE} covered-table-cell"):
            self.in_cell = True
            self.cell_repeat = self._repeat(attributes, "number-columns-repeated")
            self.cell_has_value = f"{_ODS_OFFICE} value-type" in attributes
        elif self.in_cell:
            self.cell_has_value = True  # a paragraph, a link, an annotation: calamine keeps the cell

    def end(self, name: str) -> None:
        if name in (f"{_ODS_TABLE} table-cell", f"{_ODS_TABLE} covered-table-cell"):
            self.in_cell = False
            self.column += self.cell_repeat
            if self.cell_has_value:
                self.row_last_column = self.column
                self.row_cells += self.cell_repeat
                if self.column > self.limits.max_columns:
                    self._over(rows=self.row + 1, columns=self.column)
        elif name == f"{_ODS_TABLE} table-row":
            self.row += self.row_repeat
            if self.row_last_column:
                extent = self.extent
                extent.rows = self.row
                extent.columns = max(extent.columns, self.row_last_column)
                extent.cells += self.row_cells * self.row_repeat
                extent.check(self.limits)

    def _repeat(self, attributes: dict, name: str) -> int:
        value = attributes.get(f"{_ODS_TABLE} {name}", "1")
        return int(value) if value.isdigit() and len(value) < 10 else 10**9

    def _over(self, *, rows: int, columns: int) -> None:
        _Extent(self.extent.where, rows=rows, columns=columns).check(self.limits)


def _scan_ods_content(chunks: Iterator[bytes], limits: UploadLimits) -> None:
    scanner = _OdsScanner(limits)
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = scanner.start
    parser.EndElementHandler = scanner.end

    def refuse_entities(*_args):
        raise UploadRefused("Le classeur déclare des entités XML : il est refusé par sécurité.")

    parser.EntityDeclHandler = refuse_entities
    try:
        for chunk in chunks:
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except expat.ExpatError:
        raise UploadRefused(
            "Le classeur ODS est endommagé (contenu XML illisible) : enregistrez-le à nouveau."
        ) from None


# BIFF record types that carry a cell (row and column in their first four bytes).
_BIFF_CELLS = {0x0006, 0x00FD, 0x0201, 0x0203, 0x0204, 0x0205, 0x027E, 0x0406}
_BIFF_MULTIPLE = {0x00BD, 0x00BE}  # MULRK, MULBLANK: first column, …, last column
_BIFF_DIMENSIONS = 0x0200
_BIFF_BOF = 0x0809


def _check_xls(path: Path, limits: UploadLimits) -> None:
    """The cell records of every sheet (calamine reads them all when it opens the file)."""
    import olefile

    try:
        with olefile.OleFileIO(str(path)) as container:
            stream = next((name for name in (["Workbook"], ["Book"]) if container.exists("/".join(name))), None)
            if stream is None:
                raise UploadRefused("Le classeur XLS ne contient pas de feuille lisible : enregistrez-le en XLSX.")
            data = container.openstream(stream).read()
    except UploadRefused:
        raise
    except Exception:  # olefile raises OSError and its own types for damaged containers
        raise UploadRefused(
            "Le classeur XLS est endommagé : enregistrez-le à nouveau (en XLSX de préférence)."
        ) from None
    sheet = 0
    extent = _Extent("La feuille")
    position = 0
    while position + 4 <= len(data):
        kind = int.from_bytes(data[position : position + 2], "little")
        length = int.from_bytes(data[position + 2 : position + 4], "little")
        body = data[position + 4 : position + 4 + length]
        position += 4 + length
        if kind == _BIFF_BOF:
            extent.check(limits)
            sheet += 1
            extent = _Extent(f"La feuille n° {max(sheet - 1, 1)}")
        elif kind == _BIFF_DIMENSIONS and len(body) >= 12:
            last_row = int.from_bytes(body[4:8], "little")
            last_column = int.from_bytes(body[10:12], "little")
            declared = _Extent(
                extent.where, rows=last_row, columns=last_column, reach="déclare une plage allant jusqu'à"
            )
            declared.check(limits)
        elif kind in _BIFF_CELLS and len(body) >= 4:
            extent.rows = max(extent.rows, int.from_bytes(body[0:2], "little") + 1)
            extent.columns = max(extent.columns, int.from_bytes(body[2:4], "little") + 1)
            extent.cells += 1
        elif kind in _BIFF_MULTIPLE and len(body) >= 6:
            extent.rows = max(extent.rows, int.from_bytes(body[0:2], "little") + 1)
            extent.columns = max(extent.columns, int.from_bytes(body[-2:], "little") + 1)
            extent.cells += max(int.from_bytes(body[-2:], "little") - int.from_bytes(body[2:4], "little") + 1, 0)
    extent.check(limits)


# --- CSV -----------------------------------------------------------------------------------


def csv_rows(lines: Iterable[str], *, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """(line where the row starts, cells) for each row; UploadRefused naming the line at the first
    row, column or cell over the limits — before the rest of the file is read."""
    limits = upload_limits()
    reader = csv.reader(lines, delimiter=delimiter)
    count = 0
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            # csv's own messages are English and name no column: a cell over csv's field limit
            # (128 Kio) or a NUL byte.
            if "field larger than field limit" in str(error):
                raise UploadRefused(
                    f"Ligne {_number(start)} : une cellule dépasse {_number(limits.max_cell_chars)} caractères "
                    "(guillemet non refermé ?). Corrigez le fichier."
                ) from None
            raise UploadRefused(
                f"Ligne {_number(start)} : ligne illisible (caractère nul ou guillemet mal placé). "
                "Vérifiez qu'il s'agit bien d'un fichier CSV."
            ) from None
        count += 1
        if count > limits.max_rows:
            raise UploadRefused(
                f"Ligne {_number(start)} : le fichier dépasse {_number(limits.max_rows)} lignes. "
                "Découpez-le (par période ou par site)."
            )
        if len(cells) > limits.max_columns:
            raise UploadRefused(
                f"Ligne {_number(start)} : {_number(len(cells))} colonnes, au plus {_number(limits.max_columns)}. "
                "Vérifiez le séparateur ou supprimez les colonnes inutiles."
            )
        for index, cell in enumerate(cells):
            if len(cell) > limits.max_cell_chars:
                raise UploadRefused(
                    f"Ligne {_number(start)}, colonne {index + 1} : une cellule de {_number(len(cell))} caractères, "
                    f"au plus {_number(limits.max_cell_chars)}. Corrigez le fichier."
                )
        yield start, cells


def check_csv_length(lines: Callable[[], Iterable[str]], *, delimiter: str, line_count: int) -> None:
    """Refuses a CSV of more rows than the limit before its caller parses any: counting rows
    takes a second for a million, importing them takes minutes. `line_count` (newlines) may
    exceed the rows (a quoted cell spans lines): only then are the rows counted."""
    if line_count > upload_limits().max_rows:
        for _row in csv_rows(lines(), delimiter=delimiter):
            pass


# --- images --------------------------------------------------------------------------------


IMAGE_FORMATS = {"PNG": "png", "JPEG": "jpg"}


def bounded_image(uploaded) -> SimpleUploadedFile:
    """The uploaded PNG or JPEG, refused above the pixel limit before it is decoded, and
    downscaled to the side limit (a logo needs no more; the PDF and the slides embed it)."""
    from PIL import Image

    limits = upload_limits()
    uploaded.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(uploaded)  # reads the header only
    except Image.DecompressionBombError:
        raise UploadRefused(_too_many_pixels(None, None, limits)) from None
    except Exception:
        raise UploadRefused("Le fichier n'est pas une image PNG ou JPEG lisible.") from None
    with image:
        width, height = image.size
        if width * height > limits.max_image_pixels:
            raise UploadRefused(_too_many_pixels(width, height, limits))
        if image.format not in IMAGE_FORMATS:
            raise UploadRefused(f"Image au format {image.format} : déposez une image PNG ou JPEG.")
        side = limits.image_side
        if image.format == "JPEG":
            image.draft("RGB", (side, side))  # decodes at a reduced scale
        try:
            image.load()
        except Exception:
            raise UploadRefused("L'image est endommagée : enregistrez-la à nouveau en PNG ou JPEG.") from None
        image.thumbnail((side, side))
        output = io.BytesIO()
        if image.format == "JPEG" or image.mode == "CMYK":
            image.convert("RGB").save(output, "JPEG", quality=90)
            extension, content_type = "jpg", "image/jpeg"
        else:
            image.save(output, "PNG", optimize=True)
            extension, content_type = "png", "image/png"
    stem = Path(getattr(uploaded, "name", "") or "logo").stem[:80] or "logo"
    return SimpleUploadedFile(f"{stem}.{extension}", output.getvalue(), content_type)


def image_within_limits(path: str | Path) -> bool:
    """Whether a stored image (a logo kept from before the limits) may be given to a renderer."""
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                width, height = image.size
    except Exception:  # unreadable, missing, or a decompression bomb by Pillow's own measure
        return False
    return width * height <= upload_limits().max_image_pixels


def _too_many_pixels(width: int | None, height: int | None, limits: UploadLimits) -> str:
    size = f"{_number(width)} × {_number(height)} pixels" if width else "trop de pixels"
    return (
        f"Image trop grande ({size}) : au plus {_number(limits.max_image_pixels // 1_000_000)} millions de pixels. "
        f"Réduisez-la (un logo de {_number(limits.image_side)} pixels de côté suffit)."
    )


class LogoField(forms.ImageField):
    """An image field whose file is checked for size and pixels before Pillow decodes it, then
    downscaled: the renderers never see more than `GOUVERNAIL_IMAGE_MAX_SIDE` pixels of side."""

    def to_python(self, data):
        if data in self.empty_values:
            return None
        validate_upload_size(data)
        try:
            bounded = bounded_image(data)
        except UploadRefused as error:
            raise forms.ValidationError(str(error), code="invalid_image") from None
        return super().to_python(bounded)
