"""Antivirus facts per device, from Defender for Endpoint or a console's CSV export.

Every source ends as the same `ProtectionFact`, shaped for `inventory.Equipment`'s antivirus
fields (product, status, date of the last state) plus what matches a device to the fleet.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from gouvernail.connectors.values import as_int, as_text, read_datetime
from gouvernail.inventory.choices import AntivirusStatus
from gouvernail.inventory.os_rules import classify_os

DEFENDER_PRODUCT = "Microsoft Defender for Endpoint"
# A device that has not reported for a week cannot be said to be protected.
FRESHNESS = timedelta(days=7)
_SENSOR_TROUBLE = {"impairedcommunication", "nosensordata", "nosensordataimpairedcommunication"}


@dataclass(frozen=True)
class ProtectionFact:
    hostname: str  # short name, lower-cased: what matches Equipment.name
    fqdn: str
    product: str
    os_name: str
    os_version: str
    os_class: str  # inventory.choices.OsClass
    last_seen: date | None
    status: str  # inventory.choices.AntivirusStatus
    detail: str  # the console's own words (health status, state), for the run log
    source_id: str = ""


def short_hostname(name: str) -> str:
    """ "pc-compta-01" from "PC-COMPTA-01.mairie.local" or "MAIRIE\\PC-COMPTA-01"."""
    text = as_text(name).lower().rsplit("\\", 1)[-1]
    return text.split(".", 1)[0] if text and not text.replace(".", "").isdigit() else text


def defender_status(item: dict, *, now: datetime) -> str:
    """Protected (UP_TO_DATE) = onboarded, sensor active and seen within a week. Not onboarded
    (discovered only, unsupported) = DISABLED: no Defender protection on that device. Onboarded
    but silent or with sensor trouble = UNKNOWN: its state cannot be vouched for."""
    if as_text(item.get("onboardingStatus")).lower() != "onboarded":
        return AntivirusStatus.DISABLED
    last_seen = read_datetime(item.get("lastSeen"))
    health = as_text(item.get("healthStatus")).lower()
    if health == "active" and last_seen is not None and now - last_seen <= FRESHNESS:
        return AntivirusStatus.UP_TO_DATE
    return AntivirusStatus.UNKNOWN


def map_machine(item: dict, *, now: datetime) -> ProtectionFact | None:
    fqdn = as_text(item.get("computerDnsName")).lower()
    if not fqdn:
        return None
    platform = as_text(item.get("osPlatform"))
    build = as_int(item.get("osBuild"))
    is_windows = platform.lower().startswith("windows")
    os_version = f"10.0.{build}" if is_windows and build and build >= 10240 else as_text(item.get("version"))
    last_seen = read_datetime(item.get("lastSeen"))
    return ProtectionFact(
        hostname=short_hostname(fqdn),
        fqdn=fqdn,
        product=DEFENDER_PRODUCT,
        os_name=platform,
        os_version=os_version,
        os_class=classify_os(platform, os_version),
        last_seen=last_seen.date() if last_seen else None,
        status=defender_status(item, now=now),
        detail=" / ".join(filter(None, (as_text(item.get("onboardingStatus")), as_text(item.get("healthStatus"))))),
        source_id=as_text(item.get("id")),
    )


def latest_per_host(facts: Iterable[ProtectionFact | None]) -> tuple[ProtectionFact, ...]:
    """One fact per hostname, the most recently seen: a re-onboarded device appears twice in
    Defender, and a CSV may list a machine once per console group."""
    latest: dict[str, ProtectionFact] = {}
    for fact in facts:
        if fact is None:
            continue
        current = latest.get(fact.hostname)
        if current is None or (fact.last_seen or date.min) > (current.last_seen or date.min):
            latest[fact.hostname] = fact
    return tuple(sorted(latest.values(), key=lambda fact: fact.hostname))


__all__ = (
    "DEFENDER_PRODUCT",
    "ProtectionFact",
    "defender_status",
    "latest_per_host",
    "map_machine",
    "short_hostname",
)
