from datetime import date

import django_filters

from gouvernail.core.filtersets import OrganisationFilterSet
from gouvernail.vendors.models import Contract, Vendor, VendorContact

__all__ = ("ContractFilterSet", "VendorContactFilterSet", "VendorFilterSet")


class VendorFilterSet(OrganisationFilterSet):
    search_fields = ("name", "notes")

    class Meta:
        model = Vendor
        fields = ("q", "typology", "is_critical", "is_active")


class VendorContactFilterSet(OrganisationFilterSet):
    search_fields = ("vendor__name", "label", "email")

    class Meta:
        model = VendorContact
        fields = ("q", "vendor", "role")


class ContractFilterSet(OrganisationFilterSet):
    search_fields = ("reference", "subject", "vendor__name", "procurement_reference")

    to_renew = django_filters.BooleanFilter(method="filter_to_renew", label="À renouveler sous 12 mois")
    active = django_filters.BooleanFilter(method="filter_active", label="En cours")
    end_date_after = django_filters.DateFilter(field_name="end_date", lookup_expr="gte", label="Fin après le")
    end_date_before = django_filters.DateFilter(field_name="end_date", lookup_expr="lte", label="Fin avant le")

    class Meta:
        model = Contract
        fields = ("q", "vendor", "is_structuring", "tacit_renewal", "to_renew", "active")

    def filter_to_renew(self, queryset, name, value):
        renewing = queryset.to_renew(date.today())
        return renewing if value else queryset.exclude(pk__in=renewing.values("pk"))

    def filter_active(self, queryset, name, value):
        running = queryset.active_on(date.today())
        return running if value else queryset.exclude(pk__in=running.values("pk"))
