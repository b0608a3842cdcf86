"""Writes of Nextcloud usage: what the connector (or the demo) calls after reading the instance.

The connector passes one `Account` per Nextcloud user, already reduced to its service, last
login and used bytes; `snapshot_store` keeps only the counts and volumes per service. Neither
a uid nor a display name reaches the database.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from gouvernail.collaboration.models import NextcloudServiceUsage, NextcloudSnapshot, SharedSpace
from gouvernail.core.models import Organisation, User
from gouvernail.core.services import save_as

__all__ = ("ACTIVE_WINDOW", "Account", "is_active_user", "snapshot_store", "space_upsert")

# *Utilisateur Nextcloud actif* (DESIGN.md): logged in during the last 30 days.
ACTIVE_WINDOW = timedelta(days=30)


def is_active_user(last_login: datetime | None, *, at: datetime) -> bool:
    """Whether a login at `last_login` falls in the 30 days up to `at`, both ends included.

    Nextcloud's `lastLogin` of 0 (never logged in) arrives as None.
    """
    return last_login is not None and at - ACTIVE_WINDOW <= last_login <= at


@dataclass(frozen=True)
class Account:
    service_id: int | None  # the service its Nextcloud groups map to, None if none
    last_login: datetime | None
    used_bytes: int = 0


@transaction.atomic
def snapshot_store(
    *,
    organisation: Organisation,
    taken_on: date,
    source: str,
    accounts: Iterable[Account],
    total_bytes: int | None = None,
    active_users: int | None = None,
    shares_count: int | None = None,
    at: datetime | None = None,
) -> NextcloudSnapshot:
    """Stores (or replaces) the organisation's snapshot of `taken_on`, with its per-service rows.

    Active users are counted with the 30-day rule at `at` (default: the end of `taken_on`);
    `active_users` and `total_bytes` override the sums when the instance reports its own
    (serverinfo's `activeUsers.last1month`, storage including group folders). Storing the same
    day twice leaves one snapshot.
    """
    at = at or timezone.make_aware(datetime.combine(taken_on, datetime.max.time()))
    per_service: dict[int | None, list[int]] = {}
    for account in accounts:
        row = per_service.setdefault(account.service_id, [0, 0, 0])
        row[0] += 1
        row[1] += is_active_user(account.last_login, at=at)
        row[2] += account.used_bytes or 0
    NextcloudSnapshot.objects.filter(organisation=organisation, taken_on=taken_on).delete()
    snapshot = NextcloudSnapshot.objects.create(
        organisation=organisation,
        taken_on=taken_on,
        source=source,
        total_users=sum(row[0] for row in per_service.values()),
        active_users=active_users if active_users is not None else sum(row[1] for row in per_service.values()),
        total_bytes=total_bytes if total_bytes is not None else sum(row[2] for row in per_service.values()),
        shares_count=shares_count,
    )
    NextcloudServiceUsage.objects.bulk_create(
        NextcloudServiceUsage(
            organisation=organisation,
            snapshot=snapshot,
            service_id=service_id,
            users=users,
            active_users=active,
            used_bytes=used,
        )
        for service_id, (users, active, used) in per_service.items()
    )
    return snapshot


@transaction.atomic
def space_upsert(
    *,
    organisation: Organisation,
    source: str,
    external_id: str,
    name: str,
    kind: str,
    size_bytes: int,
    quota_bytes: int | None,
    seen_on: date,
    acting_user: User | None = None,
    fill_missing: dict | None = None,
    **defaults,
) -> SharedSpace:
    """Creates or refreshes the space known by (source, external id).

    What the source knows (name, nature, size, quota) is overwritten; what is decided here
    (service, project, responsible) is only set on creation, from `defaults`, so a sync never
    undoes an assignment made in Gouvernail. `fill_missing` values are set on creation and
    whenever the field is still empty (a responsible person the source names, until one is
    chosen here).
    """
    space = SharedSpace.objects.filter(organisation=organisation, source=source, external_id=external_id).first()
    if space is None:
        space = SharedSpace(organisation=organisation, source=source, external_id=external_id, **defaults)
    for key, value in (fill_missing or {}).items():
        if value is not None and getattr(space, key) is None:
            setattr(space, key, value)
    for key, value in {
        "name": name,
        "kind": kind,
        "size_bytes": size_bytes,
        "quota_bytes": quota_bytes,
        "last_seen_on": seen_on,
        "is_active": True,
    }.items():
        setattr(space, key, value)
    space.full_clean(validate_unique=False, validate_constraints=False)
    return save_as(space, acting_user)
