from gouvernail.collaboration import filtersets, forms, tables
from gouvernail.collaboration.models import NextcloudServiceUsage, NextcloudSnapshot, SharedSpace
from gouvernail.core.views.generic import ObjectViewSet


class NextcloudSnapshotViews(ObjectViewSet):
    model = NextcloudSnapshot
    table = tables.NextcloudSnapshotTable
    filterset = filtersets.NextcloudSnapshotFilterSet
    read_only = True
    detail_fields = (
        "taken_on",
        "source",
        "active_users",
        "total_users",
        ("total_gb", "volume utilisé (Go)"),
        "shares_count",
    )
    related_lists = (("Par service", "service_usages", tables.NextcloudServiceUsageTable),)


class NextcloudServiceUsageViews(ObjectViewSet):
    model = NextcloudServiceUsage
    table = tables.NextcloudServiceUsageTable
    filterset = filtersets.NextcloudServiceUsageFilterSet
    read_only = True
    select_related = ("snapshot", "service")
    detail_fields = ("snapshot", "service", "users", ("active_users_shown", "utilisateurs actifs (30 jours)"))


class SharedSpaceViews(ObjectViewSet):
    model = SharedSpace
    table = tables.SharedSpaceTable
    filterset = filtersets.SharedSpaceFilterSet
    form = forms.SharedSpaceForm
    select_related = ("service", "project", "responsible")
    detail_fields = (
        "name",
        "kind",
        "service",
        "project",
        ("responsible_label", "responsable"),
        ("size_gb", "volume (Go)"),
        "quota_bytes",
        "source",
        "external_id",
        "last_seen_on",
        "is_active",
    )
