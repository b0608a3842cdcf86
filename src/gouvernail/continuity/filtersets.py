import django_filters
from django.utils import timezone

from gouvernail.continuity.models import (
    BackupJob,
    ContinuityPlan,
    ContinuityTest,
    PlanEntry,
    TestResult,
    stale_filter,
    tested_filter,
    verified_filter,
)
from gouvernail.core.filtersets import OrganisationFilterSet

__all__ = (
    "BackupJobFilterSet",
    "ContinuityPlanFilterSet",
    "ContinuityTestFilterSet",
    "PlanEntryFilterSet",
    "TestResultFilterSet",
)


def _flag(queryset, value, condition):
    if value is None:
        return queryset
    return queryset.filter(condition) if value else queryset.exclude(pk__in=queryset.filter(condition).values("pk"))


class ContinuityPlanFilterSet(OrganisationFilterSet):
    search_fields = ("title", "scope")

    class Meta:
        model = ContinuityPlan
        fields = ("q", "kind", "status")


class PlanEntryFilterSet(OrganisationFilterSet):
    search_fields = ("application__name", "recovery_procedure", "dependencies")

    tested = django_filters.BooleanFilter(method="filter_tested", label="Testée dans les 12 mois")

    class Meta:
        model = PlanEntry
        fields = ("q", "plan", "application", "tested")

    def filter_tested(self, queryset, name, value):
        return _flag(queryset, value, tested_filter(timezone.localdate()))


class ContinuityTestFilterSet(OrganisationFilterSet):
    search_fields = ("name", "scope", "issues")

    class Meta:
        model = ContinuityTest
        fields = ("q", "plan", "kind", "status")


class TestResultFilterSet(OrganisationFilterSet):
    __test__ = False
    search_fields = ("test__name", "application__name")

    class Meta:
        model = TestResult
        fields = ("q", "test", "application")


class BackupJobFilterSet(OrganisationFilterSet):
    search_fields = ("name", "application__name")

    stale = django_filters.BooleanFilter(method="filter_stale", label="Plus ancienne que son RPO")
    verified = django_filters.BooleanFilter(method="filter_verified", label="Vérifiée")

    class Meta:
        model = BackupJob
        fields = ("q", "application", "tool", "source", "stale", "verified")

    def filter_stale(self, queryset, name, value):
        return _flag(queryset, value, stale_filter(timezone.now()))

    def filter_verified(self, queryset, name, value):
        return _flag(queryset, value, verified_filter(timezone.now()))
