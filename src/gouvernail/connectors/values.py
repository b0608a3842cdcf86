"""Lenient readers for the scalar values sources send: dates, epochs, numbers, booleans.

Mappers read remote JSON defensively — a field may be missing, null, a string where a number
was expected, or a "never" sentinel (Intune's 0001-01-01, Nextcloud's lastLogin 0). Each reader
returns None for "no value" rather than raising; mappers decide whether None is acceptable.
"""

from datetime import UTC, date, datetime, tzinfo
from typing import Any

from django.utils.dateparse import parse_date, parse_datetime

__all__ = (
    "as_bool",
    "as_int",
    "as_text",
    "clean_serial",
    "from_epoch",
    "normalise_email",
    "read_datetime",
    "to_date",
)

# Microsoft's "never" (DateTime.MinValue) and anything before a plausible first use.
_EARLIEST_REAL_DATE = datetime(1990, 1, 1, tzinfo=UTC)


def read_datetime(value: Any, *, assume: tzinfo = UTC) -> datetime | None:
    """An aware datetime from ISO 8601 text ("…Z", "+01:00", 7 fractional digits, or a bare
    date); None for empty values, unreadable text and sentinels before 1990. Text without an
    offset is read in `assume` (GLPI and GestSup write local time)."""
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, str) and value.strip():
        text = value.strip().replace(" ", "T", 1) if len(value.strip()) > 10 else value.strip()
        try:
            parsed = parse_datetime(text)
            if parsed is None and (day := parse_date(text)) is not None:
                parsed = datetime(day.year, day.month, day.day)
        except ValueError:
            return None
        if parsed is None:
            return None
    else:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=assume)
    return parsed if parsed >= _EARLIEST_REAL_DATE else None


def from_epoch(value: Any, *, milliseconds: bool = False) -> datetime | None:
    """An aware datetime from a Unix timestamp; None for 0, negatives and non-numbers."""
    number = as_int(value)
    if not number or number <= 0:
        return None
    seconds = number / 1000 if milliseconds else number
    try:
        return datetime.fromtimestamp(seconds, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None


def to_date(value: datetime | None) -> date | None:
    return value.date() if value is not None else None


def as_int(value: Any) -> int | None:
    """An int from an int, a float or numeric text ("331382784"); None otherwise. Booleans
    are not numbers here."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value)
    if isinstance(value, str):
        text = value.strip()
        try:
            return int(text)
        except ValueError:
            try:
                return int(float(text))
            except ValueError:
                return None
    return None


_TRUE = {"true", "1", "yes", "oui", "vrai", "enabled", "on"}
_FALSE = {"false", "0", "no", "non", "faux", "disabled", "off"}


def as_bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return bool(value)
    if isinstance(value, str):
        text = value.strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
    return None


def as_text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ("" if value is None else str(value))


def normalise_email(value: Any) -> str:
    """A source's address as the référentiel stores and looks up people's ones
    (`core.models.normalise_person_email`); "" when it does not look like one."""
    # Imported here: these parsers load before Django's app registry in some tests.
    from gouvernail.core.models import normalise_person_email

    text = normalise_person_email(as_text(value))
    return text if "@" in text else ""


# What firmware and virtual machines put in the serial field when there is no serial.
_PLACEHOLDER_SERIALS = {
    "",
    "0",
    "none",
    "n/a",
    "default string",
    "to be filled by o.e.m.",
    "system serial number",
    "chassis serial number",
    "not specified",
    "not applicable",
    "0123456789",
}


def clean_serial(value: Any) -> str:
    """A serial number fit for matching, or "" for a placeholder that would match everything."""
    text = as_text(value)
    return "" if text.lower() in _PLACEHOLDER_SERIALS else text
