from datetime import date

import django_filters
from django.db.models import Q

from gouvernail.core.filtersets import OrganisationFilterSet
from gouvernail.steering.models import (
    ActionItem,
    ActionOccurrence,
    ExpectedDecision,
    Milestone,
    Project,
    RoadmapAxis,
    RoadmapItem,
    RoadmapTheme,
    StatusReport,
)

__all__ = (
    "ActionItemFilterSet",
    "ExpectedDecisionFilterSet",
    "MilestoneFilterSet",
    "ProjectFilterSet",
    "RoadmapAxisFilterSet",
    "RoadmapItemFilterSet",
    "RoadmapThemeFilterSet",
    "StatusReportFilterSet",
)


def roadmap_axis_filter() -> django_filters.ModelChoiceFilter:
    """Rows of a roadmap axis as the roadmap counts them (its progress): attached to the axis
    (field « axe ») or linked to one of its items — each row once."""
    return django_filters.ModelChoiceFilter(
        queryset=RoadmapAxis.objects.all(),
        method="filter_roadmap_axis",
        label="Axe (direct ou via la feuille de route)",
    )


class ActionItemFilterSet(OrganisationFilterSet):
    search_fields = ("title", "description", "remarks")

    overdue = django_filters.BooleanFilter(method="filter_overdue", label="En retard")
    roadmap_axis = roadmap_axis_filter()

    class Meta:
        model = ActionItem
        fields = (
            "q",
            "status",
            "stop_reason",
            "priority",
            "axis",
            "roadmap_axis",
            "owner_person",
            "owner_vendor",
            "overdue",
        )

    def filter_overdue(self, queryset, name, value):
        late = queryset.overdue(date.today())
        return late if value else queryset.exclude(pk__in=late.values("pk"))

    def filter_roadmap_axis(self, queryset, name, value):
        linked = RoadmapItem.actions.through.objects.filter(roadmapitem__axis=value).values("actionitem_id")
        return queryset.filter(Q(axis=value) | Q(pk__in=linked))


class ProjectFilterSet(OrganisationFilterSet):
    search_fields = ("name", "description")

    running = django_filters.BooleanFilter(method="filter_running", label="En cours (toutes météos)")
    roadmap_axis = roadmap_axis_filter()

    class Meta:
        model = Project
        fields = ("q", "status", "running", "is_structuring", "structuring_kind", "axis", "roadmap_axis", "lead")

    def filter_running(self, queryset, name, value):
        running = queryset.running()
        return running if value else queryset.exclude(pk__in=running.values("pk"))

    def filter_roadmap_axis(self, queryset, name, value):
        linked = RoadmapItem.projects.through.objects.filter(roadmapitem__axis=value).values("project_id")
        return queryset.filter(Q(axis=value) | Q(pk__in=linked))


class StatusReportFilterSet(OrganisationFilterSet):
    search_fields = ("summary", "blockers", "next_steps", "project__name")

    class Meta:
        model = StatusReport
        fields = ("q", "project", "status")


class MilestoneFilterSet(OrganisationFilterSet):
    search_fields = ("name", "project__name")

    class Meta:
        model = Milestone
        fields = ("q", "project")


class ExpectedDecisionFilterSet(OrganisationFilterSet):
    search_fields = ("question", "options", "project__name")

    class Meta:
        model = ExpectedDecision
        fields = ("q", "project", "is_settled")


class RoadmapAxisFilterSet(OrganisationFilterSet):
    search_fields = ("name", "description")

    class Meta:
        model = RoadmapAxis
        fields = ("q",)


class RoadmapThemeFilterSet(OrganisationFilterSet):
    search_fields = ("title", "description")

    class Meta:
        model = RoadmapTheme
        fields = ("q", "year")


class RoadmapItemFilterSet(OrganisationFilterSet):
    search_fields = ("title",)

    class Meta:
        model = RoadmapItem
        fields = ("q", "axis", "year", "status", "is_estimate")


class ActionOccurrenceFilterSet(OrganisationFilterSet):
    search_fields = ("note", "action__title")
    pending = django_filters.BooleanFilter(field_name="done_on", lookup_expr="isnull", label="À faire")

    class Meta:
        model = ActionOccurrence
        fields = ("q", "action", "pending")
