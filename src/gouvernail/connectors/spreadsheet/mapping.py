"""Finds the header row of a file and proposes which column feeds which field.

A header is matched, in order, by a saved mapping of the organisation (the user's earlier
choice, reused), by the kind's synonym table (« N° de série », « S/N »…), then by a fuzzy
match (difflib) for the variants nobody listed (« Numero de serie du poste »).
"""

import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain

from gouvernail.connectors.spreadsheet.parsers import normalize, parse_text
from gouvernail.connectors.spreadsheet.reader import ImportFileError, Table
from gouvernail.connectors.spreadsheet.schemas import Kind

__all__ = ("ColumnMapping", "detect_header", "propose_mapping", "synonym_table")

HEADER_SCAN_ROWS = 30
FUZZY_CUTOFF = 0.82


def synonym_table(kind: Kind) -> dict[str, str]:
    table: dict[str, str] = {}
    for column in kind.columns:
        for word in (column.label, column.field, *column.synonyms):
            table.setdefault(normalize(word), column.field)
    return table


@dataclass
class ColumnMapping:
    """Which column (by index) feeds which field; `headers` as the file writes them."""

    header_row: int
    headers: list[str]
    fields: dict[int, str] = field(default_factory=dict)
    # How each mapped column was recognised: "enregistré", "synonyme" or "approché".
    how: dict[int, str] = field(default_factory=dict)

    def column_of(self, field_name: str) -> int | None:
        return next((index for index, name in self.fields.items() if name == field_name), None)

    def header_of(self, field_name: str, kind: Kind) -> str:
        index = self.column_of(field_name)
        if index is not None and self.headers[index]:
            return self.headers[index]
        return kind.by_field[field_name].label if field_name in kind.by_field else field_name

    def as_saved(self) -> dict[str, str]:
        """{normalized header: field or ""} — what a named mapping stores, ignored columns included."""
        saved = {}
        for index, header in enumerate(self.headers):
            key = normalize(header)
            if key:
                saved[key] = self.fields.get(index, "")
        return saved

    def missing_required(self, kind: Kind) -> list[str]:
        mapped = set(self.fields.values())
        return [column.label for column in kind.required if column.field not in mapped]

    def check(self, kind: Kind) -> None:
        missing = self.missing_required(kind)
        if missing:
            names = ", ".join(f"« {label} »" for label in missing)
            plural = "s obligatoires absentes" if len(missing) > 1 else " obligatoire absente"
            raise ImportFileError(f"Colonne{plural} : {names} (ligne d'en-tête {self.header_row}).")


def propose_mapping(kind: Kind, headers: list[str], saved: dict[str, str] | None = None) -> tuple[dict, dict]:
    """({column index: field}, {column index: how}) for one header row."""
    synonyms = synonym_table(kind)
    candidates = list(synonyms)
    fields: dict[int, str] = {}
    how: dict[int, str] = {}
    used: set[str] = set()
    # Saved and exact matches first, so a fuzzy guess never takes a field a later column names exactly.
    pending: list[tuple[int, str]] = []
    for index, header in enumerate(headers):
        key = normalize(header)
        if not key:
            continue
        if saved is not None and key in saved:
            target, source = saved[key], "enregistré"
        elif key in synonyms:
            target, source = synonyms[key], "synonyme"
        else:
            pending.append((index, key))
            continue
        if target and target in kind.by_field and target not in used:
            fields[index], how[index] = target, source
            used.add(target)
    for index, key in pending:
        for match in difflib.get_close_matches(key, candidates, n=3, cutoff=FUZZY_CUTOFF):
            if synonyms[match] not in used:
                fields[index], how[index] = synonyms[match], "approché"
                used.add(synonyms[match])
                break
    return dict(sorted(fields.items())), how


def _score(how: dict[int, str]) -> int:
    return sum(1 if source == "approché" else 2 for source in how.values())


def detect_header(
    table: Table, kind: Kind, saved: dict[str, str] | None = None
) -> tuple[ColumnMapping, Iterator[tuple[int, list]]]:
    """The header row (the one naming most known fields among the first rows) and the rows after it."""
    rows = table.rows()
    head: list[tuple[int, list]] = []
    for row in rows:
        head.append(row)
        if len(head) >= HEADER_SCAN_ROWS:
            break
    best: tuple[int, int, list[str], dict, dict] | None = None
    for position, (_number, cells) in enumerate(head):
        headers = [parse_text(cell) for cell in cells]
        if not any(headers):
            continue
        fields, how = propose_mapping(kind, headers, saved)
        score = _score(how)
        if score >= 2 and (best is None or score > best[0]):
            best = (score, position, headers, fields, how)
    if best is None:
        raise ImportFileError(
            f"Aucune ligne d'en-tête reconnue dans les {HEADER_SCAN_ROWS} premières lignes : "
            f"nommez les colonnes (par exemple « {kind.required[0].label} »)."
        )
    _, position, headers, fields, how = best
    mapping = ColumnMapping(header_row=head[position][0], headers=headers, fields=fields, how=how)
    rest: Iterable = chain(head[position + 1 :], rows)
    return mapping, iter(rest)
