"""GestSup rows → our rows: requests (servicedesk.Request) and equipment (inventory.Equipment).

Pure functions over plain values, so that they are tested without any database. The
lookups (labels of states, types, categories, services, places…) are read once per run.
"""

import datetime as dt
import re
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from gouvernail.connectors.gestsup.client import ASSET_COLUMNS, TICKET_COLUMNS
from gouvernail.inventory.choices import EquipmentFamily, EquipmentState
from gouvernail.servicedesk.choices import RequestStatus

__all__ = ("AssetLookups", "TicketLookups", "map_asset", "map_ticket", "source_datetime", "ticket_status")

TICKET = {name: index for index, name in enumerate(TICKET_COLUMNS)}
ASSET = {name: index for index, name in enumerate(ASSET_COLUMNS)}

# GestSup's own state ids carry their meaning in its code (its statistics count state 3 as
# resolved), whatever an administrator renamed them to: read by id first.
STANDARD_STATES = {
    1: RequestStatus.NEW,  # Attente PEC (waiting to be taken on)
    2: RequestStatus.IN_PROGRESS,  # En cours
    3: RequestStatus.RESOLVED,  # Résolu
    4: RequestStatus.CANCELLED,  # Rejeté
    5: RequestStatus.NEW,  # Non attribué (the default state of a new ticket)
    6: RequestStatus.PENDING,  # Attente retour (waiting for the requester)
}
# States an installation added: read from their name.
_STATE_WORDS = (
    (RequestStatus.CLOSED, r"cl[ôo]tur|ferm[ée]"),
    (RequestStatus.RESOLVED, r"r[ée]solu|termin"),
    (RequestStatus.CANCELLED, r"rejet|annul|refus"),
    (RequestStatus.PENDING, r"attente|suspendu"),
    (RequestStatus.NEW, r"nouveau|non attribu"),
    (RequestStatus.IN_PROGRESS, r"cours|trait"),
)
# Names GestSup gives to "nothing" in its lookup tables (row 0).
_NONE_LABELS = {"", "aucun", "aucune"}


def source_datetime(value, tz: ZoneInfo) -> dt.datetime | None:
    """A GestSup datetime (naive, in the server's time zone) as an aware one; zero dates → None.

    PyMySQL hands zero dates back as the string '0000-00-00 00:00:00' (or '0000-00-00').
    An hour that does not exist or happens twice at a DST change takes its first reading
    (fold=0) rather than failing the run.
    """
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=tz)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time(), tzinfo=tz)
    return None


def source_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return None  # zero date or empty


def label(labels: dict[int, str], key) -> str:
    name = labels.get(key, "") if key else ""
    return "" if name.strip().lower() in _NONE_LABELS else name.strip()


def ticket_status(state_id: int, state_name: str, meta: int, resolved: bool) -> str:
    if state_id in STANDARD_STATES:
        return STANDARD_STATES[state_id]
    name = (state_name or "").lower()
    for status, pattern in _STATE_WORDS:
        if re.search(pattern, name):
            return status
    if meta == 1:  # GestSup counts it among the open tickets
        return RequestStatus.IN_PROGRESS
    return RequestStatus.RESOLVED if resolved else RequestStatus.IN_PROGRESS


def _normalised(name: str) -> str:
    return " ".join((name or "").split()).casefold()


@dataclass
class TicketLookups:
    """What a ticket's ids point at, read once per run, and how our own rows are named."""

    states: dict[int, tuple[str, int]]
    types: dict[int, str]
    categories: dict[int, str]
    subcategories: dict[int, str]
    services: dict[int, str]
    places: dict[int, str]
    agencies: dict[int, str]
    # Our services and sites of the organisation, by normalised name → pk.
    our_services: dict[str, int] = field(default_factory=dict)
    our_sites: dict[str, int] = field(default_factory=dict)
    # Technician groups ({id: name}): the request's assignment group, mapped to a vendor.
    groups: dict[int, str] = field(default_factory=dict)

    def service_id(self, gestsup_service) -> int | None:
        name = label(self.services, gestsup_service)
        return self.our_services.get(_normalised(name)) if name else None

    def site_id(self, place, agency) -> int | None:
        """The ticket's place (lieu) names the site; without one, the requester's agency."""
        for name in (label(self.places, place), label(self.agencies, agency)):
            if name and _normalised(name) in self.our_sites:
                return self.our_sites[_normalised(name)]
        return None


def is_live_ticket(row: tuple) -> bool:
    """A disabled ticket is a deleted one; a template (recurring-ticket model) is not a request."""
    return not row[TICKET["disable"]] and not row[TICKET["template"]]


def map_ticket(row: tuple, lookups: TicketLookups, resolve_family, tz: ZoneInfo) -> dict:
    """One tincidents row → the field values of a servicedesk.Request (external_id included).

    `resolve_family` is servicedesk.services.family_resolver(organisation).
    """
    resolved_at = source_datetime(row[TICKET["date_res"]], tz)
    state_id = row[TICKET["state"]]
    state_name, meta = lookups.states.get(state_id, ("", 0))
    category = label(lookups.categories, row[TICKET["category"]])
    subcategory = label(lookups.subcategories, row[TICKET["subcat"]])
    opened_at = source_datetime(row[TICKET["date_create"]], tz)
    modified_at = source_datetime(row[TICKET["date_modif"]], tz)
    minutes = row[TICKET["time"]]
    return {
        "external_id": str(row[TICKET["id"]]),
        # A ticket without a creation date (a zero date) still existed: its last change dates it.
        "opened_at": opened_at or modified_at or resolved_at,
        "resolved_at": resolved_at,
        "source_modified_at": modified_at,
        "status": ticket_status(state_id, state_name, meta, resolved_at is not None),
        "request_type": label(lookups.types, row[TICKET["type"]])[:120],
        "category": category[:120],
        "subcategory": subcategory[:120],
        "family": resolve_family(category, subcategory),
        "service_id": lookups.service_id(row[TICKET["u_service"]]),
        "site_id": lookups.site_id(row[TICKET["place"]], row[TICKET["u_agency"]]),
        "time_spent_minutes": minutes if minutes and minutes > 0 else None,
        "assigned_group": label(lookups.groups, row[TICKET["t_group"]])[:120],
    }


#
# Assets
#

_FAMILY_WORDS = (
    (EquipmentFamily.SERVER, r"serveur|server|\bnas\b|hyperviseur|\bvm\b|virtuel"),
    (EquipmentFamily.LAPTOP, r"portable|laptop|notebook"),
    (EquipmentFamily.TABLET, r"tablette|tablet|ipad"),
    (EquipmentFamily.SMARTPHONE, r"smartphone|t[ée]l[ée]phone mobile|mobile|iphone"),
    (EquipmentFamily.PRINTER, r"imprimante|printer|copieur|multifonction|traceur|scanner"),
    (EquipmentFamily.NETWORK, r"switch|routeur|router|borne|wi-?fi|pare-?feu|firewall|r[ée]seau|point d'acc"),
    (EquipmentFamily.DESKTOP, r"\bpc\b|poste|ordinateur|desktop|station|unit[ée] centrale|fixe"),
)
# GestSup's default asset states by id: 1 Stock, 2 Installé, 3 Standbye, 4 Recyclé.
STANDARD_ASSET_STATES = {
    1: EquipmentState.IN_STOCK,
    2: EquipmentState.IN_SERVICE,
    3: EquipmentState.IN_STOCK,
    4: EquipmentState.RETIRED,
}
_ASSET_STATE_WORDS = (
    (EquipmentState.RETIRED, r"recycl|rebut|hors service|d[ée]truit|vol[ée]|perdu|r[ée]form"),
    (EquipmentState.IN_STOCK, r"stock|standby|r[ée]serve|attente"),
    (EquipmentState.IN_SERVICE, r"install|service|production|actif"),
)


def asset_family(type_name: str) -> str:
    text = (type_name or "").lower()
    for family, pattern in _FAMILY_WORDS:
        if re.search(pattern, text):
            return family
    return EquipmentFamily.OTHER


def asset_state(state_id: int, state_name: str) -> str:
    if state_id in STANDARD_ASSET_STATES:
        return STANDARD_ASSET_STATES[state_id]
    text = (state_name or "").lower()
    for state, pattern in _ASSET_STATE_WORDS:
        if re.search(pattern, text):
            return state
    return EquipmentState.IN_SERVICE


@dataclass
class AssetLookups:
    types: dict[int, str]
    models: dict[int, str]
    manufacturers: dict[int, str]
    states: dict[int, str]
    locations: dict[int, str]
    services: dict[int, str]
    our_sites: dict[str, int] = field(default_factory=dict)
    our_services: dict[str, int] = field(default_factory=dict)


def is_live_asset(row: tuple) -> bool:
    # Row 0 is GestSup's "Aucun" placeholder, shipped disabled.
    return bool(row[ASSET["id"]]) and not row[ASSET["disable"]]


def asset_serial(row: tuple) -> str:
    """The manufacturer's serial number when there is one, else the internal (inventory) one."""
    return ((row[ASSET["sn_manufacturer"]] or "").strip() or (row[ASSET["sn_internal"]] or "").strip())[:120]


def map_asset(row: tuple, lookups: AssetLookups) -> dict:
    """One tassets row → the EquipmentForm fields GestSup actually has (nothing else)."""
    name = (row[ASSET["netbios"]] or "").strip() or asset_serial(row) or f"GestSup n° {row[ASSET['id']]}"
    location = label(lookups.locations, row[ASSET["location"]])
    department = label(lookups.services, row[ASSET["department"]])
    state_id = row[ASSET["state"]]
    return {
        "family": asset_family(label(lookups.types, row[ASSET["type"]])),
        "name": name[:120],
        "serial": asset_serial(row),
        "manufacturer": label(lookups.manufacturers, row[ASSET["manufacturer"]])[:120],
        "model": label(lookups.models, row[ASSET["model"]])[:120],
        "state": asset_state(state_id, lookups.states.get(state_id, "")),
        "site": lookups.our_sites.get(_normalised(location)) if location else None,
        "service": lookups.our_services.get(_normalised(department)) if department else None,
        "warranty_end": source_date(row[ASSET["date_end_warranty"]]),
    }


def normalised_names(pairs) -> dict[str, int]:
    """{normalised name: pk} from (pk, name) pairs of our sites or services."""
    return {_normalised(name): pk for pk, name in pairs}
