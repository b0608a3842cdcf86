"""Lists and documents leaving Gouvernail: CSV / XLSX / ODS exports of a table, PDF by WeasyPrint.

A spreadsheet export is what a secretary opens and files: French headers (the columns' verbose
names), dates as dates shown dd/mm/yyyy (datetimes dd/mm/yyyy HH:MM, Europe/Paris time), Oui/Non,
amounts as numbers one can sum, and a first line « Exporté le … par <organisation> » above the
header, the header row frozen and filterable.

CSV stays machine-readable: the header is its first line and there is no « exporté le » line,
because a line above the header breaks every tool that re-imports the file (Calc's and Excel's
import wizards, pandas, a `csv.DictReader`) — the export date is in the file name instead.
Two CSV flavours are offered, because no single one opens right everywhere: « CSV (Excel) »
(`csv-excel`) is what a French Excel opens by a double click — `;` separator, decimal comma,
UTF-8 with a BOM; « CSV (standard) » (`csv`) is for tools — `,`, decimal point, plain UTF-8.
Dates follow the French display in both.

Exports scale: CSV is streamed row by row and XLSX written by openpyxl's write-only mode to a
temporary file, both from a queryset read in chunks (constant memory); a list longer than
`GOUVERNAIL_EXPORT_TASK_ROWS` is exported by the worker (see jobs.exports), never in the request.

Every cell a user typed passes through `export_cell` (the OWASP CSV-injection rule): a text
starting with `=`, `+`, `-`, `@`, a tab or a carriage return would be run as a formula by a
spreadsheet (`=HYPERLINK(…)`, DDE), so CSV prefixes it with `'` and XLSX / ODS store it as a
text cell, never a formula. Numbers stay numbers: a negative amount is a number, not a text.
"""

import csv
import io
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal

import django_tables2 as tables
from django.db import models
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django_tables2.rows import BoundRow

from gouvernail.core.formatting import display
from gouvernail.core.tables import AmountColumn, BooleanColumn

__all__ = (
    "CONTENT_TYPES",
    "EXPORT_FORMATS",
    "EXPORT_LABELS",
    "PdfUnavailable",
    "export_filename",
    "exported_line",
    "html_to_pdf",
    "pdf_document",
    "render_pdf",
    "describe_filters",
    "export_cell",
    "export_choices",
    "inert_workbook",
    "inert_xlsx_cell",
    "is_formula_like",
    "table_export_response",
    "table_pdf_response",
    "table_row_count",
    "table_values",
    "write_table_export",
)

EXPORT_FORMATS = ("csv-excel", "csv", "xlsx", "ods")
EXPORT_LABELS = {
    "csv-excel": "CSV (Excel)",
    "csv": "CSV (standard)",
    "xlsx": "Excel (XLSX)",
    "ods": "LibreOffice (ODS)",
    "pdf": "PDF",
}
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "csv-excel": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
DATE_FORMAT = "%d/%m/%Y"
DATETIME_FORMAT = "%d/%m/%Y %H:%M"

# Columns whose export value is the cell's raw value: for them the typed value (a date, a number)
# is taken rather than the text the page shows. A column or table with its own `value` keeps it.
_RAW_VALUE_METHODS = {
    tables.Column.value,
    tables.DateColumn.value,
    tables.DateTimeColumn.value,
    tables.BooleanColumn.value,
    BooleanColumn.value,
    AmountColumn.value,
}


# What makes a spreadsheet read a cell as a formula (OWASP, « CSV Injection »).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def export_choices(formats) -> list[tuple[str, str]]:
    """(format, label) of each export a list offers, in the order of its menu."""
    return [(export_format, EXPORT_LABELS[export_format]) for export_format in formats]


def is_formula_like(value) -> bool:
    """A text a spreadsheet would run as a formula; numbers (a negative amount) are not texts."""
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def export_cell(value):
    """A CSV cell made inert: a formula-like text gets a leading `'`, anything else is unchanged."""
    return f"'{value}" if is_formula_like(value) else value


def inert_xlsx_cell(cell):
    """An openpyxl cell holding a formula-like text stored as text (openpyxl makes any text
    starting with `=` a formula), with the quote prefix so that editing it in Excel does not
    turn it into one. The text itself is kept as typed."""
    if is_formula_like(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def inert_workbook(workbook):
    """Every text cell of a filled openpyxl workbook (several sheets, free layout) made inert."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                inert_xlsx_cell(cell)
    return workbook


def exported_line(organisation, *, now: datetime | None = None) -> str:
    when = timezone.localtime(now or timezone.now())
    return f"Exporté le {when:%d/%m/%Y} à {when:%H:%M} par {organisation}"


def export_filename(label: str, extension: str, *, today: date | None = None) -> str:
    today = today or timezone.localdate()
    return f"{slugify(label)}-{today:%Y-%m-%d}.{extension}"


#
# Tables → typed values
#


def _typed(value):
    """A cell value as a spreadsheet should hold it (None for an empty cell)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "Oui" if value else "Non"
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(tzinfo=None, second=0, microsecond=0)
    if isinstance(value, (date, Decimal, int, float)):
        return value
    return str(value)


def _cell(bound_row, bound_column):
    table = bound_row.table
    column = bound_column.column
    custom = hasattr(table, f"value_{bound_column.name}") or type(column).value not in _RAW_VALUE_METHODS
    if not custom:
        raw = bound_row._get_and_render_with(bound_column, render_func=lambda _column, value=None: value, default=None)
        if isinstance(raw, (models.Manager, models.QuerySet)):
            return _typed(bound_row.get_cell_value(bound_column.name))
        if isinstance(column, tables.BooleanColumn):
            return "Oui" if raw else "Non"
        return _typed(raw)
    return _typed(bound_row.get_cell_value(bound_column.name))


# Rows read from the database at a time by a streamed export.
CHUNK_SIZE = 2000


def _export_columns(table, exclude: tuple[str, ...]):
    return [
        column
        for column in table.columns.iterall()
        if not (column.column.exclude_from_export or column.name in exclude)
    ]


def _records(table) -> Iterable:
    """The table's records in its order; a queryset is read in chunks, never cached whole."""
    data = getattr(table.data, "data", None)
    if isinstance(data, models.QuerySet):
        return data.iterator(chunk_size=CHUNK_SIZE)
    return (row.record for row in table.rows)


def table_row_count(table) -> int:
    return len(table.data)


def table_stream(table, *, exclude: tuple[str, ...] = ("actions",)) -> tuple[list[str], Iterator[list]]:
    """The headers and an iterator of the typed rows of every row of the table (not only the
    current page), read lazily."""
    columns = _export_columns(table, exclude)
    headers = [str(column.header) for column in columns]
    rows = ([_cell(BoundRow(record, table=table), column) for column in columns] for record in _records(table))
    return headers, rows


def table_values(table, *, exclude: tuple[str, ...] = ("actions",)) -> tuple[list[str], list[list]]:
    """The headers and the typed rows of every row of the table (not only the current page)."""
    headers, rows = table_stream(table, exclude=exclude)
    return headers, list(rows)


def _text(value, *, decimal_comma: bool = False) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime(DATETIME_FORMAT)
    if isinstance(value, date):
        return value.strftime(DATE_FORMAT)
    if decimal_comma and isinstance(value, (Decimal, float)):
        # No thousands separator: Excel would then read the number as a text.
        return str(value).replace(".", ",")
    return str(value)


#
# Writers
#


class _Line:
    """A file-like object whose `write` returns what it is given: csv.writer then makes lines."""

    def write(self, text: str) -> str:
        return text


def _csv_chunks(headers, rows: Iterable, *, for_excel: bool = False) -> Iterator[bytes]:
    # No « exported on » line in CSV: see the module docstring.
    writer = csv.writer(_Line(), delimiter=";" if for_excel else ",")
    # The BOM is how Excel knows the file is UTF-8; tools reading the standard CSV do without.
    head = ("\ufeff" if for_excel else "") + writer.writerow([export_cell(header) for header in headers])
    yield head.encode("utf-8")
    lines = []
    for row in rows:
        # Neutralised before formatting: a negative number stays a number.
        lines.append(writer.writerow([_text(export_cell(value), decimal_comma=for_excel) for value in row]))
        if len(lines) >= 500:
            yield "".join(lines).encode("utf-8")
            lines = []
    if lines:
        yield "".join(lines).encode("utf-8")


def _csv(headers, rows, title_line, *, for_excel: bool = False) -> bytes:
    return b"".join(_csv_chunks(headers, rows, for_excel=for_excel))


# Rows read ahead to size the XLSX columns (write-only sheets take widths before any row).
WIDTH_SAMPLE = 200


def _xlsx_write(target, headers, rows: Iterable, title_line, sheet_title) -> None:
    """Writes the XLSX to `target` (a path or a binary file) with openpyxl's write-only mode:
    rows go to disk as they come, so memory stays flat whatever the length."""
    from itertools import chain, islice

    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    rows = iter(rows)
    sample = list(islice(rows, WIDTH_SAMPLE))
    workbook = Workbook(write_only=True)
    # Excel refuses these characters in a sheet name (« plans de continuité (PRA / PCA) »).
    sheet = workbook.create_sheet(re.sub(r"[\\[\]:*?/]", " ", sheet_title)[:31])
    for index, header in enumerate(headers, start=1):
        longest = max([len(header)] + [len(_text(row[index - 1])) for row in sample])
        sheet.column_dimensions[get_column_letter(index)].width = min(max(10, longest + 2), 60)
    sheet.freeze_panes = "A3"

    def cell(value, font=None):
        written = WriteOnlyCell(sheet, value=value)
        inert_xlsx_cell(written)
        if font is not None:
            written.font = font
        if isinstance(value, datetime):
            written.number_format = "DD/MM/YYYY HH:MM"
        elif isinstance(value, date):
            written.number_format = "DD/MM/YYYY"
        elif isinstance(value, Decimal):
            written.number_format = "#,##0.00" if value.as_tuple().exponent < 0 else "0"
        return written

    sheet.append([cell(title_line, Font(italic=True))])
    bold = Font(bold=True)
    sheet.append([cell(header, bold) for header in headers])
    count = 0
    for row in chain(sample, rows):
        sheet.append([cell(value) for value in row])
        count += 1
    if headers:
        sheet.auto_filter.ref = f"A2:{get_column_letter(len(headers))}{count + 2}"
    workbook.save(target)


def _xlsx(headers, rows, title_line, sheet_title) -> bytes:
    stream = io.BytesIO()
    _xlsx_write(stream, headers, rows, title_line, sheet_title)
    return stream.getvalue()


def _ods(headers, rows, title_line, sheet_title) -> bytes:
    from odf.number import DateStyle as NumberDateStyle
    from odf.number import Day, Hours, Minutes, Month, Text, Year
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.style import Style, TextProperties
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    date_format = NumberDateStyle(name="date-jj-mm-aaaa")
    datetime_format = NumberDateStyle(name="date-heure-jj-mm-aaaa")
    for number_style, with_time in ((date_format, False), (datetime_format, True)):
        number_style.addElement(Day(style="long"))
        number_style.addElement(Text(text="/"))
        number_style.addElement(Month(style="long"))
        number_style.addElement(Text(text="/"))
        number_style.addElement(Year(style="long"))
        if with_time:
            number_style.addElement(Text(text=" "))
            number_style.addElement(Hours(style="long"))
            number_style.addElement(Text(text=":"))
            number_style.addElement(Minutes(style="long"))
        document.automaticstyles.addElement(number_style)
    date_cell = Style(name="cellule-date", family="table-cell", datastylename="date-jj-mm-aaaa")
    datetime_cell = Style(name="cellule-date-heure", family="table-cell", datastylename="date-heure-jj-mm-aaaa")
    bold = Style(name="entete", family="table-cell")
    bold.addElement(TextProperties(fontweight="bold"))
    for style in (date_cell, datetime_cell, bold):
        document.automaticstyles.addElement(style)

    def cell(value, **extra):
        if value is None:
            return TableCell()
        if isinstance(value, datetime):
            node = TableCell(valuetype="date", datevalue=value.strftime("%Y-%m-%dT%H:%M:%S"), stylename=datetime_cell)
        elif isinstance(value, date):
            node = TableCell(valuetype="date", datevalue=value.isoformat(), stylename=date_cell)
        elif isinstance(value, (Decimal, int, float)):
            node = TableCell(valuetype="float", value=str(value))
        else:
            node = TableCell(valuetype="string", **extra)
        node.addElement(P(text=_text(value)))
        return node

    table = Table(name=sheet_title[:31])
    title_row = TableRow()
    title_row.addElement(cell(title_line))
    table.addElement(title_row)
    header_row = TableRow()
    for header in headers:
        header_row.addElement(cell(header, stylename=bold))
    table.addElement(header_row)
    for row in rows:
        table_row = TableRow()
        for value in row:
            table_row.addElement(cell(value))
        table.addElement(table_row)
    document.spreadsheet.addElement(table)
    stream = io.BytesIO()
    document.write(stream)
    return stream.getvalue()


class _ReadableAtOnce:
    """A streamed export whose `content` reads the whole stream once, for tests and tools that
    want the file at once; the server itself only streams it."""

    @property
    def content(self) -> bytes:
        if not hasattr(self, "_read"):
            self._read = b"".join(self.streaming_content)
        return self._read


class ExportStreamingResponse(_ReadableAtOnce, StreamingHttpResponse):
    pass


class ExportFileResponse(_ReadableAtOnce, FileResponse):
    pass


def _counted(rows: Iterable, progress: Callable[[int], None] | None, every: int = 1000) -> Iterator[list]:
    done = 0
    for row in rows:
        yield row
        done += 1
        if progress is not None and done % every == 0:
            progress(done)
    if progress is not None:
        progress(done)


def write_table_export(table, export_format: str, target, *, label: str, organisation, progress=None) -> str:
    """Writes the whole table in `export_format` to `target` (a binary file); returns the file's
    name. `progress(rows_written)` is called every thousand rows (it may raise to stop)."""
    headers, rows = table_stream(table)
    rows = _counted(rows, progress)
    title_line = exported_line(organisation)
    sheet_title = label[:1].upper() + label[1:]
    if export_format in ("csv", "csv-excel"):
        for chunk in _csv_chunks(headers, rows, for_excel=export_format == "csv-excel"):
            target.write(chunk)
    elif export_format == "xlsx":
        _xlsx_write(target, headers, rows, title_line, sheet_title)
    else:
        target.write(_ods(headers, list(rows), title_line, sheet_title))
    extension = "csv" if export_format == "csv-excel" else export_format
    return export_filename(label, extension)


def table_export_response(table, export_format: str, *, label: str, organisation) -> HttpResponse:
    """The whole table (every filtered row) as a CSV, XLSX or ODS download: CSV streamed, XLSX
    written to a temporary file first (a zip cannot be streamed as it is built)."""
    extension = "csv" if export_format == "csv-excel" else export_format
    filename = export_filename(label, extension)
    if export_format in ("csv", "csv-excel"):
        headers, rows = table_stream(table)
        response = ExportStreamingResponse(
            _csv_chunks(headers, rows, for_excel=export_format == "csv-excel"), content_type=CONTENT_TYPES["csv"]
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    if export_format == "xlsx":
        spool = tempfile.TemporaryFile()
        write_table_export(table, export_format, spool, label=label, organisation=organisation)
        spool.seek(0)
        return ExportFileResponse(spool, as_attachment=True, filename=filename, content_type=CONTENT_TYPES["xlsx"])
    headers, rows = table_values(table)
    title_line = exported_line(organisation)
    content = _ods(headers, rows, title_line, label[:1].upper() + label[1:])
    response = HttpResponse(content, content_type=CONTENT_TYPES[export_format])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def describe_filters(filterset) -> list[str]:
    """« Criticité : Critique », … for each filter the list was narrowed by (for a printed list)."""
    if filterset is None or not filterset.is_bound or not filterset.is_valid():
        return []
    described = []
    for name, field in filterset.form.fields.items():
        value = filterset.form.cleaned_data.get(name)
        if value in (None, "", [], ()) or (hasattr(value, "exists") and not value.exists()):
            continue
        if getattr(field, "choices", None) and not hasattr(value, "pk") and not hasattr(value, "exists"):
            labels = dict((str(k), v) for k, v in field.choices)
            values = value if isinstance(value, (list, tuple)) else [value]
            text = ", ".join(str(labels.get(str(v), v)) for v in values)
        elif hasattr(value, "exists"):
            text = ", ".join(str(v) for v in value)
        else:
            text = display(value)
        described.append(f"{field.label} : {text}")
    return described


def table_pdf_response(table, *, title: str, organisation, filterset=None) -> HttpResponse:
    """The filtered table as a landscape A4 PDF (the application map, the action plan)."""
    headers, rows = table_values(table)
    cells = [
        [{"text": display(value) or "", "is_number": isinstance(value, (Decimal, int, float))} for value in row]
        for row in rows
    ]
    context = {
        "title": title,
        "organisation": organisation,
        "headers": headers,
        "rows": cells,
        "filters": describe_filters(filterset),
        "exported_line": exported_line(organisation),
    }
    response = HttpResponse(render_pdf("core/object_list_pdf.html", context), content_type=CONTENT_TYPES["pdf"])
    response["Content-Disposition"] = f'attachment; filename="{export_filename(title, "pdf")}"'
    return response


#
# PDF (WeasyPrint)
#


class PdfUnavailable(Exception):
    """WeasyPrint cannot load on this server (Pango is missing)."""


def html_to_pdf(html: str) -> bytes:
    return pdf_document(html).write_pdf()


def pdf_document(html: str):
    """The laid-out WeasyPrint document (its `pages` can be counted and read back by tests)."""
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as error:  # OSError: the Pango library is not installed
        raise PdfUnavailable(
            "L'export PDF n'est pas disponible sur ce serveur : installez Pango "
            "(paquets libpango-1.0-0 et libpangoft2-1.0-0) ; les exports tableur restent disponibles."
        ) from error
    return HTML(string=html).render()


def render_pdf(template_name: str, context: dict) -> bytes:
    return html_to_pdf(render_to_string(template_name, context))


# A list too long to export within a request is handed to whoever registered here: the jobs
# app (its worker writes the file and the job's page offers it). Core knows nothing of jobs.
_long_export_start = None


def register_long_export(start) -> None:
    """`start(request=, label=, export_format=)` queues the export and returns its job."""
    global _long_export_start
    _long_export_start = start


def long_export_start():
    return _long_export_start
