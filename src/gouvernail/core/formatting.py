"""How a value reads in French on a page, in the journal and in a detail view."""

from datetime import date, datetime
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
    if isinstance(value, (Decimal, float, int)):
        return formats.number_format(value, force_grouping=True)
    return str(value)
