import django_filters

from gouvernail.core.filtersets import OrganisationFilterSet
from gouvernail.servicedesk.models import CategoryMapping, Request

__all__ = ("CategoryMappingFilterSet", "RequestFilterSet")


class RequestFilterSet(OrganisationFilterSet):
    """The drill-down target of the service-load indicators: every filter they count with."""

    search_fields = ("external_id", "category", "subcategory", "request_type")

    opened_from = django_filters.DateFilter(field_name="opened_at", lookup_expr="date__gte", label="Ouverte depuis le")
    opened_to = django_filters.DateFilter(field_name="opened_at", lookup_expr="date__lte", label="Ouverte jusqu'au")
    resolved_from = django_filters.DateFilter(
        field_name="resolved_at", lookup_expr="date__gte", label="Résolue depuis le"
    )
    resolved_to = django_filters.DateFilter(field_name="resolved_at", lookup_expr="date__lte", label="Résolue jusqu'au")
    category = django_filters.CharFilter(label="Catégorie")
    subcategory = django_filters.CharFilter(label="Sous-catégorie")

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
        )


class CategoryMappingFilterSet(OrganisationFilterSet):
    search_fields = ("category", "subcategory")

    class Meta:
        model = CategoryMapping
        fields = ("q", "family")
