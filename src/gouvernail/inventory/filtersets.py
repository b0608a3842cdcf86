from datetime import date, timedelta

import django_filters
from django.db.models import Q

from gouvernail.core.filtersets import OrganisationFilterSet
from gouvernail.inventory.choices import AntivirusStatus, EquipmentFamily, EquipmentState, OsClass
from gouvernail.inventory.models import Equipment

# Devices an antivirus protects (the antivirus indicators count these, not phones or printers).
COMPUTER_FAMILIES = (EquipmentFamily.DESKTOP, EquipmentFamily.LAPTOP, EquipmentFamily.SERVER)
# « Poste protégé »: the antivirus reported enabled and up to date within this many days.
PROTECTION_FRESHNESS_DAYS = 7
NO_PRODUCT = "aucun"


def protected_q(today: date) -> Q:
    """An active device whose antivirus reports enabled and up to date in the last 7 days."""
    return Q(
        state=EquipmentState.IN_SERVICE,
        antivirus_status=AntivirusStatus.UP_TO_DATE,
        antivirus_seen__gte=today - timedelta(days=PROTECTION_FRESHNESS_DAYS),
    )


__all__ = ("EquipmentFilterSet",)


class EquipmentFilterSet(OrganisationFilterSet):
    search_fields = ("name", "serial", "manufacturer", "model", "os_name", "assigned_to__last_name")

    assigned = django_filters.BooleanFilter(
        field_name="assigned_to", lookup_expr="isnull", exclude=True, label="Affecté"
    )
    purchased_before = django_filters.DateFilter(field_name="purchase_date", lookup_expr="lt", label="Acheté avant le")
    purchased_from = django_filters.DateFilter(
        field_name="purchase_date", lookup_expr="gte", label="Acheté à partir du"
    )
    purchase_known = django_filters.BooleanFilter(
        field_name="purchase_date", lookup_expr="isnull", exclude=True, label="Date d'achat connue"
    )
    site_missing = django_filters.BooleanFilter(field_name="site", lookup_expr="isnull", label="Sans site")
    computer = django_filters.BooleanFilter(method="filter_computer", label="Ordinateur (PC ou serveur)")
    windows = django_filters.BooleanFilter(method="filter_windows", label="Poste Windows 10 ou 11")
    antivirus_product = django_filters.CharFilter(method="filter_antivirus_product", label="Antivirus (produit)")
    protected = django_filters.BooleanFilter(method="filter_protected", label="Protégé (antivirus à jour sous 7 jours)")

    class Meta:
        model = Equipment
        fields = (
            "q",
            "family",
            "site",
            "service",
            "state",
            "condition",
            "os_class",
            "antivirus_status",
            "assigned",
            "computer",
            "protected",
        )

    def filter_computer(self, queryset, name, value):
        condition = Q(family__in=COMPUTER_FAMILIES)
        return queryset.filter(condition) if value else queryset.exclude(condition)

    def filter_windows(self, queryset, name, value):
        condition = Q(os_class__in=(OsClass.WINDOWS_10, OsClass.WINDOWS_11))
        return queryset.filter(condition) if value else queryset.exclude(condition)

    def filter_antivirus_product(self, queryset, name, value):
        # « aucun » stands for a device whose product is not known.
        return queryset.filter(antivirus_product="" if value.strip().lower() == NO_PRODUCT else value.strip())

    def filter_protected(self, queryset, name, value):
        condition = protected_q(date.today())
        return queryset.filter(condition) if value else queryset.exclude(condition)
