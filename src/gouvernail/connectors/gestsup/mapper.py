"""GestSup rows → our rows: requests (servicedesk.Request) and equipment (inventory.Equipment).

Pure functions over plain values, so that they are tested without any database. The
lookups (labels of states, types, categories, services, places…) are read once per run.
"""

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from gouvernail.connectors.gestsup.client import ASSET_COLUMNS, TICKET_COLUMNS
from gouvernail.inventory.choices import EquipmentFamily, EquipmentState
from gouvernail.servicedesk.choices import RequestStatus

__all__ = (
    "AssetLookups",
    "TicketLookups",
    "date_problems",
    "is_rejection",
    "map_asset",
    "map_ticket",
    "source_datetime",
    "ticket_status",
)

TICKET = {name: index for index, name in enumerate(TICKET_COLUMNS)}
ASSET = {name: index for index, name in enumerate(ASSET_COLUMNS)}

# GestSup's own state ids carry their meaning in its code (its statistics count state 3 as
# resolved), whatever an administrator renamed them to: read by id first.
STANDARD_STATES = {
    1: RequestStatus.NEW,  # Attente PEC (waiting to be taken on)
    2: RequestStatus.IN_PROGRESS,  # En cours
    3: RequestStatus.RESOLVED,  # Résolu
    # Rejeté: closed, not resolved (its statistics count only state 3 as resolved; ITIL and
    # GLPI keep « solved » and « closed » apart the same way).
    4: RequestStatus.CLOSED,
    5: RequestStatus.NEW,  # Non attribué (the default state of a new ticket)
    6: RequestStatus.PENDING,  # Attente retour (waiting for the requester)
}
REJECTED_STATE = 4
_REJECTION_WORDS = r"rejet|annul|refus"
# States an installation added: read from their name.
_STATE_WORDS = (
    (RequestStatus.CLOSED, _REJECTION_WORDS),
    (RequestStatus.CLOSED, r"cl[ôo]tur|ferm[ée]"),
    (RequestStatus.RESOLVED, r"r[ée]solu|termin"),
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
    (fold=0) rather than failing the run. The result is in UTC: Python never finds equal two
    aware datetimes of different zones when one of them falls in a repeated hour (PEP 495), so a
    ticket of 26/10/2025 02:30 in Paris would otherwise look modified at every full run.
    """
    if isinstance(value, dt.datetime):
        local = value
    elif isinstance(value, dt.date):
        local = dt.datetime.combine(value, dt.time())
    else:
        return None
    try:
        return local.replace(tzinfo=tz).astimezone(dt.UTC)
    except OverflowError:  # 0001-01-01 00:30 in Paris is before year 1 in UTC
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


def is_rejection(state_id: int, state_name: str) -> bool:
    """GestSup's « Rejeté » (or an added state named like it): closed without being resolved."""
    if state_id in STANDARD_STATES:
        return state_id == REJECTED_STATE
    return bool(re.search(_REJECTION_WORDS, (state_name or "").lower()))


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
    # The connector's « services GestSup → services » mapping, by normalised GestSup name → pk:
    # read before the same-name rule.
    service_mapping: dict[str, int] = field(default_factory=dict)
    # What did not match, by GestSup name → tickets: said in the run log, never silently dropped.
    unmatched_services: Counter = field(default_factory=Counter)
    unmatched_sites: Counter = field(default_factory=Counter)
    # What each id (or pair of ids) came to, found once per run: a helpdesk has thousands of
    # tickets for a few dozen services, places, categories and states.
    _found: dict = field(default_factory=dict, repr=False)

    def service_id(self, gestsup_service) -> int | None:
        key = ("service", gestsup_service)
        if key not in self._found:
            name = label(self.services, gestsup_service)
            normalised = _normalised(name)
            found = (self.service_mapping.get(normalised) or self.our_services.get(normalised)) if name else None
            self._found[key] = (found, name)
        found, name = self._found[key]
        if found is None and name:
            self.unmatched_services[name] += 1
        return found

    def site_id(self, place, agency) -> int | None:
        """The ticket's place (lieu) names the site; without one, the requester's agency."""
        key = ("site", place, agency)
        if key not in self._found:
            names = [name for name in (label(self.places, place), label(self.agencies, agency)) if name]
            found = next((self.our_sites[_normalised(n)] for n in names if _normalised(n) in self.our_sites), None)
            self._found[key] = (found, names[0] if names else "")
        found, name = self._found[key]
        if found is None and name:
            self.unmatched_sites[name] += 1
        return found

    def labelled(self, table: str, key) -> str:
        """`label()` of one of the lookup tables, by its attribute name."""
        found = self._found.get((table, key))
        if found is None:
            found = self._found[(table, key)] = label(getattr(self, table), key)
        return found

    def status(self, state_id, resolved: bool) -> tuple[str, bool]:
        """(our status, whether the state rejects the ticket) of a GestSup state."""
        key = ("status", state_id, resolved)
        if key not in self._found:
            state_name, meta = self.states.get(state_id, ("", 0))
            rejected = is_rejection(state_id, state_name)
            self._found[key] = (ticket_status(state_id, state_name, meta, resolved and not rejected), rejected)
        return self._found[key]


def is_live_ticket(row: tuple) -> bool:
    """A disabled ticket is a deleted one; a template (recurring-ticket model) is not a request."""
    return not row[TICKET["disable"]] and not row[TICKET["template"]]


def map_ticket(row: tuple, lookups: TicketLookups, resolve_family, tz: ZoneInfo) -> dict:
    """One tincidents row → the field values of a servicedesk.Request (external_id included).

    `resolve_family` is servicedesk.services.family_resolver(organisation).
    """
    resolved_at = source_datetime(row[TICKET["date_res"]], tz)
    status, rejected = lookups.status(row[TICKET["state"]], resolved_at is not None)
    if rejected:
        # A rejected ticket was closed, not resolved: it never counts among the resolved ones.
        resolved_at = None
    category = lookups.labelled("categories", row[TICKET["category"]])
    subcategory = lookups.labelled("subcategories", row[TICKET["subcat"]])
    opened_at = source_datetime(row[TICKET["date_create"]], tz)
    modified_at = source_datetime(row[TICKET["date_modif"]], tz)
    minutes = row[TICKET["time"]]
    return {
        "external_id": str(row[TICKET["id"]]),
        # A ticket without a creation date (a zero date) still existed: its last change dates it.
        "opened_at": opened_at or modified_at or resolved_at,
        "resolved_at": resolved_at,
        "source_modified_at": modified_at,
        "status": status,
        "request_type": lookups.labelled("types", row[TICKET["type"]])[:120],
        "category": category[:120],
        "subcategory": subcategory[:120],
        "family": resolve_family(category, subcategory),
        "service_id": lookups.service_id(row[TICKET["u_service"]]),
        "site_id": lookups.site_id(row[TICKET["place"]], row[TICKET["u_agency"]]),
        "time_spent_minutes": minutes if minutes and minutes > 0 else None,
        "assigned_group": lookups.labelled("groups", row[TICKET["t_group"]])[:120],
    }


def _shown(moment: dt.datetime, tz: ZoneInfo) -> str:
    try:
        moment = moment.astimezone(tz)
    except OverflowError:  # 31/12/9999 23:30 in Paris is past Python's last year in UTC
        pass
    return f"{moment:%d/%m/%Y %H:%M}"


def date_problems(ticket: dict, *, latest: dt.datetime, tz: ZoneInfo) -> list[str]:
    """Drops the dates of a mapped ticket that cannot be true and says which, in French.

    `latest` is the last instant a date may have (the run's start, plus the allowance for a
    source clock a little ahead). A creation after it makes the ticket unusable (`opened_at`
    becomes None: the caller skips it); a modification or resolution after it, or a
    resolution before the creation, is left out of the request and of the high-water mark."""
    problems = []
    opened, modified, resolved = ticket["opened_at"], ticket["source_modified_at"], ticket["resolved_at"]
    if opened is not None and opened > latest:
        problems.append(f"date de création dans le futur ({_shown(opened, tz)}) : ticket ignoré")
        ticket["opened_at"] = None
    if modified is not None and modified > latest:
        problems.append(f"date de modification dans le futur ({_shown(modified, tz)}) : ignorée")
        ticket["source_modified_at"] = None
    if resolved is not None and resolved > latest:
        problems.append(f"date de résolution dans le futur ({_shown(resolved, tz)}) : ignorée")
        ticket["resolved_at"] = None
    elif resolved is not None and ticket["opened_at"] is not None and resolved < ticket["opened_at"]:
        problems.append(
            f"résolution ({_shown(resolved, tz)}) antérieure à la création ({_shown(opened, tz)}) : "
            "date de résolution ignorée"
        )
        ticket["resolved_at"] = None
    return problems


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
    service_mapping: dict[str, int] = field(default_factory=dict)


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
        "service": (
            (lookups.service_mapping.get(_normalised(department)) or lookups.our_services.get(_normalised(department)))
            if department
            else None
        ),
        "warranty_end": source_date(row[ASSET["date_end_warranty"]]),
    }


def normalised_names(pairs) -> dict[str, int]:
    """{normalised name: pk} from (pk, name) pairs of our sites or services."""
    return {_normalised(name): pk for pk, name in pairs}


def normalised_mapping(mapping: dict[str, int], known: set[int]) -> dict[str, int]:
    """The connector's {GestSup service name: service pk}, by normalised name, without the
    services deleted since it was typed."""
    return {_normalised(name): pk for name, pk in (mapping or {}).items() if pk in known}
