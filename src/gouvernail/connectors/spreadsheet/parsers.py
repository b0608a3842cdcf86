"""Cell parsers: a cell as a spreadsheet gives it (text, number, date, boolean, empty) → a Python value.

Each parser raises only `CellError` (a French reason, shown with the row and column) on bad
input; an empty cell gives None (or "" for text), meaning « not provided ».
"""

import math
import re
import unicodedata
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

__all__ = (
    "CellError",
    "normalize",
    "parse_bool",
    "parse_date",
    "parse_decimal",
    "parse_email",
    "parse_int",
    "parse_text",
)

# Spreadsheets count days from 30 December 1899 (Lotus' leap-year bug included).
SERIAL_EPOCH = date(1899, 12, 30)
MAX_SERIAL = (date(9999, 12, 31) - SERIAL_EPOCH).days
SPACES = re.compile(r"[\s\u00a0\u202f]+")
TRUE_WORDS = frozenset({"oui", "o", "yes", "y", "vrai", "true", "x", "1", "actif", "active"})
FALSE_WORDS = frozenset({"non", "n", "no", "faux", "false", "0", "inactif", "inactive"})
# Ticks and crosses, which `normalize` would erase (they are not letters).
TRUE_SIGNS = frozenset("✓✔☑☒✅")
FALSE_SIGNS = frozenset("✗✘☐❌")
DATE_PATTERNS = (
    # 12/03/2021, 12-03-21, 12.03.2021 (day first, as written in France)
    (re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$"), ("day", "month", "year")),
    # 2021-03-12, 2021/03/12 (ISO, what exports from other tools give)
    (re.compile(r"^(\d{4})[/.\-](\d{1,2})[/.\-](\d{1,2})$"), ("year", "month", "day")),
)
DATE_HINT = "attendu JJ/MM/AAAA"


class CellError(ValueError):
    """A cell that cannot be read as what its column expects. The message is French."""


@lru_cache(maxsize=8192)  # a file repeats its sites, types and headers on thousands of rows
def normalize(text: str) -> str:
    """« N° de Série » → « n de serie »: lower case, no accents, punctuation as spaces."""
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode("ascii").lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def _is_blank(value) -> bool:
    # `isspace` knows the same spaces as the pattern's \s (no-break ones included).
    return value is None or (isinstance(value, str) and (not value or value.isspace()))


def parse_text(value) -> str:
    if _is_blank(value):
        return ""
    if isinstance(value, bool):
        return "Oui" if value else "Non"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))  # a serial number typed as a number reads 1234.0
        return repr(value)
    if isinstance(value, datetime):
        return f"{value:%d/%m/%Y %H:%M}"
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    # As SPACES.sub(" ", …).strip(): `split` cuts at the same spaces, without a pattern.
    return " ".join(str(value).split())


def _from_serial(number: float) -> date:
    if not (1 <= number <= MAX_SERIAL):
        raise CellError(f"Date invalide : {parse_text(number)} ({DATE_HINT}).")
    return SERIAL_EPOCH + timedelta(days=int(number))


def _two_digit_year(year: int) -> int:
    # 21 → 2021, 85 → 1985: the nearest year to today within a century.
    pivot = (date.today().year + 20) % 100
    return 2000 + year if year <= pivot else 1900 + year


def parse_date(value) -> date | None:
    if _is_blank(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise CellError(f"Date invalide : {parse_text(value)} ({DATE_HINT}).")
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            raise CellError(f"Date invalide ({DATE_HINT}).")
        return _from_serial(value)
    text = SPACES.sub(" ", str(value)).strip()
    # « 2021-03-12 00:00:00 », « 12/03/2021 08:30 »: the time is dropped.
    text = text.split(" ", 1)[0] if " " in text else text
    # isdecimal, not isdigit: « ² » is a digit that int() refuses.
    if text.isdecimal() and len(text) <= 5:
        return _from_serial(int(text))
    for pattern, order in DATE_PATTERNS:
        match = pattern.match(text)
        if match is None:
            continue
        parts = dict(zip(order, (int(group) for group in match.groups()), strict=True))
        if len(match.group(order.index("year") + 1)) == 2:
            parts["year"] = _two_digit_year(parts["year"])
        try:
            return date(parts["year"], parts["month"], parts["day"])
        except ValueError:
            break
    raise CellError(f"Date invalide : « {text[:40]} » ({DATE_HINT}).")


def parse_decimal(value) -> Decimal | None:
    """« 1 234,56 », « 1234.56 », « 1.234,56 € », 1234.56 → Decimal('1234.56')."""
    if _is_blank(value):
        return None
    if isinstance(value, bool):
        raise CellError(f"Nombre invalide : {parse_text(value)}.")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise CellError("Nombre invalide.")
        return Decimal(repr(value))
    if not isinstance(value, str):
        raise CellError(f"Nombre invalide : « {parse_text(value)[:40]} ».")
    text = SPACES.sub("", value).replace("€", "").replace("'", "")
    if "," in text and "." in text:
        # The last separator is the decimal one: 1.234,56 (France) or 1,234.56 (English).
        thousands = "." if text.rfind(",") > text.rfind(".") else ","
        text = text.replace(thousands, "")
    if text.count(",") == 1:
        text = text.replace(",", ".")
    elif text.count(".") > 1 and "," not in text:
        text = text.replace(".", "")  # 1.234.567
    if not re.fullmatch(r"[+-]?\d{1,30}(\.\d{1,30})?", text):
        raise CellError(f"Nombre invalide : « {value.strip()[:40]} » (attendu par exemple 1 234,56).")
    try:
        return Decimal(text)
    except InvalidOperation:
        raise CellError(f"Nombre invalide : « {value.strip()[:40]} ».") from None


def parse_int(value) -> int | None:
    number = parse_decimal(value)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise CellError(f"Nombre entier attendu : {parse_text(value)[:40]}.")
    return int(number)


def parse_bool(value) -> bool | None:
    """« Oui » / « Non » (and x, vrai, 1…) → True / False; empty → None."""
    if _is_blank(value):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    text = parse_text(value)
    if text in TRUE_SIGNS:
        return True
    if text in FALSE_SIGNS or text in {"-", "–", "—"}:
        return False
    word = normalize(text)
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise CellError(f"Valeur « {parse_text(value)[:40]} » non reconnue (attendu Oui ou Non).")


# A yes/no column takes value mapping like a choice column: an unknown word mapped to Oui or Non.
parse_bool.choices = [(True, "Oui"), (False, "Non")]


def parse_email(value) -> str:
    """« Claire.Durand@Mairie.fr », « mailto:… », « <…> » → « claire.durand@mairie.fr »; empty → ""."""
    text = parse_text(value)
    if not text:
        return ""
    address = text.removeprefix("mailto:").removeprefix("MAILTO:").strip().strip("<>").strip().lower()
    try:
        validate_email(address)
    except ValidationError:
        raise CellError(
            f"Adresse e-mail invalide : « {text[:80]} » (attendu par exemple prenom.nom@mairie.fr)."
        ) from None
    return address
