import django_filters
from django.db.models import Subquery

from gouvernail.collaboration.models import NextcloudServiceUsage, NextcloudSnapshot, SharedSpace
from gouvernail.core.filtersets import OrganisationFilterSet

__all__ = ("NextcloudServiceUsageFilterSet", "NextcloudSnapshotFilterSet", "SharedSpaceFilterSet")


class NextcloudSnapshotFilterSet(OrganisationFilterSet):
    taken_from = django_filters.DateFilter(field_name="taken_on", lookup_expr="gte", label="Depuis le")
    taken_to = django_filters.DateFilter(field_name="taken_on", lookup_expr="lte", label="Jusqu'au")
    latest_on = django_filters.DateFilter(method="filter_latest_on", label="Dernier relevé au")

    class Meta:
        model = NextcloudSnapshot
        fields = ("source", "taken_from", "taken_to", "latest_on")

    def filter_latest_on(self, queryset, name, value):
        """The most recent snapshot taken on or before the date: what the usage figures read."""
        latest = queryset.filter(taken_on__lte=value).order_by("-taken_on").values("pk")[:1]
        return queryset.filter(pk=Subquery(latest))


class NextcloudServiceUsageFilterSet(OrganisationFilterSet):
    """The drill-down of « utilisateurs par service »: the rows of one snapshot."""

    search_fields = ("service__name",)
    no_service = django_filters.BooleanFilter(field_name="service", lookup_expr="isnull", label="Sans service")
    snapshot_latest_on = django_filters.DateFilter(method="filter_snapshot_latest_on", label="Dernier relevé au")

    class Meta:
        model = NextcloudServiceUsage
        fields = ("q", "snapshot", "snapshot_latest_on", "service", "no_service")

    def filter_snapshot_latest_on(self, queryset, name, value):
        """The rows of the most recent snapshot taken on or before the date."""
        latest = (
            NextcloudSnapshot.objects.filter(
                organisation_id__in=queryset.values("organisation_id"), taken_on__lte=value
            )
            .order_by("-taken_on")
            .values("pk")[:1]
        )
        return queryset.filter(snapshot_id=Subquery(latest))


class SharedSpaceFilterSet(OrganisationFilterSet):
    """The drill-down of the space indicators (« sans responsable », par service, par projet)."""

    search_fields = ("name", "external_id")
    without_responsible = django_filters.BooleanFilter(
        field_name="responsible", lookup_expr="isnull", label="Sans responsable identifié"
    )
    no_service = django_filters.BooleanFilter(field_name="service", lookup_expr="isnull", label="Sans service")
    no_project = django_filters.BooleanFilter(field_name="project", lookup_expr="isnull", label="Sans projet")

    class Meta:
        model = SharedSpace
        fields = (
            "q",
            "kind",
            "service",
            "no_service",
            "project",
            "no_project",
            "responsible",
            "without_responsible",
            "is_active",
            "source",
        )
