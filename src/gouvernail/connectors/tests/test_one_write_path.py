"""One write path for the fleet: every source and the spreadsheet import go through
`inventory.services.equipment_upsert`, so the same device is matched, written, versioned and
journaled the same way whoever reports it.

The sources run their real mapping and sync code; only their transport is a stub (the HTTP
clients and GestSup's database are tested on their own elsewhere)."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType

from gouvernail.connectors.antivirus.sync import import_export
from gouvernail.connectors.antivirus.sync import sync as defender_sync
from gouvernail.connectors.gestsup.client import ASSET_COLUMNS
from gouvernail.connectors.gestsup.sync import SyncResult, _sync_assets
from gouvernail.connectors.glpi.sync import sync as glpi_sync
from gouvernail.connectors.graph.sync import sync as graph_sync
from gouvernail.connectors.services import import_file
from gouvernail.connectors.tests.fakes.defender import machine
from gouvernail.connectors.tests.fakes.glpi import computer
from gouvernail.connectors.tests.spreadsheet.files import xlsx
from gouvernail.core.choices import JournalAction
from gouvernail.core.models import JournalEntry
from gouvernail.inventory.choices import AntivirusStatus, EquipmentFamily, OsClass
from gouvernail.inventory.models import Equipment
from gouvernail.testing.factories.inventory import make_equipment

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.UTC)
# The device every source reports, each in its own words (host name with a domain, NetBIOS
# prefix, lower case…); what each knows of it, once written.
EXPECTED = {
    "family": EquipmentFamily.DESKTOP,
    "name": "PC-001",
    "serial": "SN00001",
    "manufacturer": "Dell Inc.",
    "model": "OptiPlex 7010",
    "os_name": "Windows 11 Professionnel",
    "os_version": "10.0.22631",
    "os_class": OsClass.WINDOWS_11,
    "antivirus_status": AntivirusStatus.UP_TO_DATE,
}


class Stub:
    """A client whose reads return fixed rows."""

    def __init__(self, **reads):
        for name, rows in reads.items():
            setattr(self, name, lambda rows=rows, **kwargs: list(rows))


def by_spreadsheet(org, tmp_path):
    header = ["Nom", "N° de série", "Type", "Fabricant", "Modèle", "Système", "Version"]
    row = ["PC-001", "SN00001", "PC fixe", "Dell Inc.", "OptiPlex 7010", "Windows 11 Professionnel", "10.0.22631"]
    path = xlsx(tmp_path / "parc.xlsx", [header, row])
    result, _ = import_file(
        organisation=org, kind="equipment", path=path, file_name=path.name, dry_run=False, acting_user=None
    )
    assert result.written and not result.rejected
    return ("family", "name", "serial", "manufacturer", "model", "os_name", "os_version", "os_class")


def by_gestsup(org, tmp_path):
    asset = dict.fromkeys(ASSET_COLUMNS, 0)
    asset.update(id=1, sn_internal="", sn_manufacturer="SN00001", netbios="PC-001", type=1, manufacturer=1, model=1)
    asset.update(state=2, date_end_warranty="0000-00-00")
    labels = {"tassets_type": {1: "PC fixe"}, "tassets_model": {1: "OptiPlex 7010"}}
    labels["tassets_manufacturer"] = {1: "Dell Inc."}
    client = Stub(assets=[tuple(asset[name] for name in ASSET_COLUMNS)])
    client.labels = lambda table: labels.get(table, {})
    result = SyncResult()
    _sync_assets(org, client, {}, {}, {}, result)
    assert not result.warnings
    return ("family", "name", "serial", "manufacturer", "model")


def by_glpi(org, tmp_path):
    row = computer(1, os="Windows 11 Professionnel", version="23H2", kernel="10.0.22631")
    glpi_sync(org, Stub(computers=[row], tickets=[]))
    return ("name", "serial", "manufacturer", "model", "os_name", "os_version", "os_class")


def by_graph(org, tmp_path):
    device = {
        "id": "d1",
        "deviceName": "pc-001",
        "operatingSystem": "Windows 11 Professionnel",
        "osVersion": "10.0.22631",
        "serialNumber": "SN00001",
    }
    graph_sync(org, Stub(managed_devices=[device]), with_mfa=False)
    return ("os_name", "os_version", "os_class")


def by_defender(org, tmp_path):
    defender_sync(org, Stub(machines=[machine(1, last_seen="2026-11-27T08:00:00Z")]), now=NOW)
    return ("antivirus_status",)


def by_antivirus_csv(org, tmp_path):
    seen = dt.date.today().strftime("%d/%m/%Y")
    content = (
        "Nom de l'ordinateur;Système d'exploitation;Produit de sécurité;Dernière connexion;Statut de protection\n"
        f"MAIRIE\\PC-001;Windows 11 Professionnel;ESET Endpoint Security;{seen} 08:15;Protégé\n"
    )
    import_export(org, content.encode())
    return ("antivirus_status",)


WRITERS = [by_spreadsheet, by_gestsup, by_glpi, by_graph, by_defender, by_antivirus_csv]
CREATORS = [by_spreadsheet, by_gestsup, by_glpi]


def _journal(equipment, action):
    content_type = ContentType.objects.get_for_model(Equipment)
    return JournalEntry.objects.filter(content_type=content_type, object_id=str(equipment.pk), action=action)


@pytest.mark.parametrize("write", WRITERS, ids=lambda write: write.__name__)
def test_every_source_matches_the_same_device_and_writes_it_the_same_way(org, tmp_path, write):
    stored = make_equipment(org, "PC-001", serial="SN00001")

    fields = write(org, tmp_path)

    (device,) = Equipment.objects.filter(organisation=org)
    assert device.pk == stored.pk
    assert {name: getattr(device, name) for name in fields} == {name: EXPECTED[name] for name in fields}
    # A change raises the version (an edit form read before gets its conflict) and is journaled once.
    assert device.row_version == stored.row_version + 1
    assert device.history.filter(history_type="~").count() == 1
    assert _journal(device, JournalAction.UPDATED).count() == 1


@pytest.mark.parametrize("write", CREATORS, ids=lambda write: write.__name__)
def test_the_sources_that_create_devices_create_identical_rows(org, tmp_path, write):
    write(org, tmp_path)

    (device,) = Equipment.objects.filter(organisation=org)
    common = ("family", "name", "serial", "manufacturer", "model")
    assert {name: getattr(device, name) for name in common} == {name: EXPECTED[name] for name in common}
    assert device.row_version == 1
    assert device.history.filter(history_type="+").count() == 1
    assert _journal(device, JournalAction.CREATED).count() == 1


@pytest.mark.parametrize("write", WRITERS, ids=lambda write: write.__name__)
def test_a_second_identical_run_writes_nothing(org, tmp_path, write):
    make_equipment(org, "PC-001", serial="SN00001")
    write(org, tmp_path)
    version = Equipment.objects.get(organisation=org).row_version

    write(org, tmp_path)

    assert Equipment.objects.get(organisation=org).row_version == version
    assert JournalEntry.objects.filter(action=JournalAction.UPDATED).count() == 1
