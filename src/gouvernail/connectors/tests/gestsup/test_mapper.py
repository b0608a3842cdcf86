"""GestSup rows → our values, without any database."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from gouvernail.connectors.gestsup.client import TICKET_COLUMNS, parse_version
from gouvernail.connectors.gestsup.mapper import (
    TicketLookups,
    asset_family,
    asset_state,
    map_ticket,
    source_date,
    source_datetime,
    ticket_status,
)
from gouvernail.inventory.choices import EquipmentFamily, EquipmentState
from gouvernail.servicedesk.choices import RequestStatus

PARIS = ZoneInfo("Europe/Paris")


@pytest.mark.parametrize("zero", ["0000-00-00 00:00:00", "0000-00-00", None, ""])
def test_a_zero_date_reads_as_none(zero):
    assert source_datetime(zero, PARIS) is None
    assert source_date(zero) is None


def test_a_source_datetime_is_read_in_the_sources_time_zone():
    winter, summer = dt.datetime(2025, 1, 15, 9, 0), dt.datetime(2025, 7, 15, 9, 0)

    # Read as Paris time (UTC+1 in winter, UTC+2 in summer), handed back in UTC.
    assert source_datetime(winter, PARIS) == dt.datetime(2025, 1, 15, 8, 0, tzinfo=dt.UTC)
    assert source_datetime(summer, PARIS) == dt.datetime(2025, 7, 15, 7, 0, tzinfo=dt.UTC)
    assert source_datetime(winter, PARIS).utcoffset() == dt.timedelta(0)


def test_an_hour_skipped_by_the_clock_change_does_not_fail():
    # 30 March 2025, 02:30 does not exist in Paris: the first reading is taken.
    assert source_datetime(dt.datetime(2025, 3, 30, 2, 30), PARIS) is not None


def test_a_state_an_administrator_renamed_keeps_its_gestsup_meaning():
    assert ticket_status(3, "Traité par le prestataire", 0, resolved=True) == RequestStatus.RESOLVED


@pytest.mark.parametrize(
    ("name", "meta", "resolved", "status"),
    [
        ("Clôturé", 0, True, RequestStatus.CLOSED),
        ("Annulé", 0, False, RequestStatus.CLOSED),  # closed, not resolved (a rejection)
        ("En attente fournisseur", 1, False, RequestStatus.PENDING),
        ("Escaladé", 1, False, RequestStatus.IN_PROGRESS),
        ("Archivé", 0, True, RequestStatus.RESOLVED),
        ("Archivé", 0, False, RequestStatus.IN_PROGRESS),
    ],
)
def test_an_added_state_is_read_from_its_name_then_from_gestsup_counting_it_open(name, meta, resolved, status):
    assert ticket_status(12, name, meta, resolved) == status


def test_a_mapped_ticket_holds_no_title_text_or_requester():
    row = tuple(
        {"id": 9, "date_create": dt.datetime(2025, 2, 3, 10, 0), "date_res": "0000-00-00 00:00:00"}.get(name, 0)
        for name in TICKET_COLUMNS
    )
    lookups = TicketLookups(states={}, types={}, categories={}, subcategories={}, services={}, places={}, agencies={})

    mapped = map_ticket(row, lookups, lambda category, subcategory: "support", PARIS)

    assert set(mapped) == {
        "external_id",
        "opened_at",
        "resolved_at",
        "source_modified_at",
        "status",
        "request_type",
        "category",
        "subcategory",
        "family",
        "service_id",
        "site_id",
        "time_spent_minutes",
        "assigned_group",
    }
    assert not {"title", "description", "user", "technician"} & set(TICKET_COLUMNS)


@pytest.mark.parametrize(
    ("type_name", "family"),
    [
        ("PC", EquipmentFamily.DESKTOP),
        ("Ordinateur portable", EquipmentFamily.LAPTOP),
        ("Serveur", EquipmentFamily.SERVER),
        ("Imprimante", EquipmentFamily.PRINTER),
        ("Switch", EquipmentFamily.NETWORK),
        ("Tablette", EquipmentFamily.TABLET),
        ("Vidéoprojecteur", EquipmentFamily.OTHER),
    ],
)
def test_an_asset_type_name_gives_the_equipment_family(type_name, family):
    assert asset_family(type_name) == family


def test_gestsup_asset_states_by_id_then_by_name():
    assert [asset_state(i, "") for i in (1, 2, 3, 4)] == [
        EquipmentState.IN_STOCK,
        EquipmentState.IN_SERVICE,
        EquipmentState.IN_STOCK,
        EquipmentState.RETIRED,
    ]
    assert asset_state(9, "Volé") == EquipmentState.RETIRED


@pytest.mark.parametrize(("text", "parsed"), [("3.2.55", (3, 2, 55)), ("3.1", (3, 1)), ("", None), ("dev", None)])
def test_gestsup_versions_are_parsed(text, parsed):
    assert parse_version(text) == parsed
