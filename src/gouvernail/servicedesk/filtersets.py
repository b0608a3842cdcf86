from datetime import date, datetime, time, timedelta

import django_filters
from django.db import connection
from django.db.models.expressions import RawSQL
from django.utils import timezone

from gouvernail.core.filtersets import OrganisationFilterSet
from gouvernail.servicedesk.models import AssignmentGroup, CategoryMapping, Request
from gouvernail.vendors.models import Vendor

# « Demande récurrente »: same category and sub-category already requested by the same service
# within this many days before.
RECURRENCE_WINDOW_DAYS = 30


def local_midnight(day: date) -> datetime:
    """The start of `day` in the site's time zone (Europe/Paris), as an aware datetime."""
    return timezone.make_aware(datetime.combine(day, time.min))


# The previous request of the same organisation, service, category and sub-category, for every
# request, with one window over the requests grouped by opening time (ties share their
# predecessor: « strictly before »), joined back once. A correlated EXISTS would instead run
# one lookup per request. The optional bounds keep the window to the dates the list asks for.
RECURRING_SQL = """
SELECT r.id FROM servicedesk_request r
INNER JOIN (
    SELECT organisation_id, service_id, category, subcategory, opened_at,
        LAG(opened_at) OVER (
            PARTITION BY organisation_id, service_id, category, subcategory ORDER BY opened_at
        ) AS previous_at
    FROM servicedesk_request
    WHERE +service_id IS NOT NULL AND category <> ''{inner}
    GROUP BY organisation_id, service_id, category, subcategory, opened_at
) p ON r.organisation_id = p.organisation_id AND r.service_id = p.service_id AND r.category = p.category
    AND r.subcategory = p.subcategory AND r.opened_at = p.opened_at
WHERE p.previous_at >= {cutoff}
"""
# (`+service_id`: not an index bound, so that SQLite reads the dates asked for by the
# (organisation, opened_at) index instead of the whole organisation in recurrence order; the
# join back is on equalities only, one seek per distinct opening.)

# `opened_at` minus exactly 30 × 24 h, in SQL. SQLite keeps aware datetimes as UTC text
# (« 2026-03-01 09:00:00[.ffffff] »): whole days move the date and keep the fraction of second.
CUTOFF = {
    "sqlite": "strftime('%%Y-%%m-%%d %%H:%%M:%%S', p.opened_at, '-{days} days') || substr(p.opened_at, 20)",
    "postgresql": "p.opened_at - interval '{hours} hours'",
}


def recurring_requests(
    queryset, *, organisation_id=None, opened_from: date | None = None, opened_to: date | None = None
):
    """`queryset` narrowed to recurring requests: an earlier request of the same organisation,
    service, category and sub-category opened in the 30 days before (strictly before, at most
    30 days × 24 h earlier). Requests without a service or a category never recur.

    `organisation_id` and the opening days, when the caller knows them, only bound the work
    (rows opened before `opened_from` may come back: `queryset` keeps its own bounds)."""
    inner, inner_params = [], []
    if organisation_id is not None:
        inner.append("organisation_id = %s")
        inner_params.append(organisation_id)
    if opened_from is not None:
        inner.append("opened_at >= %s")
        inner_params.append(local_midnight(opened_from) - timedelta(days=RECURRENCE_WINDOW_DAYS))
    if opened_to is not None:
        inner.append("opened_at < %s")
        inner_params.append(local_midnight(opened_to + timedelta(days=1)))
    vendor = connection.vendor if connection.vendor in CUTOFF else "postgresql"
    cutoff = CUTOFF[vendor].format(days=RECURRENCE_WINDOW_DAYS, hours=24 * RECURRENCE_WINDOW_DAYS)
    sql = RECURRING_SQL.format(inner="".join(f" AND {clause}" for clause in inner), cutoff=cutoff)
    params = [_db_value(value) for value in inner_params]
    return queryset.filter(pk__in=RawSQL(sql, params))


def _db_value(value):
    """Datetimes as the backend stores them (UTC text on SQLite, aware on PostgreSQL)."""
    if isinstance(value, datetime):
        return connection.ops.adapt_datetimefield_value(value)
    return value


__all__ = ("AssignmentGroupFilterSet", "CategoryMappingFilterSet", "RequestFilterSet")


class RequestFilterSet(OrganisationFilterSet):
    """The drill-down target of the service-load indicators: every filter they count with."""

    search_fields = ("external_id", "category", "subcategory", "request_type")

    opened_from = django_filters.DateFilter(method="filter_from", field_name="opened_at", label="Ouverte depuis le")
    opened_to = django_filters.DateFilter(method="filter_to", field_name="opened_at", label="Ouverte jusqu'au")
    resolved_from = django_filters.DateFilter(method="filter_from", field_name="resolved_at", label="Résolue depuis le")
    resolved_to = django_filters.DateFilter(method="filter_to", field_name="resolved_at", label="Résolue jusqu'au")
    category = django_filters.CharFilter(label="Catégorie")
    subcategory = django_filters.CharFilter(label="Sous-catégorie")
    service_missing = django_filters.BooleanFilter(field_name="service", lookup_expr="isnull", label="Sans service")
    resolved = django_filters.BooleanFilter(
        field_name="resolved_at", lookup_expr="isnull", exclude=True, label="Résolue"
    )
    recurring = django_filters.BooleanFilter(method="filter_recurring", label="Récurrente (30 jours)")
    # The requests a vendor handles, through its assignment groups: what its service levels measure.
    vendor = django_filters.ModelChoiceFilter(
        queryset=Vendor.objects.all(), method="filter_vendor", label="Prestataire (groupe d'attribution)"
    )
    taken = django_filters.BooleanFilter(
        field_name="taken_at", lookup_expr="isnull", exclude=True, label="Prise en charge"
    )

    class Meta:
        model = Request
        fields = (
            "q",
            "family",
            "status",
            "source",
            "service",
            "site",
            "category",
            "subcategory",
            "opened_from",
            "opened_to",
            "resolved_from",
            "resolved_to",
            "resolved",
            "recurring",
            "vendor",
            "taken",
        )

    # Day bounds as local midnights rather than `__date` lookups: the comparison stays on the
    # indexed column (a `__date` cast is computed for every row, and SQLite cannot use the index).
    def filter_from(self, queryset, name, value):
        return queryset.filter(**{f"{name}__gte": local_midnight(value)})

    def filter_to(self, queryset, name, value):
        return queryset.filter(**{f"{name}__lt": local_midnight(value + timedelta(days=1))})

    def filter_vendor(self, queryset, name, value):
        groups = AssignmentGroup.objects.filter(organisation_id=value.organisation_id, vendor=value).values("group")
        return queryset.filter(assigned_group__in=groups)

    def filter_recurring(self, queryset, name, value):
        data = self.form.cleaned_data
        organisation = getattr(self.request, "organisation", None)
        recurring = recurring_requests(
            queryset,
            organisation_id=getattr(organisation, "pk", None),
            opened_from=data.get("opened_from"),
            opened_to=data.get("opened_to"),
        )
        return recurring if value else queryset.exclude(pk__in=recurring.values("pk"))


class CategoryMappingFilterSet(OrganisationFilterSet):
    search_fields = ("category", "subcategory")

    class Meta:
        model = CategoryMapping
        fields = ("q", "family")


class AssignmentGroupFilterSet(OrganisationFilterSet):
    search_fields = ("group", "vendor__name")

    class Meta:
        model = AssignmentGroup
        fields = ("q", "vendor")
