"""Nextcloud JSON → what the cockpit keeps: a usage snapshot, per-service volumes, spaces.

Account details are read only to be summed per service: the uid is kept in `Account` for
de-duplication within one run, never meant to be stored; no e-mail, no display name.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from gouvernail.connectors.values import as_bool, as_int, as_text, from_epoch, normalise_email, to_date

UNLIMITED_QUOTA = -3


@dataclass(frozen=True)
class ServerSnapshot:
    """serverinfo at one moment. None = this Nextcloud version does not report it."""

    version: str
    accounts_seen: int | None  # num_users: accounts that logged in at least once, not all accounts
    accounts_disabled: int | None  # absent before NC 28-ish
    files: int | None  # cached count, refreshed by a background job
    shares: int | None
    link_shares: int | None
    link_shares_without_password: int | None
    free_space: int | None
    database_size: int | None
    active_last_24_hours: int | None
    active_last_7_days: int | None
    active_last_month: int | None  # last1month, or last30days on older releases


@dataclass(frozen=True)
class Account:
    uid: str
    enabled: bool
    groups: tuple[str, ...]
    used_bytes: int
    quota_bytes: int | None  # None: unlimited or not set
    last_login: date | None  # None: never logged in
    email: str = ""  # lower-cased; only to find the person behind a space manager, never stored


@dataclass(frozen=True)
class ServiceUsage:
    """One service's (or unmatched accounts', service=None) share of Nextcloud."""

    service: str | None
    accounts: int
    active_accounts: int
    used_bytes: int


@dataclass(frozen=True)
class Manager:
    kind: str  # "user", "group" or "circle"
    identifier: str
    display_name: str


@dataclass(frozen=True)
class Space:
    """A group folder / team folder."""

    remote_id: int
    mount_point: str
    groups: tuple[str, ...]
    size_bytes: int | None
    quota_bytes: int | None  # None: unlimited
    acl: bool
    managers: tuple[Manager, ...]  # only meaningful when acl is true

    @property
    def has_manager(self) -> bool:
        return self.acl and bool(self.managers)


def map_server_info(data: dict) -> ServerSnapshot:
    nextcloud = _dict(data.get("nextcloud"))
    system, storage, shares = (_dict(nextcloud.get(key)) for key in ("system", "storage", "shares"))
    active = _dict(data.get("activeUsers"))
    database = _dict(_dict(data.get("server")).get("database"))
    month = active.get("last1month", active.get("last30days"))
    return ServerSnapshot(
        version=as_text(system.get("version")),
        accounts_seen=as_int(storage.get("num_users")),
        accounts_disabled=as_int(storage.get("num_disabled_users")),
        files=as_int(storage.get("num_files")),
        shares=as_int(shares.get("num_shares")),
        link_shares=as_int(shares.get("num_shares_link")),
        link_shares_without_password=as_int(shares.get("num_shares_link_no_password")),
        free_space=as_int(system.get("freespace")),
        database_size=as_int(database.get("size")),
        active_last_24_hours=as_int(active.get("last24hours")),
        active_last_7_days=as_int(active.get("last7days")),
        active_last_month=as_int(month),
    )


def map_account(item: dict) -> Account | None:
    """None for an item without an id (nothing to count it under)."""
    uid = as_text(item.get("id"))
    if not uid:
        return None
    quota = _dict(item.get("quota"))
    total = as_int(quota.get("quota"))
    # lastLogin is in milliseconds; lastLoginTimestamp (seconds) only exists on recent releases.
    last_login = from_epoch(item.get("lastLogin"), milliseconds=True) or from_epoch(item.get("lastLoginTimestamp"))
    groups = item.get("groups")
    return Account(
        uid=uid,
        enabled=as_bool(item.get("enabled")) is not False,
        groups=tuple(as_text(group) for group in groups if as_text(group)) if isinstance(groups, list) else (),
        used_bytes=max(as_int(quota.get("used")) or 0, 0),
        quota_bytes=total if total is not None and total >= 0 else None,
        last_login=to_date(last_login),
        email=normalise_email(item.get("email")),
    )


def usage_by_service(
    accounts: Iterable[Account],
    service_for_group: Callable[[str], str | None],
    *,
    today: date,
    active_within_days: int = 30,
) -> tuple[ServiceUsage, ...]:
    """Accounts, active accounts and bytes per service. An account counts once, under the
    first of its groups (in Nextcloud's order) that maps to a service, else under None.
    Disabled accounts are left out."""
    since = today - timedelta(days=active_within_days)
    totals: dict[str | None, list[int]] = {}
    seen: set[str] = set()
    for account in accounts:
        if not account.enabled or account.uid in seen:
            continue
        seen.add(account.uid)
        service = next((s for s in map(service_for_group, account.groups) if s), None)
        row = totals.setdefault(service, [0, 0, 0])
        row[0] += 1
        row[1] += 1 if account.last_login is not None and account.last_login >= since else 0
        row[2] += account.used_bytes
    return tuple(
        ServiceUsage(service=service, accounts=row[0], active_accounts=row[1], used_bytes=row[2])
        for service, row in sorted(totals.items(), key=lambda item: (item[0] is None, item[0] or ""))
    )


def map_space(item: dict) -> Space | None:
    remote_id = as_int(item.get("id"))
    if remote_id is None:
        return None
    groups = item.get("groups")
    quota = as_int(item.get("quota"))
    managers = []
    for manager in item.get("manage") or []:
        if isinstance(manager, dict) and as_text(manager.get("id")):
            managers.append(
                Manager(
                    kind=as_text(manager.get("type")) or "user",
                    identifier=as_text(manager.get("id")),
                    display_name=as_text(manager.get("displayname")) or as_text(manager.get("id")),
                )
            )
    return Space(
        remote_id=remote_id,
        mount_point=as_text(item.get("mount_point")),
        # {"group": permissions} on every release; tolerate a bare list.
        groups=tuple(sorted(groups)) if isinstance(groups, dict | list) else (),
        size_bytes=as_int(item.get("size")),
        quota_bytes=quota if quota is not None and quota >= 0 else None,
        acl=as_bool(item.get("acl")) is True,
        managers=tuple(managers),
    )


def _dict(value) -> dict:
    return value if isinstance(value, dict) else {}


__all__ = (
    "Account",
    "Manager",
    "ServerSnapshot",
    "ServiceUsage",
    "Space",
    "map_account",
    "map_server_info",
    "map_space",
    "usage_by_service",
)
