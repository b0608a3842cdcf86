"""The figures of the « Espace public numérique » board, per month, in one query.

Per month: sessions (every visit, free access or workshop), distinct visitors (distinct
pseudonymous keys), workshop sessions (visits to a workshop) and distinct workshops (by name),
and the time spent. A month is a calendar month of the session's date.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce, TruncMonth

from gouvernail.core.models import Organisation
from gouvernail.epn.models import EpnSession

__all__ = ("MonthRow", "distinct_visitors", "monthly", "sessions")


@dataclass(frozen=True)
class MonthRow:
    month: date  # first day of the month
    sessions: int
    visitors: int
    workshop_sessions: int
    workshops: int
    minutes: int


def _sessions(organisation: Organisation, since: date | None, until: date | None):
    rows = EpnSession.objects.filter(organisation=organisation)
    if since:
        rows = rows.filter(held_on__gte=since)
    if until:
        rows = rows.filter(held_on__lte=until)
    return rows


def monthly(organisation: Organisation, *, since: date | None = None, until: date | None = None) -> list[MonthRow]:
    """One row per month holding at least one session, oldest first."""
    in_workshop = ~Q(workshop="")
    rows = (
        _sessions(organisation, since, until)
        .annotate(month=TruncMonth("held_on"))
        .values("month")
        .annotate(
            sessions=Count("pk"),
            visitors=Count("visitor_key", distinct=True),
            workshop_sessions=Count("pk", filter=in_workshop),
            workshops=Count("workshop", distinct=True, filter=in_workshop),
            minutes=Coalesce(Sum("duration_minutes"), 0),
        )
        .order_by("month")
    )
    return [MonthRow(**row) for row in rows]


def sessions(organisation: Organisation, *, since: date | None = None, until: date | None = None) -> int:
    return _sessions(organisation, since, until).count()


def distinct_visitors(organisation: Organisation, *, since: date | None = None, until: date | None = None) -> int:
    """Distinct visitors over the whole period (not the sum of the months: a regular counts once)."""
    return _sessions(organisation, since, until).values("visitor_key").distinct().count()
