"""GLPI rows → fleet computers and service-desk tickets, shaped like the cockpit's models.

A ticket keeps its dates, state, type, category and time spent — never its title, text,
requester or technician (the same rule as `servicedesk.Request`). A computer keeps what
identifies it (name, serial) and its OS.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

from gouvernail.connectors.values import as_bool, as_int, as_text, clean_serial, read_datetime
from gouvernail.inventory.os_rules import classify_os
from gouvernail.servicedesk.choices import RequestStatus

# CommonITILObject: 1 new, 2 assigned, 3 planned, 4 pending, 5 solved, 6 closed.
TICKET_STATUSES = {
    1: RequestStatus.NEW,
    2: RequestStatus.IN_PROGRESS,
    3: RequestStatus.IN_PROGRESS,
    4: RequestStatus.PENDING,
    5: RequestStatus.RESOLVED,
    6: RequestStatus.CLOSED,
}
TICKET_TYPES = {1: "Incident", 2: "Demande"}
# GLPI stores and returns local time without an offset.
GLPI_TIMEZONE = ZoneInfo("Europe/Paris")
# A search cell holding several values (two OS, two serials) joins them with this.
_MULTIPLE = "$#$"


@dataclass(frozen=True)
class GlpiComputer:
    remote_id: int
    name: str
    serial: str
    manufacturer: str
    model: str
    os_name: str
    os_version: str  # the kernel version ("10.0.22631") when GLPI has it, else the OS version ("23H2")
    os_class: str  # inventory.choices.OsClass
    entity: str
    modified_at: datetime | None = None


@dataclass(frozen=True)
class GlpiTicket:
    """Ready for `servicedesk.Request` (source GLPI, external_id = str(remote_id))."""

    remote_id: int
    opened_at: datetime
    resolved_at: datetime | None  # solvedate, else closedate
    closed_at: datetime | None
    modified_at: datetime | None
    status: str  # servicedesk.choices.RequestStatus
    request_type: str  # "Incident" / "Demande"
    category: str
    subcategory: str
    entity: str
    time_spent_minutes: int | None
    # When it was taken into account: the date plus GLPI's `takeintoaccount_delay_stat`.
    taken_at: datetime | None = None


def _first(value) -> str:
    return as_text(value).split(_MULTIPLE)[0].strip()


def map_computer(row: dict) -> GlpiComputer | None:
    remote_id = as_int(row.get("2"))
    if remote_id is None:
        return None
    os_name = _first(row.get("45"))
    kernel, version = _first(row.get("48")), _first(row.get("46"))
    os_version = kernel or version
    return GlpiComputer(
        remote_id=remote_id,
        name=_first(row.get("1")),
        serial=clean_serial(_first(row.get("5"))),
        manufacturer=_first(row.get("23")),
        model=_first(row.get("40")),
        os_name=os_name,
        os_version=os_version,
        os_class=classify_os(os_name, os_version),
        entity=_first(row.get("80")),
        modified_at=read_datetime(_first(row.get("19")) or None, assume=GLPI_TIMEZONE),
    )


def map_ticket(row: dict, *, timezone: tzinfo = GLPI_TIMEZONE) -> GlpiTicket | None:
    """None for a ticket without id or opening date, or in the trash. `timezone` is the GLPI
    server's (its dates carry no offset)."""

    def when(key: str) -> datetime | None:
        return read_datetime(row.get(key), assume=timezone)

    remote_id = as_int(row.get("id"))
    opened_at = when("date") or when("date_creation")
    if remote_id is None or opened_at is None or as_bool(row.get("is_deleted")):
        return None
    solved, closed = when("solvedate"), when("closedate")
    category, _, subcategory = as_text(row.get("itilcategories_id")).partition(" > ")
    if as_int(category) == 0:  # dropdowns not expanded, or no category: 0
        category = ""
    action_seconds = as_int(row.get("actiontime"))
    take_seconds = as_int(row.get("takeintoaccount_delay_stat"))
    return GlpiTicket(
        remote_id=remote_id,
        opened_at=opened_at,
        resolved_at=solved or closed,
        closed_at=closed,
        modified_at=when("date_mod"),
        status=TICKET_STATUSES.get(as_int(row.get("status")), RequestStatus.IN_PROGRESS),
        request_type=TICKET_TYPES.get(as_int(row.get("type")), ""),
        category=category.strip(),
        subcategory=subcategory.strip(),
        entity=as_text(row.get("entities_id")),
        time_spent_minutes=action_seconds // 60 if action_seconds else None,
        taken_at=opened_at + timedelta(seconds=take_seconds) if take_seconds and take_seconds > 0 else None,
    )


__all__ = ("GlpiComputer", "GlpiTicket", "TICKET_STATUSES", "map_computer", "map_ticket")
