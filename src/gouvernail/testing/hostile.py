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
    "xls_with_numbers",
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


def xls_with_numbers(
    path: Path, cells: dict[tuple[int, int], float], *, dimension: tuple[int, int] | None = None
) -> Path:
    """A BIFF8 workbook (XLS) of one sheet with NUMBER cells at (row, column), 0-based, in the
    smallest OLE2 container: calamine reads every sheet of an XLS into a grid when it opens it."""
    import struct

    def record(kind: int, body: bytes) -> bytes:
        return struct.pack("<HH", kind, len(body)) + body

    name = b"Feuil1"
    bof = struct.pack("<HHHHII", 0x0600, 0x0005, 0x0DBB, 0x07CC, 0, 0x06)
    globals_size = len(record(0x0809, bof)) + len(record(0x0085, b"\0" * (8 + len(name)))) + len(record(0x000A, b""))
    rows, columns = dimension or (max(r for r, _ in cells) + 1, max(c for _, c in cells) + 1)
    stream = (
        record(0x0809, bof)
        + record(0x0085, struct.pack("<IBBBB", globals_size, 0, 0, len(name), 0) + name)
        + record(0x000A, b"")
        + record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0010, 0x0DBB, 0x07CC, 0, 0x06))
        + record(0x0200, struct.pack("<IIHHH", 0, rows, 0, columns, 0))
        + b"".join(record(0x0203, struct.pack("<HHHd", r, c, 0, v)) for (r, c), v in sorted(cells.items()))
        + record(0x000A, b"")
    )
    stream = stream.ljust(4096, b"\0")  # under 4 096 bytes, a stream would live in the mini-stream
    sectors = (len(stream) + 511) // 512
    end, free, fat_sector, no_stream = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
    fat = [fat_sector, end] + [2 + n + 1 for n in range(sectors - 1)] + [end]
    fat += [free] * (128 - len(fat))
    header = (
        bytes.fromhex("D0CF11E0A1B11AE1")
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
        + struct.pack("<I", 0)
        + struct.pack("<I", free) * 108
    )

    def entry(label: str, kind: int, child: int, start: int, size: int) -> bytes:
        encoded = (label + "\0").encode("utf-16-le") if label else b""
        return (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBB", len(encoded), kind, 1)
            + struct.pack("<III", no_stream, no_stream, child)
            + b"\0" * 16
            + struct.pack("<I", 0)
            + b"\0" * 16
            + struct.pack("<III", start, size, 0)
        )

    directory = (
        entry("Root Entry", 5, 1, end, 0)
        + entry("Workbook", 2, no_stream, 2, len(stream))
        + entry("", 0, no_stream, 0, 0) * 2
    )
    path.write_bytes(header + struct.pack("<128I", *fat) + directory + stream.ljust(sectors * 512, b"\0"))
    return path


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
