from datetime import date, datetime, time, timedelta

import django_filters
from django.db.models import Exists, OuterRef
from django.utils import timezone

from gouvernail.core.filtersets import OrganisationFilterSet
from gouvernail.servicedesk.models import CategoryMapping, Request

# « Demande récurrente »: same category and sub-category already requested by the same service
# within this many days before.
RECURRENCE_WINDOW_DAYS = 30


def local_midnight(day: date) -> datetime:
    """The start of `day` in the site's time zone (Europe/Paris), as an aware datetime."""
    return timezone.make_aware(datetime.combine(day, time.min))


def recurring_requests(queryset):
    """`queryset` narrowed to recurring requests: an earlier request of the same organisation,
    service, category and sub-category opened in the 30 days before (strictly before, at most
    30 days × 24 h earlier). Requests without a service or a category never recur."""
    earlier = Request.objects.filter(
        organisation=OuterRef("organisation"),
        service=OuterRef("service"),
        category=OuterRef("category"),
        subcategory=OuterRef("subcategory"),
        opened_at__lt=OuterRef("opened_at"),
        opened_at__gte=OuterRef("opened_at") - timedelta(days=RECURRENCE_WINDOW_DAYS),
    )
    return queryset.filter(Exists(earlier), service__isnull=False).exclude(category="")


__all__ = ("CategoryMappingFilterSet", "RequestFilterSet")


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
        )

    # Day bounds as local midnights rather than `__date` lookups: the comparison stays on the
    # indexed column (a `__date` cast is computed for every row, and SQLite cannot use the index).
    def filter_from(self, queryset, name, value):
        return queryset.filter(**{f"{name}__gte": local_midnight(value)})

    def filter_to(self, queryset, name, value):
        return queryset.filter(**{f"{name}__lt": local_midnight(value + timedelta(days=1))})

    def filter_recurring(self, queryset, name, value):
        recurring = recurring_requests(queryset)
        return recurring if value else queryset.exclude(pk__in=recurring.values("pk"))


class CategoryMappingFilterSet(OrganisationFilterSet):
    search_fields = ("category", "subcategory")

    class Meta:
        model = CategoryMapping
        fields = ("q", "family")
