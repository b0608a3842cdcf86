"""Reads the session export of the EPN software (CSV) into rows ready to store.

Columns (any order, accents and case ignored): date, heure, durée, usager (or identifiant),
atelier, site; `date`, `durée` and `usager` are required. Separator `;` or `,` (or tab);
encoding UTF-8 (with or without BOM) or Windows-1252; dates dd/mm/yyyy (ISO yyyy-mm-dd also
read). Any error is reported in French with its line and column, and nothing is kept: the
file is read whole before anything is written. Rows, columns and cells are bounded by
`core.uploads` (a 1 MB cell or a million rows: refused at their line). The visitor identifier is hashed as it is read
(`epn.models.visitor_key`) and dropped.
"""

import io
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.utils import timezone

from gouvernail.core.models import Organisation, Site
from gouvernail.core.uploads import UploadRefused, check_csv_length, check_upload_size, csv_rows, pending_dir
from gouvernail.epn.models import VisitorKeySalt, visitor_key

__all__ = ("EpnImportError", "ParsedImport", "SessionRow", "parse_sessions")

MAX_ERRORS = 30
MAX_MINUTES = 24 * 60

# Column → accepted header spellings, once lower-cased, stripped of accents and of spaces around « / ».
COLUMNS: dict[str, tuple[str, ...]] = {
    "date": ("date", "jour", "date de la seance", "date de seance"),
    "heure": ("heure", "heure de debut", "debut", "horaire"),
    "durée": ("duree", "duree (min)", "duree (minutes)", "duree en minutes", "temps"),
    "usager": ("usager", "identifiant", "usager/identifiant", "identifiant usager", "id usager", "adherent", "carte"),
    "atelier": ("atelier", "activite", "nom de l'atelier"),
    "site": ("site", "lieu", "espace", "epn"),
}
REQUIRED = ("date", "durée", "usager")
FREE_ACCESS = {"", "-", "acces libre", "libre", "libre acces", "aucun"}


class EpnImportError(Exception):
    """The file cannot be imported; `errors` says why, line by line, in French."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join(errors))


@dataclass(frozen=True)
class SessionRow:
    held_on: date
    start_time: time | None
    duration_minutes: int
    visitor_key: str
    workshop: str
    site_id: int | None


@dataclass
class ParsedImport:
    rows: list[SessionRow]
    encoding: str
    delimiter: str
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def first_date(self) -> date:
        return min(row.held_on for row in self.rows)

    @property
    def last_date(self) -> date:
        return max(row.held_on for row in self.rows)

    @property
    def site_ids(self) -> set[int | None]:
        return {row.site_id for row in self.rows}


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.strip().lstrip("\ufeff")).encode("ascii", "ignore").decode()
    return re.sub(r"\s*/\s*", "/", re.sub(r"\s+", " ", text.lower()))


_HEADERS = {spelling: column for column, spellings in COLUMNS.items() for spelling in spellings}


def decode(data: bytes) -> tuple[str, str]:
    if b"\x00" in data[:4096]:
        raise EpnImportError(["Le fichier n'est pas un fichier texte CSV (un classeur Excel ? enregistrez-le en CSV)."])
    try:
        return data.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError as error:
        raise EpnImportError(
            [f"Encodage non reconnu (octet {error.object[error.start]:#04x}) : enregistrez le fichier en UTF-8."]
        ) from error


def sniff_delimiter(header_line: str) -> str:
    counts = {delimiter: header_line.count(delimiter) for delimiter in (";", ",", "\t")}
    return max(counts, key=counts.get) if any(counts.values()) else ";"


def parse_date(value: str) -> date:
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            parsed = datetime.strptime(value, pattern).date()
        except ValueError:
            continue
        if pattern == "%d/%m/%Y" and not re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}", value):
            continue
        return parsed
    raise ValueError(f"« {value} » n'est pas une date au format jj/mm/aaaa")


def parse_time(value: str) -> time | None:
    if not value:
        return None
    match = re.fullmatch(r"(\d{1,2})\s*[:hH]\s*(\d{2})?(?::(\d{2}))?", value)
    if match:
        hours, minutes = int(match.group(1)), int(match.group(2) or 0)
        if hours < 24 and minutes < 60:
            return time(hours, minutes)
    raise ValueError(f"« {value} » n'est pas une heure (hh:mm)")


def parse_duration(value: str) -> int:
    """Minutes from « 90 », « 90 min », « 1:30 », « 01:30:00 » or « 1h30 »."""
    text = value.strip().lower()
    if match := re.fullmatch(r"(\d+)\s*(?:min|mn|minutes?)?", text):
        minutes = int(match.group(1))
    elif match := re.fullmatch(r"(\d{1,2}):(\d{2})(?::(\d{2}))?", text):
        minutes = int(match.group(1)) * 60 + int(match.group(2)) + (1 if int(match.group(3) or 0) >= 30 else 0)
    elif match := re.fullmatch(r"(\d{1,2})\s*h\s*(\d{1,2})?(?:\s*(?:min|mn))?", text):
        minutes = int(match.group(1)) * 60 + int(match.group(2) or 0)
    else:
        raise ValueError(f"« {value} » n'est pas une durée (minutes, « 1:30 » ou « 1h30 »)")
    if minutes <= 0:
        raise ValueError("la durée doit être d'au moins une minute")
    if minutes > MAX_MINUTES:
        raise ValueError(f"« {value} » dépasse 24 heures")
    return minutes


def parse_sessions(data: bytes, *, organisation: Organisation, today: date | None = None) -> ParsedImport:
    """Every session of the file, or EpnImportError with every problem found (up to MAX_ERRORS)."""
    try:
        check_upload_size(len(data))
    except UploadRefused as error:
        raise EpnImportError([str(error)]) from None
    if not data.strip():
        raise EpnImportError(["Le fichier est vide."])
    text, encoding = decode(data)
    delimiter = sniff_delimiter(next((line for line in io.StringIO(text) if line.strip()), ""))
    try:
        check_csv_length(lambda: io.StringIO(text), delimiter=delimiter, line_count=text.count("\n"))
        return _parse_rows(csv_rows(io.StringIO(text), delimiter=delimiter), organisation, today, encoding, delimiter)
    except UploadRefused as error:
        raise EpnImportError([str(error)]) from None


def _parse_rows(reader, organisation: Organisation, today: date | None, encoding: str, delimiter: str) -> ParsedImport:
    header = next((cells for _line, cells in reader if any(cell.strip() for cell in cells)), None)
    if header is None:
        raise EpnImportError(["Le fichier est vide."])
    positions, ignored, errors = _read_header(header)
    if errors:
        raise EpnImportError(errors)
    today = today or timezone.localdate()
    sites = {normalise(site.name): site.pk for site in Site.objects.filter(organisation=organisation)}
    salt = VisitorKeySalt.for_organisation(organisation)
    rows: list[SessionRow] = []
    for line, cells in reader:
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(header) and any(cell.strip() for cell in cells[len(header) :]):
            errors.append(
                f"Ligne {line} : {len(cells)} valeurs pour {len(header)} colonnes "
                f"(séparateur « {delimiter} » dans une valeur ?)."
            )
            continue
        row = _read_row(cells, positions, line, sites, salt, today, errors)
        if row is not None:
            rows.append(row)
        if len(errors) > MAX_ERRORS:
            break
    if errors:
        if len(errors) > MAX_ERRORS:
            errors = [*errors[:MAX_ERRORS], "… et d'autres erreurs : corrigez les premières puis recommencez."]
        raise EpnImportError(errors)
    if not rows:
        raise EpnImportError(["Le fichier ne contient aucune séance (seulement la ligne d'en-tête)."])
    return ParsedImport(rows=rows, encoding=encoding, delimiter=delimiter, ignored_columns=ignored)


def _read_header(header: list[str]) -> tuple[dict[str, int], list[str], list[str]]:
    positions: dict[str, int] = {}
    ignored, errors = [], []
    for index, title in enumerate(header):
        column = _HEADERS.get(normalise(title))
        if column is None:
            if title.strip():
                ignored.append(title.strip())
            continue
        if column in positions:
            first = header[positions[column]].strip()
            errors.append(f"Ligne 1 : la colonne « {column} » apparaît deux fois (« {first} » et « {title.strip()} »).")
        positions[column] = index
    missing = [column for column in REQUIRED if column not in positions]
    if missing:
        found = ", ".join(f"« {title.strip()} »" for title in header if title.strip()) or "aucune"
        names = ", ".join(f"« {column} »" for column in missing)
        errors.append(f"Ligne 1 : colonne(s) obligatoire(s) absente(s) : {names}. Colonnes trouvées : {found}.")
    return positions, ignored, errors


def _read_row(cells, positions, line, sites, salt, today, errors) -> SessionRow | None:
    def cell(column: str) -> str:
        index = positions.get(column)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    before = len(errors)
    values = {}
    for column, parser in (("date", parse_date), ("heure", parse_time), ("durée", parse_duration)):
        raw = cell(column)
        if not raw and column in REQUIRED:
            errors.append(f"Ligne {line}, colonne « {column} » : valeur manquante.")
            continue
        try:
            values[column] = parser(raw)
        except ValueError as error:
            errors.append(f"Ligne {line}, colonne « {column} » : {error}.")
    if "date" in values and values["date"] > today:
        errors.append(f"Ligne {line}, colonne « date » : le {values['date']:%d/%m/%Y} est dans le futur.")
    identifier = cell("usager")
    if not identifier:
        errors.append(f"Ligne {line}, colonne « usager » : valeur manquante.")
    workshop = cell("atelier")
    if normalise(workshop) in FREE_ACCESS:
        workshop = ""
    if len(workshop) > 200:
        errors.append(f"Ligne {line}, colonne « atelier » : plus de 200 caractères.")
    site_name, site_id = cell("site"), None
    if site_name:
        site_id = sites.get(normalise(site_name))
        if site_id is None:
            errors.append(
                f"Ligne {line}, colonne « site » : « {site_name} » n'est pas un site de l'organisation "
                "(créez-le dans le référentiel ou corrigez le fichier)."
            )
    if len(errors) > before:
        return None
    return SessionRow(
        held_on=values["date"],
        start_time=values.get("heure"),
        duration_minutes=values["durée"],
        visitor_key=visitor_key(salt, identifier),
        workshop=workshop,
        site_id=site_id,
    )


# A previewed import waits on disk, one row per list, until it is confirmed (epn.tasks).
def pending_path(token: str):
    # The token comes from the session, never from the request: no path can be forged.
    return pending_dir() / f"{token}.epn.json"


def row_dump(row: SessionRow) -> list:
    start = row.start_time.strftime("%H:%M") if row.start_time else ""
    return [row.held_on.isoformat(), start, row.duration_minutes, row.visitor_key, row.workshop, row.site_id]


def row_load(data: list) -> SessionRow:
    held_on, start, minutes, key, workshop, site_id = data
    return SessionRow(
        held_on=date.fromisoformat(held_on),
        start_time=time.fromisoformat(start) if start else None,
        duration_minutes=minutes,
        visitor_key=key,
        workshop=workshop,
        site_id=site_id,
    )
