"""Hostile spreadsheets are refused in French before the reader allocates: each is read in a
child process allowed 768 MB more, so a missing guard fails the test instead of the machine."""

import struct
import zipfile

import pytest

from gouvernail.connectors.spreadsheet.reader import ImportFileError, open_table
from gouvernail.testing.hostile import (
    csv_with_rows,
    ods_text_cell,
    ods_with_rows,
    within_memory,
    xls_with_numbers,
    xlsx_with_cells,
    xlsx_with_padding,
)


def read(path):
    """Opens the table and walks its rows: what an import does."""
    table = open_table(path)
    return table.format, sum(1 for _row in table.rows())


def refusal(path) -> str:
    with pytest.raises(ImportFileError) as refused:
        within_memory(read, path)
    return str(refused.value)


def test_an_xlsx_declaring_a1_to_zz1000000_is_refused_before_calamine_allocates_22_gb(tmp_path):
    # The file: 2 KB, one cell at A1, one at ZZ1000000, dimension A1:ZZ1000000.
    path = xlsx_with_cells(tmp_path / "parc.xlsx", {"A1": "a", "ZZ1000000": "z"}, dimension="A1:ZZ1000000")

    message = refusal(path)

    assert path.stat().st_size < 2048
    assert message == (
        "La feuille déclare une plage de cellules allant jusqu'à la ligne 1\u202f000\u202f000 : "
        "au plus 200\u202f000 lignes. Découpez le fichier."
    )


def test_an_xlsx_whose_cells_reach_past_their_declared_dimension_is_refused(tmp_path):
    path = xlsx_with_cells(tmp_path / "parc.xlsx", {"A1": "a", "ZZ1000": "z"}, dimension="A1:B2")

    assert refusal(path) == (
        "La feuille a des cellules jusqu'à la colonne ZZ (702e colonne) : au plus 200 colonnes (jusqu'à GR). "
        "Supprimez les colonnes inutiles."
    )


def test_an_xlsx_is_read_up_to_column_gr_and_refused_at_column_gs(tmp_path):
    widest = xlsx_with_cells(tmp_path / "gr.xlsx", {"A1": "a", "GR1": "z"})
    too_wide = xlsx_with_cells(tmp_path / "gs.xlsx", {"A1": "a", "GS1": "z"})

    assert within_memory(read, widest) == ("xlsx", 1)
    assert "jusqu'à la colonne GS (201e colonne)" in refusal(too_wide)


def test_a_zip_bomb_member_is_refused_by_its_compression_ratio(tmp_path):
    path = xlsx_with_padding(tmp_path / "parc.xlsx", 20 * 1024 * 1024)

    message = refusal(path)

    assert path.stat().st_size < 64 * 1024
    assert message.startswith("Le classeur est anormalement compressé (partie « xl/worksheets/sheet1.xml » : ")


def test_a_workbook_expanding_past_the_limit_is_refused_whatever_its_ratio(tmp_path, settings):
    settings.GOUVERNAIL_IMPORT_MAX_EXPANDED_BYTES = 8 * 1024 * 1024
    settings.GOUVERNAIL_IMPORT_MAX_COMPRESSION_RATIO = 10**6
    path = xlsx_with_padding(tmp_path / "parc.xlsx", 10 * 1024 * 1024)

    assert refusal(path) == (
        "Le classeur décompressé dépasse 8 Mo (partie « xl/worksheets/sheet1.xml ») : "
        "enregistrez-le en CSV ou découpez-le."
    )


def test_a_member_whose_header_understates_its_size_is_refused(tmp_path):
    path = xlsx_with_padding(tmp_path / "parc.xlsx", 512 * 1024)
    _declare_size(path, "xl/worksheets/sheet1.xml", 1000)

    assert refusal(path) == "Le classeur est une archive ZIP endommagée ou chiffrée : enregistrez-le à nouveau."


def test_a_member_whose_compressed_data_is_corrupt_is_refused(tmp_path):
    path = xlsx_with_padding(tmp_path / "parc.xlsx", 512 * 1024)
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    data = bytearray(path.read_bytes())
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    data[start : start + 16] = b"\xff" * 16
    path.write_bytes(bytes(data))

    assert refusal(path) == "Le classeur est une archive ZIP endommagée ou chiffrée : enregistrez-le à nouveau."


def _declare_size(path, name: str, size: int) -> None:
    """Rewrites the uncompressed size the local and central headers give for `name`."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(name)
    struct.pack_into("<I", data, info.header_offset + 22, size)
    central = next(
        offset for offset in _all(data, b"PK\x01\x02") if data[offset + 46 : offset + 46 + len(name)] == name.encode()
    )
    struct.pack_into("<I", data, central + 24, size)
    path.write_bytes(bytes(data))


def _all(data: bytes, needle: bytes):
    start = data.find(needle)
    while start >= 0:
        yield start
        start = data.find(needle, start + 1)


def test_an_ods_with_a_million_repeated_rows_is_refused(tmp_path):
    row = f'<table:table-row table:number-rows-repeated="1000000">{ods_text_cell("x")}</table:table-row>'
    path = ods_with_rows(tmp_path / "parc.ods", row)

    assert refusal(path) == (
        "La feuille n° 1 (Feuille1) a des cellules jusqu'à la ligne 1\u202f000\u202f000 : "
        "au plus 200\u202f000 lignes. Découpez le fichier."
    )


def test_an_ods_whose_repeated_cells_cover_more_than_the_cell_limit_is_refused(tmp_path):
    # 150 000 rows × 150 columns: within each limit, 22.5 million cells (700 MB in calamine).
    row = f'<table:table-row table:number-rows-repeated="150000">{ods_text_cell("x", repeated=150)}</table:table-row>'
    path = ods_with_rows(tmp_path / "parc.ods", row)

    assert refusal(path).startswith(
        "La feuille n° 1 (Feuille1) couvre 150\u202f000 lignes × 150 colonnes : au plus 5\u202f000\u202f000 cellules."
    )


def test_an_ods_declaring_xml_entities_is_refused(tmp_path):
    path = ods_with_rows(tmp_path / "parc.ods", f"<table:table-row>{ods_text_cell('x')}</table:table-row>")
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    members["content.xml"] = members["content.xml"].replace(
        b"?>", b'?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>', 1
    )
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)

    assert refusal(path) == "Le classeur déclare des entités XML : il est refusé par sécurité."


def test_the_empty_rows_and_columns_libreoffice_writes_after_the_data_are_not_counted(tmp_path):
    rows = (
        f"<table:table-row>{ods_text_cell('a')}{ods_text_cell('b')}"
        '<table:table-cell table:number-columns-repeated="16382"/></table:table-row>'
        '<table:table-row table:number-rows-repeated="1048575">'
        '<table:table-cell table:number-columns-repeated="16384"/></table:table-row>'
    )
    path = ods_with_rows(tmp_path / "parc.ods", rows)

    assert within_memory(read, path) == ("ods", 1)


def test_a_small_xls_is_read_through_its_guard(tmp_path):
    path = xls_with_numbers(tmp_path / "parc.xls", {(0, 0): 1.0, (1, 2): 2.5})

    assert within_memory(read, path) == ("xls", 2)


def test_an_xls_whose_cells_lie_beyond_its_declared_dimension_is_refused(tmp_path):
    path = xls_with_numbers(tmp_path / "parc.xls", {(0, 0): 1.0, (0, 255): 2.0}, dimension=(1, 1))

    assert refusal(path) == (
        "La feuille n° 1 a des cellules jusqu'à la colonne IV (256e colonne) : au plus 200 colonnes (jusqu'à GR). "
        "Supprimez les colonnes inutiles."
    )


def test_an_xls_of_two_cells_spanning_65536_rows_by_151_columns_is_refused(tmp_path):
    # 10 million cells: 316 MB of grid in calamine for a 5 KB file.
    path = xls_with_numbers(tmp_path / "parc.xls", {(0, 0): 1.0, (65_535, 150): 2.0})

    assert refusal(path).startswith(
        "La feuille n° 1 couvre 65\u202f536 lignes × 151 colonnes : au plus 5\u202f000\u202f000 cellules."
    )


def test_a_csv_with_a_one_megabyte_cell_is_refused_naming_its_line(tmp_path):
    path = csv_with_rows(tmp_path / "parc.csv", "Nom;Série", ["PC-1;SN-1", "PC-2;" + "x" * (1024 * 1024)])

    assert refusal(path) == (
        "Ligne 3 : une cellule dépasse 32\u202f767 caractères (guillemet non refermé ?). Corrigez le fichier."
    )


def test_a_csv_cell_over_excel_s_limit_is_refused_naming_its_line_and_column(tmp_path):
    path = csv_with_rows(tmp_path / "parc.csv", "Nom;Série", ["PC-1;" + "x" * 40_000])

    assert refusal(path) == (
        "Ligne 2, colonne 2 : une cellule de 40\u202f000 caractères, au plus 32\u202f767. Corrigez le fichier."
    )


def test_a_csv_of_1_2_million_rows_is_refused_at_the_first_row_over_the_limit(tmp_path):
    path = csv_with_rows(tmp_path / "parc.csv", "Nom;Série", (f"PC-{n};SN-{n}" for n in range(1_200_000)))

    with pytest.raises(ImportFileError) as refused:
        open_table(path)  # the row count comes before any row is imported

    assert str(refused.value) == (
        "Ligne 200\u202f001 : le fichier dépasse 200\u202f000 lignes. Découpez-le (par période ou par site)."
    )


def test_a_csv_wider_than_200_columns_is_refused_naming_its_line(tmp_path):
    path = csv_with_rows(tmp_path / "parc.csv", ";".join(f"C{n}" for n in range(201)), [])

    assert refusal(path) == (
        "Ligne 1 : 201 colonnes, au plus 200. Vérifiez le séparateur ou supprimez les colonnes inutiles."
    )
