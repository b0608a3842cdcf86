import django_filters
from django.utils import timezone

from gouvernail.core.filtersets import OrganisationFilterSet
from gouvernail.dataprotection.choices import ActivityRole, RegisterStatus
from gouvernail.dataprotection.models import (
    ImpactAssessment,
    ProcessingActivity,
    ProcessorEngagement,
    Register,
    status_filter,
)

__all__ = (
    "ImpactAssessmentFilterSet",
    "ProcessingActivityFilterSet",
    "ProcessorEngagementFilterSet",
    "RegisterFilterSet",
)


class RegisterFilterSet(OrganisationFilterSet):
    search_fields = ("controller_name", "dpo_name")

    class Meta:
        model = Register
        fields = ("q",)


class ProcessingActivityFilterSet(OrganisationFilterSet):
    search_fields = ("reference", "name", "purpose", "data_subjects")

    status = django_filters.ChoiceFilter(choices=RegisterStatus.choices, method="filter_status", label="Statut")
    role = django_filters.ChoiceFilter(choices=ActivityRole.choices, label="Rôle de l'organisme")
    aipd_to_do = django_filters.BooleanFilter(method="filter_aipd_to_do", label="AIPD à faire")

    class Meta:
        model = ProcessingActivity
        fields = ("q", "status", "role", "responsible_service", "legal_basis", "sensitive_data", "transfers_outside_eu")

    def filter_status(self, queryset, name, value):
        return queryset.filter(status_filter(value, timezone.localdate())) if value else queryset

    def filter_aipd_to_do(self, queryset, name, value):
        if value is None:
            return queryset
        due = {"assessment__is_required": True}
        rows = queryset.filter(**due).exclude(assessment__status="realisee")
        return rows if value else queryset.exclude(pk__in=rows.values("pk"))


class ProcessorEngagementFilterSet(OrganisationFilterSet):
    search_fields = ("activity__name", "vendor__name")

    class Meta:
        model = ProcessorEngagement
        fields = ("q", "activity", "vendor", "clause")


class ImpactAssessmentFilterSet(OrganisationFilterSet):
    search_fields = ("activity__name", "activity__reference")

    to_do = django_filters.BooleanFilter(method="filter_to_do", label="À faire")

    class Meta:
        model = ImpactAssessment
        fields = ("q", "is_required", "status", "to_do")

    def filter_to_do(self, queryset, name, value):
        if value is None:
            return queryset
        rows = queryset.filter(is_required=True).exclude(status="realisee")
        return rows if value else queryset.exclude(pk__in=rows.values("pk"))
