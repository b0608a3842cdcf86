from datetime import timedelta

import django_filters
from django.utils import timezone

from gouvernail.compliance.models import (
    Assessment,
    Framework,
    IncidentClock,
    MeasureAssessment,
    Nis2Profile,
    SecurityIncident,
)
from gouvernail.core.filtersets import OrganisationFilterSet
from gouvernail.servicedesk.filtersets import local_midnight

__all__ = (
    "AssessmentFilterSet",
    "FrameworkFilterSet",
    "MeasureAssessmentFilterSet",
    "Nis2ProfileFilterSet",
    "SecurityIncidentFilterSet",
)


class FrameworkFilterSet(OrganisationFilterSet):
    search_fields = ("name", "provider", "urn")

    class Meta:
        model = Framework
        fields = ("q",)


class AssessmentFilterSet(OrganisationFilterSet):
    search_fields = ("title", "notes")

    class Meta:
        model = Assessment
        fields = ("q", "version")


class MeasureAssessmentFilterSet(OrganisationFilterSet):
    search_fields = ("measure__title", "measure__ref_id", "comments")
    with_evidence = django_filters.BooleanFilter(
        method="filter_with_evidence", label="Avec une proposition issue des données"
    )

    class Meta:
        model = MeasureAssessment
        fields = ("q", "assessment", "status", "proposed_status", "owner", "with_evidence")

    def filter_with_evidence(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.exclude(proposed_status="") if value else queryset.filter(proposed_status="")


class SecurityIncidentFilterSet(OrganisationFilterSet):
    search_fields = ("title", "description")
    overdue = django_filters.BooleanFilter(method="filter_overdue", label="Déclaration en retard")
    detected_from = django_filters.DateFilter(method="filter_from", label="Détecté depuis le")
    detected_to = django_filters.DateFilter(method="filter_to", label="Détecté jusqu'au")

    class Meta:
        model = SecurityIncident
        fields = (
            "q",
            "status",
            "severity",
            "personal_data",
            "nis2_significant",
            "overdue",
            "detected_from",
            "detected_to",
        )

    def filter_from(self, queryset, name, value):
        return queryset.filter(detected_at__gte=local_midnight(value))

    def filter_to(self, queryset, name, value):
        return queryset.filter(detected_at__lt=local_midnight(value + timedelta(days=1)))

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        # Read from the deadlines, not the stored state: a clock is late the minute it passes.
        late = (
            IncidentClock.objects.pending()
            .filter(deadline__lt=timezone.now(), incident__in=queryset)
            .values("incident_id")
        )
        return queryset.filter(pk__in=late) if value else queryset.exclude(pk__in=late)


class Nis2ProfileFilterSet(OrganisationFilterSet):
    class Meta:
        model = Nis2Profile
        fields = ("q",)
