"""One synchronisation of Nextcloud: the day's usage snapshot and the group/team folders.

Accounts are reduced to (service, last login, bytes) on the way in: a Nextcloud group maps to
the service the connector's settings give it (`group_services`), else to the service of the
same name (case and accents ignored); an account counts under its first group that maps.
Groups of accounts that map to no service are named in the run's warnings, so that the
mapping can be completed. A group folder's responsible person is its first ACL manager whose
account e-mail is a person's of the référentiel (`core.services.person_ids_by_email`); it is
set when the space has none, never over a choice made in Gouvernail. No uid nor display name
reaches `collaboration.services`. A snapshot equal to the one already stored for the day is not
rewritten, so a second sync writes nothing.
"""

from datetime import date, datetime, time

from django.db import transaction
from django.utils import timezone

from gouvernail.collaboration.choices import SpaceKind, UsageSource
from gouvernail.collaboration.models import NextcloudSnapshot, SharedSpace
from gouvernail.collaboration.services import Account, snapshot_store, space_upsert
from gouvernail.connectors.nextcloud.client import NextcloudClient
from gouvernail.connectors.nextcloud.mapper import map_account, map_server_info, map_space
from gouvernail.connectors.spreadsheet.parsers import normalize
from gouvernail.connectors.sync_base import Progress, SyncCounts
from gouvernail.core.models import Organisation, Service
from gouvernail.core.services import person_ids_by_email, save_as

__all__ = ("sync",)

SOURCE = UsageSource.NEXTCLOUD


class _Same(Exception):
    """Rolls back a snapshot identical to the stored one."""


def _signature(snapshot: NextcloudSnapshot | None):
    if snapshot is None:
        return None
    rows = sorted(
        snapshot.service_usages.values_list("service_id", "users", "active_users", "used_bytes"),
        key=lambda row: (row[0] is None, row[0] or 0),
    )
    return (snapshot.total_users, snapshot.active_users, snapshot.total_bytes, snapshot.shares_count, rows)


def sync(
    organisation: Organisation,
    client: NextcloudClient,
    *,
    today: date | None = None,
    progress: Progress | None = None,
    group_services: dict[str, int] | None = None,
) -> SyncCounts:
    today = today or timezone.localdate()
    counts = SyncCounts()
    known = dict(Service.objects.filter(organisation=organisation).values_list("pk", "name"))
    services = {normalize(name): pk for pk, name in known.items()}
    # The settings' choices win over the same-name rule; a service deleted since is ignored.
    services.update({normalize(group): pk for group, pk in (group_services or {}).items() if pk in known})
    unmapped: set[str] = set()

    def service_of(groups) -> int | None:
        return next((services[key] for key in map(normalize, groups) if key in services), None)

    with transaction.atomic():
        server = map_server_info(client.server_info())
        accounts, seen = [], set()
        # uid → e-mail, held for this run only: a space manager is named by uid.
        emails: dict[str, str] = {}
        for item in client.user_details():
            account = map_account(item)
            if account is None or not account.enabled or account.uid in seen:
                continue
            seen.add(account.uid)
            if account.email:
                emails[account.uid] = account.email
            login = account.last_login
            service_id = service_of(account.groups)
            if service_id is None:
                unmapped.update(group for group in account.groups if normalize(group) != "admin")
            accounts.append(
                Account(
                    service_id=service_id,
                    last_login=timezone.make_aware(datetime.combine(login, time(12))) if login else None,
                    used_bytes=account.used_bytes,
                )
            )
            if progress:
                progress(len(accounts), 0)
        folders = [space for space in map(map_space, client.group_folders()) if space is not None]
        _snapshot_write(organisation, today, server, accounts, counts)
        people = person_ids_by_email(organisation)

        def responsible_of(folder) -> int | None:
            if not folder.acl:
                return None
            users = (manager.identifier for manager in folder.managers if manager.kind == "user")
            return next((people[emails[uid]] for uid in users if emails.get(uid) in people), None)

        _spaces_write(organisation, today, folders, service_of, responsible_of, counts)
    if unmapped:
        counts.warnings.append(
            "Groupes Nextcloud rattachés à aucun service (à compléter dans les paramètres du connecteur) : "
            + ", ".join(sorted(unmapped)[:30])
            + "."
        )
    return counts


def _snapshot_write(organisation, today, server, accounts, counts: SyncCounts) -> None:
    previous = NextcloudSnapshot.objects.filter(organisation=organisation, taken_on=today).first()
    before = _signature(previous)
    try:
        with transaction.atomic():
            stored = snapshot_store(
                organisation=organisation,
                taken_on=today,
                source=SOURCE,
                accounts=accounts,
                active_users=server.active_last_month,
                shares_count=server.shares,
            )
            if before is not None and _signature(stored) == before:
                raise _Same
    except _Same:
        counts.add("unchanged")
        return
    counts.add("created" if previous is None else "updated")


def _spaces_write(organisation, today, folders, service_of, responsible_of, counts: SyncCounts) -> None:
    existing = {
        space.external_id: space for space in SharedSpace.objects.filter(organisation=organisation, source=SOURCE)
    }
    for folder in folders:
        external_id = str(folder.remote_id)
        values = {
            "name": folder.mount_point[:200] or f"Dossier {external_id}",
            "kind": SpaceKind.GROUP_FOLDER,
            "size_bytes": folder.size_bytes or 0,
            "quota_bytes": folder.quota_bytes,
        }
        space = existing.pop(external_id, None)
        responsible_id = responsible_of(folder)
        if space is not None and space.is_active and space.last_seen_on == today:
            fills = responsible_id is not None and space.responsible_id is None
            if not fills and all(getattr(space, key) == value for key, value in values.items()):
                counts.add("unchanged")
                continue
        space_upsert(
            organisation=organisation,
            source=SOURCE,
            external_id=external_id,
            seen_on=today,
            service_id=service_of(folder.groups),
            fill_missing={"responsible_id": responsible_id},
            **values,
        )
        counts.add("created" if space is None else "updated")
    # A folder gone from Nextcloud is kept (its history, its assignment) but marked absent.
    for space in existing.values():
        if space.is_active:
            space.is_active = False
            save_as(space, None)
            counts.add("deleted")
