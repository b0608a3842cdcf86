"""Hostile uploads, built small and fast: what each would cost a reader without guard is in its
docstring; the tests prove the guard refuses before that cost is paid.

`within_memory` runs a reader in a forked child under an address-space limit, so that a test of
a missing guard fails (the child dies or reports MemoryError) instead of taking the machine down.
"""

import io
import multiprocessing
import resource
import traceback
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path

__all__ = (
    "csv_with_rows",
    "huge_png",
    "ods_text_cell",
    "ods_with_rows",
    "within_memory",
    "xlsx_with_cells",
    "xlsx_with_padding",
)

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Feuil1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)
_SHEET_OPEN = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'


def _xlsx(path: Path, write_sheet: Callable[[io.RawIOBase], None]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            write_sheet(sheet)
    return path


def xlsx_with_cells(path: Path, cells: dict[str, str], *, dimension: str | None = None) -> Path:
    """An XLSX with text cells at the given references (`{"A1": "x", "ZZ1000000": "y"}`): with
    cells at A1 and ZZ1000000, calamine asks for 22 GB (one 32-byte slot per cell in between)."""
    rows: dict[int, list[tuple[str, str]]] = {}
    for reference, value in cells.items():
        number = int("".join(ch for ch in reference if ch.isdigit()))
        rows.setdefault(number, []).append((reference, value))
    body = "".join(
        f'<row r="{number}">'
        + "".join(f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>' for ref, value in row)
        + "</row>"
        for number, row in sorted(rows.items())
    )
    declared = f'<dimension ref="{dimension}"/>' if dimension else ""

    def write(sheet):
        sheet.write(f"{_SHEET_OPEN}{declared}<sheetData>{body}</sheetData></worksheet>".encode())

    return _xlsx(path, write)


def xlsx_with_padding(path: Path, expanded_bytes: int) -> Path:
    """A valid two-cell XLSX whose sheet carries `expanded_bytes` of XML comment: a few KB on
    disk, what the caller asks once inflated (the issue's bomb: 5 MB expanding to 1.3 GB)."""
    block = b"a" * (1024 * 1024)

    def write(sheet):
        sheet.write(f'{_SHEET_OPEN}<dimension ref="A1:B1"/><sheetData><!--'.encode())
        left = expanded_bytes
        while left > 0:
            sheet.write(block[: min(left, len(block))])
            left -= len(block)
        sheet.write(
            b'--><row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c>'
            b'<c r="B1" t="inlineStr"><is><t>b</t></is></c></row></sheetData></worksheet>'
        )

    return _xlsx(path, write)


def ods_with_rows(path: Path, rows_xml: str) -> Path:
    """An ODS whose first table is `rows_xml` (table:table-row elements, repeats welcome)."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="Feuille1">'
        f"{rows_xml}</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return path


def ods_text_cell(text: str, *, repeated: int = 1) -> str:
    repeat = f' table:number-columns-repeated="{repeated}"' if repeated > 1 else ""
    return f'<table:table-cell office:value-type="string"{repeat}><text:p>{text}</text:p></table:table-cell>'


def csv_with_rows(path: Path, header: str, rows: Iterable[str]) -> Path:
    """A CSV written line by line (1.2 million rows take a second and a few MB)."""
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write(header + "\n")
        for row in rows:
            handle.write(row + "\n")
    return path


def huge_png(width: int, height: int) -> bytes:
    """A one-bit PNG: 12 000 × 12 000 pixels weigh a few KB on disk and 576 MB once decoded in RGBA."""
    from PIL import Image

    output = io.BytesIO()
    Image.new("1", (width, height)).save(output, "PNG")
    return output.getvalue()


def within_memory(function: Callable, *args, megabytes: int = 768):
    """`function(*args)` in a forked child whose address space may grow by `megabytes` only: its
    result, its exception re-raised here, or AssertionError when it dies (out of memory)."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)

    def child():
        with open("/proc/self/status") as status:
            used = next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmSize:"))
        limit = used + megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        try:
            sender.send(("ok", function(*args)))
        except BaseException as error:  # sent back whole: the test asserts on it
            try:
                sender.send(("error", error))
            except Exception:
                sender.send(("error", RuntimeError(traceback.format_exc())))

    process = context.Process(target=child)
    process.start()
    sender.close()
    try:
        outcome, value = receiver.recv()
    except EOFError:
        process.join()
        raise AssertionError(f"the reader died (exit code {process.exitcode}): no guard refused the file") from None
    process.join()
    if outcome == "error":
        raise value
    return value
