"""Local calendar days of timestamps, grouped in the database on SQLite as on PostgreSQL.

Django's `TruncDate` is native SQL on PostgreSQL (`AT TIME ZONE`), but on SQLite it calls a
Python function for every row (`django_datetime_cast_date`): grouping 200 000 requests by day
then runs 400 000 Python calls. SQLite stores an aware datetime as UTC text
(« 2026-03-29 00:30:00[.ffffff] »), so it can group, in SQL, by the UTC day and a *bucket* of
the UTC time of day; Python then turns each (UTC day, bucket) — a few per day, not one per row
— into the local day.

The buckets are cut at every UTC time of day where the local date can change: 24 h − offset for
each offset the zone uses (22:00 and 23:00 for Europe/Paris), and the UTC time of day of its
changes of offset (01:00 for Europe/Paris). Inside one bucket the offset does not change and,
for a given offset, the local date is the same at every instant: the local day of the bucket's
first instant is the local day of all its rows — exactly what `TruncDate` would have said.

A local day past 31/12/9999 (a « 9999-12-31 23:30 » sentinel in a source, read in Paris) is
taken as 31/12/9999: Python's dates stop there, on either database.
"""

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.db import connection
from django.db.models import Case, CharField, DateField, F, Func, IntegerField, Value, When
from django.db.models.functions import Least, TruncDate
from django.db.models.lookups import GreaterThanOrEqual
from django.utils import timezone

__all__ = ("LocalDays", "local_days")

# The zone's history is scanned over these years; a zone's rules past them repeat (POSIX rule).
SCAN_FROM, SCAN_TO = 1850, 2100


@lru_cache(maxsize=8)
def cut_points(zone_key: str) -> tuple[timedelta, ...]:
    """UTC times of day (as offsets from midnight) where a local date can change, sorted."""
    zone = ZoneInfo(zone_key)

    def offset_at(seconds: int) -> timedelta:
        return datetime.fromtimestamp(seconds, zone).utcoffset()

    step = 7 * 86400  # zones do not change twice within a week and back
    instant = int(datetime(SCAN_FROM, 1, 1, tzinfo=UTC).timestamp())
    end = int(datetime(SCAN_TO, 1, 1, tzinfo=UTC).timestamp())
    previous = offset_at(instant)
    offsets, changes = {previous}, set()
    while instant < end:
        offset = offset_at(instant + step)
        if offset != previous:
            low, high = instant, instant + step  # the change is in (low, high]: find it to the second
            while high - low > 1:
                middle = (low + high) // 2
                if offset_at(middle) == previous:
                    low = middle
                else:
                    high = middle
            changes.add(timedelta(seconds=high % 86400))
            offsets.add(offset)
            previous = offset
        instant += step
    day = timedelta(days=1)
    cuts = {(day - offset) % day for offset in offsets} | changes
    return tuple(sorted(cut for cut in cuts if cut))


def _clock(cut: timedelta) -> str:
    seconds = int(cut.total_seconds())
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


class _Substr(Func):
    function = "substr"
    output_field = CharField()


def _bucket(field: str, cuts: tuple[timedelta, ...]) -> Case:
    """The index of the bucket of the UTC time of day of `field` (« HH:MM:SS », characters 12–19):
    0 before the first cut, i after the i-th."""
    clock_text = _Substr(F(field), Value(12), Value(8))
    whens = [
        When(GreaterThanOrEqual(clock_text, Value(_clock(cut))), then=Value(index))
        for index, cut in reversed(list(enumerate(cuts, start=1)))
    ]
    return Case(*whens, default=Value(0), output_field=IntegerField())


class LocalDays:
    """Annotations that let `values(...).annotate(Count)` group rows by the local day of
    datetime fields, and the function that reads the local day back from a grouped row."""

    def __init__(self, *fields: str):
        self.fields = fields
        self.zone = timezone.get_current_timezone()
        self.sqlite = connection.vendor == "sqlite"
        self.cuts = cut_points(str(self.zone)) if self.sqlite else ()
        self._days: dict[tuple[str, int], date] = {}

    def annotations(self) -> dict:
        result = {}
        for field in self.fields:
            if self.sqlite:
                result[f"{field}__utc_day"] = _Substr(F(field), Value(1), Value(10))
                result[f"{field}__bucket"] = _bucket(field, self.cuts)
            else:
                # LEAST skips NULLs on PostgreSQL: a NULL field must stay NULL, not become 9999-12-31.
                result[f"{field}__day"] = Case(
                    When(**{f"{field}__isnull": True}, then=Value(None)),
                    default=Least(TruncDate(field, tzinfo=self.zone), Value(date.max, output_field=DateField())),
                    output_field=DateField(),
                )
        return result

    def names(self) -> list[str]:
        return list(self.annotations())

    def day(self, row: dict, field: str) -> date | None:
        """The local day of `field` in a grouped row (None for a NULL field)."""
        if not self.sqlite:
            return row[f"{field}__day"]
        utc_day, bucket = row[f"{field}__utc_day"], row[f"{field}__bucket"]
        if utc_day is None:
            return None
        key = (utc_day, bucket)
        if key not in self._days:
            self._days[key] = self._local_day(utc_day, bucket)
        return self._days[key]

    def _local_day(self, utc_day: str, bucket: int) -> date:
        start = datetime.combine(date.fromisoformat(utc_day), time(), tzinfo=UTC)
        if bucket:
            start += self.cuts[bucket - 1]
        try:
            return start.astimezone(self.zone).date()
        except OverflowError:
            return date.max


def local_days(queryset, *fields: str) -> tuple[LocalDays, object]:
    """`queryset` grouped by the local days of `fields`, with `n` rows per group (one query)."""
    from django.db.models import Count

    days = LocalDays(*fields)
    grouped = queryset.annotate(**days.annotations()).values(*days.names()).annotate(n=Count("pk")).order_by()
    return days, grouped
