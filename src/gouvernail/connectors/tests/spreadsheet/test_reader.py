from datetime import date

import pytest

from gouvernail.connectors.spreadsheet.mapping import detect_header
from gouvernail.connectors.spreadsheet.reader import ImportFileError, open_table, read_all
from gouvernail.connectors.spreadsheet.schemas import get_kind
from gouvernail.connectors.tests.spreadsheet.files import csv_file, ods, xlsx

EQUIPMENT = get_kind("equipment")
ROWS = [
    ["Inventaire du parc informatique — 2024"],
    [],
    ["Nom du poste", "N° de série", "Type", "Date d'achat", "Site"],
    ["PC-01", "SN-001", "PC portable", "12/03/2021", "Mairie"],
    ["PC-02", "SN-002", "PC fixe", "", "Médiathèque"],
]


def test_it_fills_merged_cells_with_their_top_left_value(tmp_path):
    path = xlsx(
        tmp_path / "parc.xlsx",
        [*ROWS, ["PC-03", "SN-003", "PC fixe", "", None]],
        merges=("A1:E1", "E5:E6"),
    )

    rows = dict(read_all(path))

    assert rows[5][4] == "Médiathèque"
    assert rows[6][4] == "Médiathèque"


def test_it_numbers_rows_as_the_spreadsheet_shows_them_even_after_blank_top_rows(tmp_path):
    path = xlsx(tmp_path / "parc.xlsx", [[], [], *ROWS])

    mapping, rows = detect_header(open_table(path), EQUIPMENT)

    assert mapping.header_row == 5
    assert [number for number, _ in rows] == [6, 7]


def test_it_reads_an_ods_file(tmp_path):
    path = ods(tmp_path / "parc.ods", ROWS)

    table = open_table(path)
    mapping, rows = detect_header(table, EQUIPMENT)

    assert table.format == "ods"
    assert mapping.header_row == 3
    assert next(rows)[1][:2] == ["PC-01", "SN-001"]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_it_sniffs_the_encoding_and_separator_of_a_csv_file(tmp_path, encoding, delimiter):
    path = csv_file(tmp_path / "parc.csv", ROWS, encoding=encoding, delimiter=delimiter)

    table = open_table(path)
    mapping, rows = detect_header(table, EQUIPMENT)

    assert table.delimiter == delimiter
    assert mapping.headers[1] == "N° de série"
    assert [cells[4] for _, cells in rows] == ["Mairie", "Médiathèque"]


def test_it_tells_the_format_by_content_not_by_name(tmp_path):
    path = xlsx(tmp_path / "parc.csv", ROWS)

    assert open_table(path).format == "xlsx"


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "vide"), (b"%PDF-1.7 binary", "Format inconnu"), (b"PK\x03\x04garbage", "ZIP")],
)
def test_it_refuses_a_file_that_is_no_spreadsheet(tmp_path, content, message):
    path = tmp_path / "parc.xlsx"
    path.write_bytes(content)

    with pytest.raises(ImportFileError, match=message):
        open_table(path)


def test_it_reads_spreadsheet_dates_and_serials_as_cells(tmp_path):
    path = xlsx(tmp_path / "parc.xlsx", [ROWS[2], ["PC-01", "SN", "PC fixe", date(2021, 3, 12), "Mairie"]])

    (_, header), (_, row) = read_all(path)

    assert row[3] == date(2021, 3, 12)


def test_it_fills_merged_cells_of_a_table_that_does_not_start_in_column_a(tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row_number, row in enumerate(ROWS[2:] + [["PC-03", "SN-003", "PC fixe", "", None]], start=2):
        for column, value in enumerate(row, start=3):
            sheet.cell(row=row_number, column=column, value=value)
    sheet.merge_cells("G4:G5")
    workbook.save(tmp_path / "parc.xlsx")

    rows = dict(read_all(tmp_path / "parc.xlsx"))

    assert rows[2][0] == "Nom du poste"
    assert rows[5][4] == "Médiathèque"


def test_a_table_read_several_times_reads_its_workbook_once(tmp_path, monkeypatch):
    from gouvernail.connectors.spreadsheet import reader

    path = xlsx(tmp_path / "parc.xlsx", ROWS)
    opened = []
    first_sheet = reader._first_sheet
    monkeypatch.setattr(reader, "_first_sheet", lambda path: opened.append(path) or first_sheet(path))
    table = open_table(path)

    passes = [list(table.rows()) for _ in range(3)]  # the header, the missing names, the rows

    assert len(opened) == 1
    assert passes[0] == passes[1] == passes[2] and passes[0][3] == (
        4,
        ["PC-01", "SN-001", "PC portable", "12/03/2021", "Mairie"],
    )
