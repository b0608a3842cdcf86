"""Builders for the rows of the `collaboration` app: a valid row with sensible defaults, overridable."""

from datetime import date

from gouvernail.collaboration.models import NextcloudServiceUsage, NextcloudSnapshot, SharedSpace
from gouvernail.core.models import Organisation, Service


def make_snapshot(organisation: Organisation, taken_on: date = date(2026, 3, 1), **fields) -> NextcloudSnapshot:
    defaults = {"source": "nextcloud", "active_users": 80, "total_users": 100, "total_bytes": 50 * 1024**3}
    return NextcloudSnapshot.objects.create(organisation=organisation, taken_on=taken_on, **{**defaults, **fields})


def make_service_usage(snapshot: NextcloudSnapshot, service: Service | None = None, **fields) -> NextcloudServiceUsage:
    defaults = {"users": 10, "active_users": 8, "used_bytes": 5 * 1024**3}
    return NextcloudServiceUsage.objects.create(
        organisation=snapshot.organisation, snapshot=snapshot, service=service, **{**defaults, **fields}
    )


def make_shared_space(organisation: Organisation, name: str = "Finances", **fields) -> SharedSpace:
    return SharedSpace.objects.create(organisation=organisation, name=name, **{"size_bytes": 2 * 1024**3, **fields})
