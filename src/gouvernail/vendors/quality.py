"""« Qualité de service du prestataire »: each service level of the running contracts, its target
and its last three complete months (value, met or not, penalty), as JSON-ready plain values
for the vendors dashboard and the COPIL pack (which archives them)."""

from datetime import date
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db.models import Prefetch, Q

from gouvernail.core.formatting import display, unit_agreed
from gouvernail.vendors.models import ServiceLevel, ServiceLevelMeasurement

__all__ = ("MONTHS_SHOWN", "quality_months", "service_quality")

MONTHS_SHOWN = 3


def quality_months(at: date, count: int = MONTHS_SHOWN) -> list[date]:
    """The `count` complete months before `at`'s month, oldest first."""
    first = at.replace(day=1)
    return [first - relativedelta(months=back) for back in range(count, 0, -1)]


def _number(value: Decimal) -> str:
    """99,5 rather than 99,50; 150 rather than 150,00 (nor 1,5E+2)."""
    return display(value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize())


def _euros(amount: Decimal | None) -> str:
    return f"{_number(amount)} € HT" if amount else ""


def service_quality(organisation, at: date, count: int = MONTHS_SHOWN) -> dict | None:
    """The service levels of the contracts running over the months shown; None without any."""
    months = quality_months(at, count)
    levels = (
        ServiceLevel.objects.filter(organisation=organisation, contract__start_date__lte=at)
        .filter(Q(contract__end_date__isnull=True) | Q(contract__end_date__gte=months[0]))
        .select_related("contract__vendor")
        .prefetch_related(Prefetch("measurements", queryset=ServiceLevelMeasurement.objects.filter(month__in=months)))
        .order_by("contract__vendor__name", "contract__reference", "indicator", "pk")
    )
    rows = []
    for level in levels:
        measured = {m.month: m for m in level.measurements.all()}
        cells = []
        for month in months:
            m = measured.get(month)
            if m is None:
                cells.append(None)
                continue
            unit = unit_agreed(level.unit, m.value) if level.unit else ""
            cells.append(
                {
                    "month": month.isoformat(),
                    "value": float(m.value),
                    "display": f"{_number(m.value)} {unit}".strip(),
                    "met": m.met,
                    "verdict": "tenu" if m.met else "non tenu",
                    "penalty": float(m.penalty) if m.penalty is not None else None,
                    "penalty_display": _euros(m.penalty),
                    "is_computed": m.is_computed,
                    "request_count": m.request_count,
                    "url": m.get_absolute_url(),
                }
            )
        penalties = sum((measured[month].penalty or Decimal(0) for month in months if month in measured), Decimal(0))
        rows.append(
            {
                "id": level.pk,
                "label": level.label or level.get_indicator_display(),
                "indicator": level.get_indicator_display(),
                "contract": level.contract.reference,
                "vendor": level.contract.vendor.name,
                "target": level.target_display(),
                "penalty_rule": _euros(level.penalty_per_breach),
                "months": cells,
                "missed": sum(1 for cell in cells if cell and not cell["met"]),
                "penalties": float(penalties),
                "penalties_display": _euros(penalties) or "aucune",
            }
        )
    if not rows:
        return None
    total = sum((Decimal(str(row["penalties"])) for row in rows), Decimal(0))
    return {
        "months": [{"key": month.isoformat(), "label": f"{month:%m/%Y}"} for month in months],
        "rows": rows,
        "penalties_total_display": _euros(total) or "aucune",
    }
