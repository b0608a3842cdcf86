"""Service levels measured from the service desk: the month's time to take and time to resolve of
the requests assigned to the vendor (« demandes attribuées au prestataire », through its
assignment groups, `servicedesk.AssignmentGroup`).

Definitions (shown on the dashboard):
- time to take (« délai de prise en charge »): over the vendor's requests opened in the month and
  taken in charge, the mean of (taken in charge − opened);
- time to resolve (« délai de résolution »): over the vendor's requests resolved in the month,
  the mean of (resolved − opened);
- in the service level's unit: « heures » and « jours » are calendar time; « jours ouvrés » count
  business days as the « délai moyen de traitement » does (Monday to Friday, French public
  holidays off); « heures ouvrées » count the hours between 8 h and 18 h (Paris time) of business
  days.

A month without any such request has no measurement (nothing is invented). Entered measurements
stay for the other indicators (availability, monthly report received).
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlencode

from dateutil.relativedelta import relativedelta
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from gouvernail.core.formatting import display
from gouvernail.metrics.businessdays import BusinessCalendar, is_business_day
from gouvernail.servicedesk.filtersets import local_midnight
from gouvernail.servicedesk.models import AssignmentGroup, Request
from gouvernail.vendors.choices import COMPUTED_INDICATORS, DELAY_UNITS, ServiceLevelIndicator
from gouvernail.vendors.models import ServiceLevel, ServiceLevelMeasurement
from gouvernail.vendors.services import sla_measurement_record

__all__ = (
    "BUSINESS_HOURS",
    "SlaResult",
    "business_hours",
    "last_complete_month",
    "parse_month",
    "requests_url",
    "sla_compute",
    "sla_delays",
)

# The working hours of « heures ouvrées », in local time.
BUSINESS_HOURS = (time(8), time(18))
CENT = Decimal("0.01")


@dataclass
class SlaResult:
    """What computing one service level for one month gave: its measurement, or why none."""

    service_level: ServiceLevel
    month: date
    measurement: ServiceLevelMeasurement | None
    request_count: int
    message: str


def last_complete_month(today: date) -> date:
    return today.replace(day=1) - relativedelta(months=1)


def parse_month(text: str) -> date:
    """« 2026-10 » → 1 October 2026; a French message otherwise."""
    try:
        year, month = (int(part) for part in text.strip().split("-"))
        return date(year, month, 1)
    except (TypeError, ValueError):
        raise ValueError(f"Mois « {text} » illisible : écrivez-le AAAA-MM, par exemple 2026-10.") from None


def business_hours(start: datetime, end: datetime) -> float:
    """Hours between `start` and `end` that fall in the working hours of business days."""
    start, end = timezone.localtime(start), timezone.localtime(end)
    if end <= start:
        return 0.0
    seconds = 0.0
    day = start.date()
    while day <= end.date():
        if is_business_day(day):
            opens = timezone.make_aware(datetime.combine(day, BUSINESS_HOURS[0]))
            closes = timezone.make_aware(datetime.combine(day, BUSINESS_HOURS[1]))
            low, high = max(start, opens), min(end, closes)
            if high > low:
                seconds += (high - low).total_seconds()
        day += timedelta(days=1)
    return seconds / 3600


def _window(month: date) -> tuple[datetime, datetime]:
    return local_midnight(month), local_midnight(month + relativedelta(months=1))


def _requests(level: ServiceLevel, month: date):
    """The vendor's requests a service level measures in `month`, as (opened, ended) pairs."""
    groups = AssignmentGroup.objects.filter(
        organisation_id=level.organisation_id, vendor_id=level.contract.vendor_id
    ).values("group")
    requests = Request.objects.filter(organisation_id=level.organisation_id, assigned_group__in=groups)
    start, end = _window(month)
    if level.indicator == ServiceLevelIndicator.TIME_TO_TAKE:
        rows = requests.filter(opened_at__gte=start, opened_at__lt=end, taken_at__isnull=False)
        return rows.values_list("opened_at", "taken_at")
    rows = requests.filter(resolved_at__gte=start, resolved_at__lt=end)
    return rows.values_list("opened_at", "resolved_at")


def sla_delays(level: ServiceLevel, month: date) -> list[float]:
    """Every measured request's delay, in the service level's unit."""
    pairs = list(_requests(level, month))
    unit = level.unit.strip().lower()
    if unit == "heures":
        return [max((end - start).total_seconds(), 0) / 3600 for start, end in pairs]
    if unit == "jours":
        return [max((end - start).total_seconds(), 0) / 86400 for start, end in pairs]
    if unit == "heures ouvrées":
        return [business_hours(start, end) for start, end in pairs]
    days = [(timezone.localdate(start), timezone.localdate(end)) for start, end in pairs]
    if not days:
        return []
    calendar = BusinessCalendar(min(d for d, _ in days), max(max(e for _, e in days), min(d for d, _ in days)))
    return [float(calendar.between(start, end)) for start, end in days]


def requests_url(level: ServiceLevel, month: date) -> str:
    """The requests list showing exactly the requests the month's measurement averages."""
    last = month + relativedelta(months=1) - timedelta(days=1)
    params = {"vendor": level.contract.vendor_id}
    if level.indicator == ServiceLevelIndicator.TIME_TO_TAKE:
        params.update(opened_from=month.isoformat(), opened_to=last.isoformat(), taken="true")
    else:
        params.update(resolved_from=month.isoformat(), resolved_to=last.isoformat())
    return f"{reverse('servicedesk:request_list')}?{urlencode(params)}"


def computed_levels(organisation, month: date):
    """The organisation's delay service levels on contracts running in `month` with a vendor
    whose assignment groups are known."""
    last = month + relativedelta(months=1) - timedelta(days=1)
    vendors = AssignmentGroup.objects.filter(organisation=organisation).values("vendor_id")
    return (
        ServiceLevel.objects.filter(
            organisation=organisation, indicator__in=COMPUTED_INDICATORS, contract__vendor_id__in=vendors
        )
        .filter(Q(contract__start_date__isnull=True) | Q(contract__start_date__lte=last))
        .filter(Q(contract__end_date__isnull=True) | Q(contract__end_date__gte=month))
        .select_related("contract__vendor")
        .order_by("contract__reference", "indicator", "pk")
    )


def sla_compute(*, organisation, month: date, acting_user=None) -> list[SlaResult]:
    """Computes and records the month's measurement of every delay service level of the
    organisation measured from the service desk; returns what each one gave."""
    results = []
    for level in computed_levels(organisation, month):
        if level.unit.strip().lower() not in DELAY_UNITS:
            accepted = ", ".join(f"« {unit} »" for unit in DELAY_UNITS)
            message = f"{level} : unité « {level.unit} » inconnue, rien n'est calculé (unités possibles : {accepted})."
            results.append(SlaResult(level, month, None, 0, message))
            continue
        delays = sla_delays(level, month)
        if not delays:
            results.append(SlaResult(level, month, None, 0, f"{level} — {month:%m/%Y} : aucune demande mesurée."))
            continue
        value = (Decimal(str(sum(delays) / len(delays)))).quantize(CENT, rounding=ROUND_HALF_UP)
        count = len(delays)
        measurement = sla_measurement_record(
            service_level=level,
            month=month,
            value=value,
            request_count=count,
            source=f"Calculé depuis le support : {count} demande{'s' if count > 1 else ''}",
            acting_user=acting_user,
        )
        verdict = "engagement tenu" if measurement.met else "engagement non tenu"
        if measurement.penalty is not None:
            verdict += f", pénalité {display(measurement.penalty)} € HT"
        results.append(
            SlaResult(
                level,
                month,
                measurement,
                count,
                f"{level} — {month:%m/%Y} : {display(value)} {level.unit} sur {count} demande"
                f"{'s' if count > 1 else ''} ({verdict}).",
            )
        )
    return results
