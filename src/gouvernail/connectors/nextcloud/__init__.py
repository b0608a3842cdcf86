"""Nextcloud connector: HTTP client (`client.py`) and mapper (`mapper.py`); the run lives elsewhere.

Client — `NextcloudClient(base_url, username=, app_password=)` (admin account, app password):
`server_info()` → serverinfo `data`; `user_details(page_size=)` → every account's detail
object (`cloud/users/details`, limit/offset paging); `group_folders()` → every group/team
folder (both app generations). v1 and v2 OCS envelopes are unwrapped alike; an OCS failure
inside an HTTP 200 raises.

Mapper outputs (frozen dataclasses, ready to write into `collaboration` models):
- `ServerSnapshot` — one usage measurement: version, accounts seen, accounts disabled, files,
  shares, link shares (and without password), free space, database size, active accounts over
  24 h / 7 days / a month. None = not reported by this version (never 0). One row per period.
- `ServiceUsage(service, accounts, active_accounts, used_bytes)` — from
  `usage_by_service(accounts, service_for_group, today=)`: the per-service volume snapshot;
  `service=None` gathers accounts whose groups map to no service. `Account` (uid, groups,
  usage, last login date) is an intermediate and is not meant to be stored.
- `Space(remote_id, mount_point, groups, size_bytes, quota_bytes, acl, managers)` with
  `has_manager` — a shared space; key it on `remote_id`. `managers` are the ACL managers
  (`Manager(kind, identifier, display_name)`), the only responsible-person signal Nextcloud has.
"""
