"""Assertion helpers shared by the test suites of every app."""


def form_errors(response) -> dict[str, list[str]]:
    """The errors of the form a page showed again (status 200), by field."""
    assert response.status_code == 200, "the form should be shown again with its errors"
    return {field: list(errors) for field, errors in response.context["form"].errors.items()}


def read_export(response) -> tuple[list[str], list[dict]]:
    """The header and the rows of a list export, whatever its format (from its file name).

    A spreadsheet export (XLSX, ODS) starts with an « Exporté le … par … » line above the header;
    a CSV starts with the header. Cells come back as text (dates as the spreadsheet stores them).
    """
    import csv
    import io

    disposition = response["Content-Disposition"]
    extension = disposition.rsplit(".", 1)[1].rstrip('"')
    if extension == "csv":
        # « CSV (Excel) » starts with a BOM and separates with `;`; « CSV (standard) » neither.
        excel = response.content.startswith("\ufeff".encode())
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";" if excel else ","))
    elif extension == "xlsx":
        import openpyxl

        sheet = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True).active
        rows = [["" if cell is None else str(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]
        assert rows[0][0].startswith("Exporté le "), rows[0]
        # A streamed (write-only) sheet leaves out the empty cells at the end of a row.
        width = len(rows[1])
        rows = [row[:width] + [""] * (width - len(row)) for row in rows[1:]]
    else:
        import tablib

        dataset = tablib.Dataset().load(response.content, format=extension, skip_lines=1)
        rows = [list(dataset.headers)] + [["" if v is None else str(v) for v in row] for row in dataset]
    return rows[0], [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def fetch(sql: str, *params) -> list[tuple]:
    """Rows read with SQL written in the test, independently of the product's queries."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
