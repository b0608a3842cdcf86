import django_filters

from gouvernail.core.filtersets import OrganisationFilterSet
from gouvernail.epn.models import EpnSession

__all__ = ("EpnSessionFilterSet",)


class EpnSessionFilterSet(OrganisationFilterSet):
    """The drill-down of the EPN indicators: sessions of a month, with or without a workshop."""

    search_fields = ("workshop",)

    held_from = django_filters.DateFilter(field_name="held_on", lookup_expr="gte", label="Depuis le")
    held_to = django_filters.DateFilter(field_name="held_on", lookup_expr="lte", label="Jusqu'au")
    in_workshop = django_filters.BooleanFilter(method="filter_in_workshop", label="Atelier (non : accès libre)")
    workshop = django_filters.CharFilter(label="Atelier (nom exact)")

    class Meta:
        model = EpnSession
        fields = ("q", "held_from", "held_to", "in_workshop", "workshop", "site", "source")

    def filter_in_workshop(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.exclude(workshop="") if value else queryset.filter(workshop="")
