"""The figures of the « Nextcloud — usages & gouvernance » board, for one organisation.

Usage figures read the latest snapshot (or the one given); the volume trend keeps the last
snapshot of each month. Per-service user counts under GOUVERNAIL_MIN_GROUP_SIZE accounts, and
their complements (core.privacy), are flagged `hidden` (« effectif insuffisant »). Space
figures count the spaces still present.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Sum

from gouvernail.collaboration.models import BYTES_PER_GB, NextcloudServiceUsage, NextcloudSnapshot, SharedSpace
from gouvernail.core.models import Organisation, Service
from gouvernail.core.privacy import suppress

__all__ = (
    "ServiceUsageRow",
    "active_users",
    "latest_snapshot",
    "shared_spaces_count",
    "spaces_per_project",
    "spaces_per_service",
    "spaces_without_responsible",
    "total_volume_gb",
    "users_per_service",
    "volume_by_month",
)

NO_SERVICE = "Sans service"


def latest_snapshot(organisation: Organisation, *, on: date | None = None) -> NextcloudSnapshot | None:
    """The most recent snapshot (taken on or before `on`)."""
    snapshots = NextcloudSnapshot.objects.filter(organisation=organisation)
    if on is not None:
        snapshots = snapshots.filter(taken_on__lte=on)
    return snapshots.order_by("-taken_on").first()


def active_users(organisation: Organisation, *, on: date | None = None) -> int | None:
    """Accounts logged in during the 30 days before the latest snapshot; None without any."""
    snapshot = latest_snapshot(organisation, on=on)
    return snapshot.active_users if snapshot else None


def total_volume_gb(organisation: Organisation, *, on: date | None = None) -> float | None:
    snapshot = latest_snapshot(organisation, on=on)
    return snapshot.total_gb if snapshot else None


@dataclass(frozen=True)
class ServiceUsageRow:
    service: Service | None
    users: int
    active_users: int
    used_bytes: int
    hidden: bool

    @property
    def label(self) -> str:
        return self.service.name if self.service is not None else NO_SERVICE

    @property
    def used_gb(self) -> float:
        return self.used_bytes / BYTES_PER_GB


def users_per_service(
    organisation: Organisation, *, snapshot: NextcloudSnapshot | None = None
) -> list[ServiceUsageRow]:
    """Accounts, active accounts and volume per service in a snapshot (the latest by default)."""
    snapshot = snapshot or latest_snapshot(organisation)
    if snapshot is None:
        return []
    usages = NextcloudServiceUsage.objects.filter(organisation=organisation, snapshot=snapshot).select_related(
        "service"
    )
    usages = list(usages)
    suppression = suppress([u.users for u in usages])
    rows = [
        ServiceUsageRow(u.service, u.users, u.active_users, u.used_bytes, hidden=suppression.is_hidden(index))
        for index, u in enumerate(usages)
    ]
    return sorted(rows, key=lambda row: (row.service is None, row.label.lower()))


def volume_by_month(organisation: Organisation, *, since: date | None = None) -> list[tuple[date, NextcloudSnapshot]]:
    """(first day of the month, the month's last snapshot), oldest first."""
    snapshots = NextcloudSnapshot.objects.filter(organisation=organisation).order_by("taken_on")
    if since is not None:
        snapshots = snapshots.filter(taken_on__gte=since)
    by_month: dict[date, NextcloudSnapshot] = {}
    for snapshot in snapshots.only("taken_on", "total_bytes", "active_users", "total_users"):
        by_month[snapshot.taken_on.replace(day=1)] = snapshot  # later ones replace earlier ones
    return list(by_month.items())


def shared_spaces_count(organisation: Organisation) -> int:
    return SharedSpace.objects.filter(organisation=organisation).current().count()


def spaces_without_responsible(organisation: Organisation) -> int:
    return SharedSpace.objects.filter(organisation=organisation).current().without_responsible().count()


def _spaces_per(organisation: Organisation, field: str) -> list[dict]:
    rows = (
        SharedSpace.objects.filter(organisation=organisation)
        .current()
        .values(f"{field}_id", f"{field}__name")
        .annotate(spaces=Count("pk"), size_bytes=Sum("size_bytes"))
    )
    found = [
        {
            "id": row[f"{field}_id"],
            "name": row[f"{field}__name"],
            "spaces": row["spaces"],
            "size_bytes": row["size_bytes"],
        }
        for row in rows.order_by()
    ]
    # Spaces serving nothing come last, whatever the database's order of NULLs.
    return sorted(found, key=lambda row: (row["id"] is None, (row["name"] or "").lower()))


def spaces_per_service(organisation: Organisation) -> list[dict]:
    """[{id, name, spaces, size_bytes}] per service; id None for spaces serving no service."""
    return _spaces_per(organisation, "service")


def spaces_per_project(organisation: Organisation) -> list[dict]:
    """[{id, name, spaces, size_bytes}] per project; id None for spaces serving no project."""
    return _spaces_per(organisation, "project")
