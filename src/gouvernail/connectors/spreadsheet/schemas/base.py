"""What every kind of import is made of: a column (French label, header synonyms, parser),
the kind itself (its columns, the columns a file must have, its natural key), the choice parser
that reads a hand-kept file's abbreviations, and the header synonyms several kinds share."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.db import models

from gouvernail.connectors.spreadsheet.parsers import CellError, normalize, parse_text

__all__ = ("ABBREVIATION_MIN", "NOTES", "SERVICE", "SITE", "Column", "Kind", "choice_parser", "relation", "text")

# Abbreviations a hand-kept file uses for a choice: « recond. » for « reconditionné », « port »
# for « portable ». A typed word at least this long that starts one known word only is that word.
ABBREVIATION_MIN = 3


def choice_parser(choices: type[models.Choices] | list[tuple], synonyms: dict[str, object] | None = None) -> Callable:
    """A parser accepting a choice's label, its code or a usual synonym, accents, case, trailing
    dots and unambiguous abbreviations aside. `choices` is a choices class or some of its
    [(value, label)] (a decision's recorded outcomes only)."""
    pairs = list(choices.choices) if hasattr(choices, "choices") else [(value, str(label)) for value, label in choices]
    table = {normalize(label): value for value, label in pairs}
    table.update({normalize(value): value for value, _ in pairs})
    table.update({normalize(word): value for word, value in (synonyms or {}).items()})
    allowed = ", ".join(label for _, label in pairs)

    def lookup(key: str) -> str | None:
        if key in table:
            return table[key]
        if len(key) < ABBREVIATION_MIN:
            return None
        found = {value for word, value in table.items() if word.startswith(key)}
        return found.pop() if len(found) == 1 else None

    def parse(cell) -> str | None:
        text = parse_text(cell)
        if not text:
            return None
        value = lookup(normalize(text))
        if value is None:
            raise CellError(f"Valeur « {text[:60]} » non reconnue (valeurs possibles : {allowed}).")
        return value

    parse.allowed = allowed
    parse.choices = pairs
    return parse


@dataclass(frozen=True)
class Column:
    field: str
    label: str
    synonyms: tuple[str, ...] = ()
    parse: Callable = parse_text
    required: bool = False  # a file without this column is refused as a whole
    relation: str | None = None  # resolved by name: "site", "service", "vendor", "person", "contract"

    @property
    def choices(self) -> list[tuple] | None:
        """The allowed values [(value, label)] of a choice or yes/no column: an unknown value
        there can be mapped by the user to one of them (value mapping)."""
        return getattr(self.parse, "choices", None)


@dataclass(frozen=True)
class Kind:
    code: str
    label: str
    model_label: str
    columns: tuple[Column, ...]
    key_fields: tuple[str, ...]
    key_label: str
    # Fields unique within the organisation when not blank, besides the natural key (a person's
    # e-mail): a value already on another row, or earlier in the file, refuses the row.
    unique_fields: tuple[str, ...] = ()
    # The key two rows of one file must not share, from a row's parsed values (None: the row has
    # none); by default the first natural key field, normalised.
    file_key: Callable[[dict], tuple | None] | None = None
    # The template's sheet name when the label exceeds a sheet name's 31 characters.
    sheet: str = ""
    # What the import page says of this kind beyond its columns (where the rows go, what is final).
    note: str = ""
    by_field: dict = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        self.by_field.update({column.field: column for column in self.columns})

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.model_label)

    @property
    def domain(self) -> str:
        """The permission domain of the rows it writes: an import needs the right to edit them,
        besides the right to run imports (the register of decisions is governance's)."""
        return self.model.permission_domain

    @property
    def required(self) -> list[Column]:
        return [column for column in self.columns if column.required]

    @property
    def sheet_title(self) -> str:
        return (self.sheet or self.label)[:31]

    def row_key(self, values: dict) -> tuple | None:
        """The key two rows of one file must not share (None when the row has none)."""
        if self.file_key is not None:
            return self.file_key(values)
        value = values.get(self.key_fields[0])
        return (normalize(str(value)),) if value not in (None, "") else None


def text(field_name: str, label: str, *synonyms: str, required: bool = False) -> Column:
    return Column(field_name, label, synonyms, parse_text, required)


def relation(field_name: str, label: str, target: str, *synonyms: str, required: bool = False) -> Column:
    return Column(field_name, label, synonyms, parse_text, required, relation=target)


# The keys two rows of one file must not share, where the natural key is not one field.


# Header synonyms several kinds share.
SITE = ("Lieu", "Localisation", "Bâtiment", "Emplacement", "Site d'affectation", "Commune", "Implantation")
SERVICE = ("Direction", "Pôle", "Service d'affectation", "Département", "Service utilisateur")
NOTES = ("Remarques", "Remarque", "Commentaires", "Commentaire", "Observations", "Notes", "Note")
