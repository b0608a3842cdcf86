"""GLPI connector (legacy REST API): client (`client.py`) and mapper (`mapper.py`); the run
lives elsewhere. An alternative to GestSup for the fleet and the requests.

Client — `with GlpiClient(".../apirest.php", user_token=, app_token=) as glpi:` opens a
session (`initSession`) and kills it on exit, even after a failure. `computers(page_size=)`
→ search rows keyed by search option ("1" name, "5" serial, "45"/"46"/"48" OS name, version,
kernel version…); `tickets(page_size=)` → raw ticket rows, dropdowns expanded. Both page with
`range` / `Content-Range` and stop at the total GLPI gives.

Mapper outputs (frozen dataclasses):
- `GlpiComputer(remote_id, name, serial, manufacturer, model, os_name, os_version, os_class,
  entity)` — match an `inventory.Equipment` by serial, else name; `os_class` is `OsClass`,
  from the kernel version when GLPI has it (≥ 9.3), else from the OS name.
- `GlpiTicket(remote_id, opened_at, resolved_at, closed_at, modified_at, status, request_type,
  category, subcategory, entity, time_spent_minutes)` — one `servicedesk.Request` (source
  GLPI, `external_id=str(remote_id)`, `status` already a `RequestStatus`); no title, text nor
  people. Tickets in the trash map to None. GLPI dates are local: read in Europe/Paris unless
  `map_ticket(row, timezone=)` says otherwise.
"""
