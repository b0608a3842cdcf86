"""Builders of the common kinds of indicator, on top of the source apps' list filters.

The drill-down of a number is a filtered list page (`/parc/?os_class=windows_11&site=3`); the
same filters, applied through the same FilterSet, select the rows the number aggregates. So
a number and its drill-down cannot drift apart: both are the FilterSet's queryset, one
aggregated (`values().annotate(Count)`), the other listed.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from types import SimpleNamespace
from urllib.parse import urlencode

from django.db.models import Count, Min
from django.urls import reverse
from django.utils import timezone

from gouvernail.core.choices import Role
from gouvernail.core.models import Person
from gouvernail.core.privacy import TOO_SMALL, suppress
from gouvernail.metrics.periods import Coverage, Period
from gouvernail.metrics.registry import TOTAL, Indicator, Value

__all__ = (
    "INSUFFICIENT_GROUP",
    "MISSING",
    "Dimension",
    "Source",
    "count_indicator",
    "percent",
    "ratio_indicator",
)

# How much of a source's first data tells its working weekdays (Coverage): four weeks, read at most
# this many rows (a busy service desk opens a few hundred requests in four weeks).
COVERAGE_DAYS = 28
COVERAGE_ROWS = 5000
MISSING = "aucun"  # the key of the « non renseigné » dimension (a row without site, service…)
INSUFFICIENT_GROUP = TOO_SMALL
TOTAL_LABEL = "Ensemble"


def _local_day(value) -> date:
    if not isinstance(value, datetime):
        return value
    return timezone.localdate(value) if timezone.is_aware(value) else value.date()


def scope_for(organisation):
    """What a FilterSet and `visible_to` need to scope rows to an organisation, outside a request
    (the `kpi` command, measurements): the organisation seen with every row visible."""
    membership = SimpleNamespace(organisation_id=organisation.pk, organisation=organisation, role=Role.ADMIN)
    return SimpleNamespace(membership=membership, organisation=organisation, user=None)


@dataclass(frozen=True)
class Source:
    """A list page and its FilterSet: where an indicator reads rows and where it sends readers."""

    filterset: type
    url_name: str
    label: str  # « Inventaire du parc », shown as the indicator's source
    # The date (or date-time) field of a row saying when it happened (« opened_at »): the
    # earliest one is where the source's data start, and the period holding it may be partial
    # (`coverage`).
    first_day_field: str = ""

    def coverage(self, organisation) -> Coverage | None:
        """Where the source's data start and the weekdays it has data on, read from its first
        four weeks of rows (two queries, a bounded read); None without rows."""
        model = self.filterset._meta.model
        rows = model.objects.filter(organisation=organisation)
        first = rows.aggregate(first=Min(self.first_day_field))["first"]
        if first is None:
            return None
        window = rows.filter(**{f"{self.first_day_field}__lt": first + timedelta(days=COVERAGE_DAYS)})
        days = {_local_day(day) for day in window.values_list(self.first_day_field, flat=True)[:COVERAGE_ROWS]}
        return Coverage(_local_day(first), frozenset(day.weekday() for day in days))

    def rows(self, organisation, params: dict):
        model = self.filterset._meta.model
        request = scope_for(organisation)
        filterset = self.filterset(
            {k: str(v) for k, v in params.items()},
            queryset=model.objects.filter(organisation=organisation),
            request=request,
        )
        if not filterset.is_valid():
            raise ValueError(f"Filtres invalides pour {self.url_name} : {filterset.errors.as_text()}")
        return filterset.qs.order_by()

    def url(self, params: dict) -> str:
        query = urlencode({k: str(v) for k, v in params.items()})
        return reverse(self.url_name) + (f"?{query}" if query else "")


@dataclass(frozen=True)
class Dimension:
    """How values split: by a field of the rows, each key filtered by `param=key` in the list."""

    label: str  # « site », « famille »
    field: str  # the rows' field grouped by: "site" (a foreign key) or "family" (a choice)
    param: str  # the list filter that selects one key
    name_field: str = ""  # the related name to label a foreign key: "site__name"
    choices: tuple = ()  # (value, label) of a choice field, all shown even at zero
    missing_params: dict = field(default_factory=dict)  # the filter for rows without a value
    missing_label: str = "Non renseigné"
    # Keys whose meaning is a level ({"en_alerte": "rouge"}): their bar takes that level's colour.
    tones: tuple = ()
    # Breakdowns by service hide groups of fewer people than GOUVERNAIL_MIN_GROUP_SIZE.
    by_service: bool = False

    def params(self, key: str) -> dict:
        if key == TOTAL:
            return {}
        if key == MISSING:
            return dict(self.missing_params)
        return {self.param: key}

    def group(self, queryset, aggregate: str = "n") -> dict[str, tuple[str, int]]:
        """{key: (label, count)} in one query."""
        names = (self.name_field,) if self.name_field else ()
        rows = queryset.values(self.field, *names).annotate(n=Count("pk")).order_by()
        labels = dict(self.choices)
        result: dict[str, tuple[str, int]] = {}
        for row in rows:
            raw = row[self.field]
            if raw is None or raw == "":
                key, label = MISSING, self.missing_label
            else:
                key = str(raw)
                label = row[self.name_field] if self.name_field else labels.get(raw, str(raw))
            previous = result.get(key, (label, 0))[1]
            result[key] = (label, previous + row["n"])
        return result

    def ordered(self, grouped: dict[str, tuple[str, int]]) -> list[tuple[str, str]]:
        """(key, label) in display order: declared choices first (even at zero), then by label."""
        keys = [(str(value), label) for value, label in self.choices]
        known = {key for key, _ in keys}
        extra = sorted(((k, v[0]) for k, v in grouped.items() if k not in known and k != MISSING), key=lambda p: p[1])
        tail = [(MISSING, grouped[MISSING][0])] if MISSING in grouped else []
        return keys + extra + tail


# The breakdown by service of rows that carry a `service` foreign key (requests, people…).
SERVICE = Dimension(
    "service",
    "service",
    "service",
    name_field="service__name",
    missing_params={"service_missing": "true"},
    missing_label="Service non renseigné",
    by_service=True,
)


def service_sizes(organisation) -> dict[str, int]:
    """Active people per service key (one query): the size of a service's group in a breakdown."""
    sizes = (
        Person.objects.filter(organisation=organisation, is_active=True, service__isnull=False)
        .values_list("service")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {str(pk): n for pk, n in sizes}


def percent(numerator: int, denominator: int, decimals: int = 1) -> Decimal | None:
    if not denominator:
        return None
    quantum = Decimal(1).scaleb(-decimals)
    return (Decimal(100) * numerator / denominator).quantize(quantum, rounding=ROUND_HALF_UP)


ParamsFn = Callable[[Period, date], dict]


def _values_with_privacy(indicator_values: list[Value], organisation, dimension: Dimension | None) -> list[Value]:
    """The small-group rule (core.privacy) over the services, each sized by its active people;
    « service non renseigné » has no size of its own and is hidden only as a complement. A service
    with a figure but none of its people in the référentiel is taken as small, as it may be."""
    if dimension is None or not dimension.by_service:
        return indicator_values
    sizes = service_sizes(organisation)
    groups = [value for value in indicator_values if value.key != TOTAL]

    def size(value: Value) -> int | None:
        if value.key == MISSING:
            return None
        return sizes.get(value.key) or (0 if value.value is None else 1)

    suppression = suppress([size(value) for value in groups])
    for index, value in enumerate(groups):
        if suppression.is_hidden(index):
            value.value, value.count, value.hidden = None, None, INSUFFICIENT_GROUP
    for value in indicator_values:
        if value.key == TOTAL and suppression.total_hidden:
            value.value, value.count, value.hidden = None, None, INSUFFICIENT_GROUP
    return indicator_values


def count_indicator(
    *,
    source: Source,
    params: ParamsFn,
    dimension: Dimension | None = None,
    with_total: bool = True,
    **entry,
) -> Indicator:
    """An indicator that counts the rows of a list filtered by `params(period, today)`,
    overall and per `dimension`."""

    def compute(organisation, period: Period, today: date) -> list[Value]:
        rows = source.rows(organisation, params(period, today))
        if dimension is None:
            total = rows.count()
            return [Value(TOTAL, TOTAL_LABEL, Decimal(total), total)]
        grouped = dimension.group(rows)
        values = [
            Value(key, label, Decimal(grouped.get(key, (label, 0))[1]), grouped.get(key, (label, 0))[1])
            for key, label in dimension.ordered(grouped)
        ]
        if with_total:
            total = sum(count for _, count in grouped.values())
            values.insert(0, Value(TOTAL, TOTAL_LABEL, Decimal(total), total))
        return _values_with_privacy(values, organisation, dimension)

    def records(organisation, period: Period, key: str, today: date):
        return source.rows(organisation, {**params(period, today), **_dimension_params(dimension, key)})

    def url(period: Period, key: str, today: date) -> str:
        return source.url({**params(period, today), **_dimension_params(dimension, key)})

    entry.setdefault("source", source.label)
    entry.setdefault("dimension", dimension.label if dimension else "")
    entry.setdefault("hides_small_groups", bool(dimension and dimension.by_service))
    entry.setdefault("tones", dimension.tones if dimension else ())
    entry.setdefault("coverage", source.coverage if source.first_day_field else None)
    return Indicator(compute=compute, records=records, url=url, **entry)


def ratio_indicator(
    *,
    source: Source,
    numerator: ParamsFn,
    denominator: ParamsFn,
    dimension: Dimension | None = None,
    **entry,
) -> Indicator:
    """A percentage: rows matching `numerator` among rows matching `denominator`, overall and per
    dimension. The drill-down lists the numerator's rows (`count`)."""

    def compute(organisation, period: Period, today: date) -> list[Value]:
        top = source.rows(organisation, numerator(period, today))
        bottom = source.rows(organisation, denominator(period, today))
        if dimension is None:
            n, d = top.count(), bottom.count()
            return [Value(TOTAL, TOTAL_LABEL, percent(n, d), n)]
        tops, bottoms = dimension.group(top), dimension.group(bottom)
        values = []
        for key, label in dimension.ordered(bottoms):
            n, d = tops.get(key, (label, 0))[1], bottoms[key][1] if key in bottoms else 0
            values.append(Value(key, label, percent(n, d), n))
        n_all = sum(c for _, c in tops.values())
        d_all = sum(c for _, c in bottoms.values())
        values.insert(0, Value(TOTAL, TOTAL_LABEL, percent(n_all, d_all), n_all))
        return _values_with_privacy(values, organisation, dimension)

    def records(organisation, period: Period, key: str, today: date):
        return source.rows(organisation, {**numerator(period, today), **_dimension_params(dimension, key)})

    def url(period: Period, key: str, today: date) -> str:
        return source.url({**numerator(period, today), **_dimension_params(dimension, key)})

    entry.setdefault("source", source.label)
    entry.setdefault("dimension", dimension.label if dimension else "")
    entry.setdefault("hides_small_groups", bool(dimension and dimension.by_service))
    entry.setdefault("unit", "%")
    entry.setdefault("decimals", 1)
    entry.setdefault("coverage", source.coverage if source.first_day_field else None)
    return Indicator(compute=compute, records=records, url=url, **entry)


def _dimension_params(dimension: Dimension | None, key: str) -> dict:
    return dimension.params(key) if dimension is not None else {}
