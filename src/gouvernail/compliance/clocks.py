"""Deadlines of the incident clocks, in Europe/Paris.

Hours are elapsed hours (24 h after 10:00 on the eve of the spring DST change is 11:00 local
time); « one month » is a calendar month in Paris wall-clock time, clamped to the month's last
day (31 January → 28 or 29 February), the way a French deadline is read.
"""

import calendar
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from gouvernail.compliance.choices import ClockKind

PARIS = ZoneInfo("Europe/Paris")
HOURS = {ClockKind.NIS2_EARLY_WARNING: 24, ClockKind.NIS2_NOTIFICATION: 72, ClockKind.CNIL_BREACH: 72}


def after_hours(start: datetime, hours: int) -> datetime:
    """`hours` elapsed hours after `start`, as an aware datetime in Europe/Paris."""
    if start.tzinfo is None:
        raise ValueError("Le départ d'un délai doit être une date et heure avec fuseau.")
    return (start.astimezone(ZoneInfo("UTC")) + timedelta(hours=hours)).astimezone(PARIS)


def after_one_month(start: datetime) -> datetime:
    """The same Paris wall-clock time one calendar month later (last day of the month if shorter)."""
    if start.tzinfo is None:
        raise ValueError("Le départ d'un délai doit être une date et heure avec fuseau.")
    local = start.astimezone(PARIS)
    year, month = (local.year + 1, 1) if local.month == 12 else (local.year, local.month + 1)
    day = min(local.day, calendar.monthrange(year, month)[1])
    naive = local.replace(tzinfo=None, year=year, month=month, day=day)
    # A wall time that does not exist (skipped by the DST change) moves forward by the gap.
    return _localise(naive)


def _localise(naive: datetime) -> datetime:
    aware = naive.replace(tzinfo=PARIS)
    round_trip = aware.astimezone(ZoneInfo("UTC")).astimezone(PARIS)
    if round_trip.replace(tzinfo=None) != naive:  # in the spring gap
        return (aware.astimezone(ZoneInfo("UTC"))).astimezone(PARIS)
    return aware


def deadline(kind: str, start: datetime, *, notified_at: datetime | None = None) -> datetime:
    """The deadline of one clock. The final report runs from the notification (or, until it is
    made, from the notification's own deadline)."""
    if kind == ClockKind.NIS2_FINAL_REPORT:
        return after_one_month(notified_at or after_hours(start, HOURS[ClockKind.NIS2_NOTIFICATION]))
    return after_hours(start, HOURS[kind])
