"""How a value reads in French on a page, in the journal and in a detail view."""

from datetime import date, datetime, time
from decimal import Decimal

from django.utils import formats, timezone


def display(value) -> str | None:
    """31/12/2027, 28/11/2026 10:42, 12 000,50, Oui/Non; None stays None (shown as « — »)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "Oui" if value else "Non"
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return formats.date_format(value, "SHORT_DATETIME_FORMAT")
    if isinstance(value, date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, time):
        return time_display(value)
    if isinstance(value, (Decimal, float, int)):
        return formats.number_format(value, force_grouping=True)
    return str(value)


def time_display(value: time) -> str:
    """« 14 h 00 », « 9 h 30 »: the time of day as French typography writes it."""
    return f"{value.hour}\u00a0h\u00a0{value.minute:02d}"


def amount(value) -> str | None:
    """An amount without useless decimals: « 36 000 », but « 1 200,50 »."""
    if value is None or value == "":
        return None
    number = Decimal(value)
    if number == number.to_integral_value():
        return formats.number_format(number.quantize(Decimal(1)), force_grouping=True)
    return formats.number_format(number, decimal_pos=2, force_grouping=True)


# Units ending in « s » in the singular too.
_INVARIABLE_WORDS = frozenset({"mois", "fois", "cas", "accès"})


def unit_agreed(unit: str, value) -> str:
    """A unit written in the plural (« marchés », « demandes / agent »), agreeing with `value`:
    French keeps the singular below 2 (« 0 marché », « 1 marché », « 1,5 jour », « 2 marchés »).
    What follows a « / » is per one and never agrees; symbols (%, €, Go) never change."""
    if value is None or abs(value) >= 2:
        return unit
    counted, slash, per = unit.partition(" / ")
    words = [_singular(word) for word in counted.split(" ")]
    return f"{' '.join(words)}{slash}{per}"


def _singular(word: str) -> str:
    if len(word) > 2 and word.endswith("s") and word.lower() not in _INVARIABLE_WORDS:
        return word[:-1]
    return word
