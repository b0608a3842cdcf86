"""Measurements of the demo: two years of monthly values computed from the synthetic requests,
today's values, and a synthetic past for the Windows 11 migration.

The fleet only knows today's OS; a real instance builds the migration's history by storing a
measurement every day (`gouvernail kpi --compute`). The demo has no such past, so it writes one:
a steady climb over the last 11 months up to today's share, labelled « Démonstration
(synthétique) » in the measurements' source.
"""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from gouvernail.core.models import Organisation
from gouvernail.metrics.models import Measurement
from gouvernail.metrics.periods import Period
from gouvernail.metrics.registry import TOTAL
from gouvernail.metrics.services import measurements_backfill, measurements_compute
from gouvernail.servicedesk.choices import RequestSource

SYNTHETIC_SOURCE = RequestSource.DEMO.label  # « Démonstration (synthétique) »
WINDOWS_11_HISTORY_MONTHS = 11
WINDOWS_11_SHARE_A_YEAR_AGO = Decimal("0.45")  # of today's share


def build_measurements(organisation: Organisation, reference_date: date, months: int) -> int:
    stored = measurements_backfill(organisation=organisation, months=months, today=reference_date)
    stored += measurements_compute(organisation=organisation, at=reference_date)
    return stored + _windows_11_history(organisation, reference_date)


def _windows_11_history(organisation: Organisation, reference_date: date) -> int:
    today = Measurement.objects.filter(
        organisation=organisation, code="w11_taux", period_key=Period.month(reference_date).key, dimension_key=TOTAL
    ).first()
    if today is None:
        return 0
    now = timezone.now()
    rows = []
    for back in range(WINDOWS_11_HISTORY_MONTHS, 0, -1):
        period = Period.month(reference_date).shift(-back)
        progress = Decimal(WINDOWS_11_HISTORY_MONTHS - back) / WINDOWS_11_HISTORY_MONTHS
        share = WINDOWS_11_SHARE_A_YEAR_AGO + (1 - WINDOWS_11_SHARE_A_YEAR_AGO) * progress
        rows.append(
            Measurement(
                organisation=organisation,
                code="w11_taux",
                period_key=period.key,
                period_start=period.start,
                period_end=period.end,
                dimension_key=TOTAL,
                dimension_label="Ensemble",
                value=(today.value * share).quantize(Decimal("0.1"), ROUND_HALF_UP),
                unit="%",
                source=SYNTHETIC_SOURCE,
                computed_at=now,
            )
        )
    Measurement.objects.bulk_create(rows)
    return len(rows)
