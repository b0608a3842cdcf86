"""Antivirus connector: Defender for Endpoint client (`client.py`), mapper (`mapper.py`) and a
CSV reader for the other consoles (`exports.py`); the run lives elsewhere.

Client — `DefenderClient(token_provider=MsalTokenProvider(..., scope=DEFENDER_SCOPE))`:
`machines(page_size=)` → every machine of `/api/machines` ($top/$skip, or @odata.nextLink).

CSV — `parse_export(bytes_or_text, product=)` reads ESET PROTECT, Bitdefender GravityZone,
Intune « Defender agents » or a hand-made file (columns hostname, product, last seen,
protection status — French or English headers, `;` `,` or tab, UTF-8 or Windows-1252). Any
unreadable cell raises `ExportError` naming line and column: import all or nothing.

Mapper output, the same for both (frozen dataclass `ProtectionFact`):
`hostname` (short, lower-cased: match `inventory.Equipment.name`), `fqdn`, `product`,
`os_name`, `os_version`, `os_class` (`OsClass`), `last_seen` (date), `status`
(`inventory.choices.AntivirusStatus`, i.e. `Equipment.antivirus_status`), `detail` (the
console's words) and `source_id`. `latest_per_host(facts)` keeps one fact per hostname.
Defender rule: onboarded + sensor Active + seen within 7 days = up to date; not onboarded =
disabled; onboarded but silent = unknown.
"""
