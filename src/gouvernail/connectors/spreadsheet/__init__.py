"""Spreadsheet imports: read a messy XLSX/XLS/ODS/CSV file, map its columns, preview, commit.

reader   → rows of cells, whatever the format (merged cells filled, encodings and separators sniffed)
parsers  → one cell to one Python value, or a `CellError` with a French reason
schemas  → per kind (equipment, applications…): columns, synonyms, natural key, relations
mapping  → header-row detection and the proposed column → field mapping
engine   → the preview (dry run) and the atomic commit, batch by batch
"""
