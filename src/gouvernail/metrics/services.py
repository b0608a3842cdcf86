"""Writes of measurements: compute every indicator for a date and store the values."""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from gouvernail.core.models import Organisation
from gouvernail.metrics import registry
from gouvernail.metrics.models import Measurement
from gouvernail.metrics.periods import Period

__all__ = ("HISTORY_MONTHS", "history_start", "measurements_backfill", "measurements_compute", "measurements_history")

# How far back the history of a newly connected source is computed: 24 months, 8 quarters.
HISTORY_MONTHS = 24


@transaction.atomic
def measurements_compute(
    *,
    organisation: Organisation,
    at: date | None = None,
    codes=None,
    snapshots: bool = True,
    source_run: str = "",
    source: str = "",
) -> int:
    """Computes the indicators for the periods they show on `at` (default: today) and stores
    them (upsert, one row per organisation, code, period and dimension). Idempotent: a second
    run on the same day rewrites the same rows. `snapshots=False` leaves out the indicators that
    describe the state of the day (the fleet as it is), whose past cannot be recomputed.

    `source` overrides the indicators' source label (the demo labels its backfill). Returns how
    many values were stored. Hidden values (« effectif insuffisant ») are not stored.
    """
    at = at or timezone.localdate()
    now = timezone.now()
    coverages = Coverages(organisation)
    stored = 0
    for indicator in registry.indicators():
        if codes is not None and indicator.code not in codes:
            continue
        if indicator.is_snapshot and not snapshots:
            continue
        period = indicator.period_for(at)
        partial = coverages.partial_from(indicator, period)
        rows = []
        for value in indicator.compute(organisation, period, at):
            if value.hidden or value.value is None:
                continue
            rows.append(_row(organisation, indicator, period, value, now, source_run, source, partial))
        Measurement.objects.filter(organisation=organisation, code=indicator.code, period_key=period.key).delete()
        Measurement.objects.bulk_create(rows)
        stored += len(rows)
    return stored


class Coverages:
    """Where each source's data start (read once per source and run): a measurement of the
    period they start in, when the source covers it only in part, is stored with that day and
    shown « période partielle ». Snapshots describe a state, never partial."""

    def __init__(self, organisation: Organisation):
        self.organisation = organisation
        self._read: dict = {}

    def partial_from(self, indicator, period: Period) -> date | None:
        if indicator.coverage is None or indicator.is_snapshot:
            return None
        if indicator.coverage not in self._read:
            self._read[indicator.coverage] = indicator.coverage(self.organisation)
        coverage = self._read[indicator.coverage]
        return coverage.partial_from(period) if coverage is not None else None


def _row(
    organisation, indicator, period: Period, value, now, source_run: str, source: str, partial: date | None = None
) -> Measurement:
    return Measurement(
        organisation=organisation,
        code=indicator.code,
        period_key=period.key,
        period_start=period.start,
        period_end=period.end,
        dimension_key=value.key,
        dimension_label=value.label[:200],
        value=value.value,
        count=value.count,
        data_from=partial,
        unit=indicator.unit,
        source=(source or indicator.source)[:120],
        computed_at=now,
        source_run=source_run,
    )


def measurements_backfill(
    *, organisation: Organisation, months: int, today: date | None = None, source: str = ""
) -> int:
    """Computes the periodic indicators for each of the last `months` months (trends start with
    content). Snapshot indicators are left out: their past cannot be recomputed."""
    today = today or timezone.localdate()
    stored = 0
    current = Period.month(today)
    for back in range(months, 0, -1):
        # On the first day of a month, « last complete month » is the month before.
        at = current.shift(-back + 1).start
        stored += measurements_compute(organisation=organisation, at=at, snapshots=False, source=source)
    return stored


def history_start(*, earliest: date | None, today: date | None = None) -> date | None:
    """The first month to compute for a source whose data start on `earliest`: never more than
    `HISTORY_MONTHS` back; None when the data hold no complete past month."""
    if earliest is None:
        return None
    today = today or timezone.localdate()
    floor = Period.month(today).shift(-HISTORY_MONTHS).start
    start = max(Period.month(earliest).start, floor)
    return start if start < Period.month(today).start else None


def measurements_history(
    *,
    organisation: Organisation,
    since: date,
    today: date | None = None,
    codes=None,
    progress=None,
    source: str = "",
) -> int:
    """Computes and stores every periodic indicator for each of its past periods from the one
    holding `since` to the last complete one (a month, a quarter…), so that trends show at once
    after a source is connected. Snapshot indicators are left out: their past cannot be
    recomputed. `codes` limits it to those indicators (a source's). Idempotent (each period's
    values are replaced). `progress(current, total)` is
    called after each period. Returns how many values were stored."""
    today = today or timezone.localdate()
    now = timezone.now()
    work = []
    for indicator in registry.indicators():
        if indicator.is_snapshot or (codes is not None and indicator.code not in codes):
            continue
        last = indicator.period_for(today)
        period = Period.of(indicator.period_kind, since)
        while period.start <= last.start:
            work.append((indicator, period))
            period = period.shift(1)
    stored = 0
    coverages = Coverages(organisation)
    for done, (indicator, period) in enumerate(work, start=1):
        # As the dashboard would have shown it the day after the period (or today, if sooner).
        at = min(period.end + timedelta(days=1), today)
        partial = coverages.partial_from(indicator, period)
        with transaction.atomic():
            rows = [
                _row(organisation, indicator, period, value, now, "", source, partial)
                for value in indicator.compute(organisation, period, at)
                if not value.hidden and value.value is not None
            ]
            Measurement.objects.filter(organisation=organisation, code=indicator.code, period_key=period.key).delete()
            Measurement.objects.bulk_create(rows)
        stored += len(rows)
        if progress is not None:
            progress(done, len(work))
    return stored
