from datetime import UTC, date, datetime

import pytest

from gouvernail.connectors.antivirus.client import DefenderClient
from gouvernail.connectors.antivirus.exports import ExportError
from gouvernail.connectors.antivirus.sync import import_export, sync
from gouvernail.connectors.graph.auth import StaticTokenProvider
from gouvernail.connectors.http import ServerError
from gouvernail.connectors.tests.fakes.defender import FakeDefender, machine
from gouvernail.connectors.tests.fakes.graph import ACCESS_TOKEN
from gouvernail.connectors.tests.privacy import stored_rows
from gouvernail.inventory.choices import AntivirusStatus as AV
from gouvernail.inventory.models import Equipment
from gouvernail.testing.factories.inventory import make_equipment

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
MACHINES = [
    machine(1),
    machine(2, platform="Windows10", build=19045, last_seen="2026-11-01T08:00:00Z"),
    machine(3, host="srv-fichiers.mairie.local", health="ImpairedCommunication"),
    machine(4, onboarding="CanBeOnboarded", health="Unknown"),
    machine(9, host="pc-inconnu.mairie.local"),
]


@pytest.fixture
def fleet(org):
    return {
        name: make_equipment(org, name)
        for name in ("PC-001", "pc-002.mairie.local", "SRV-FICHIERS", "PC-004", "PC-HORS-DEFENDER")
    }


@pytest.fixture
def fake(httpserver):
    return FakeDefender(httpserver, MACHINES).install()


def run(org, fake, sleeps, page_size=2):
    with DefenderClient(token_provider=StaticTokenProvider(ACCESS_TOKEN), base_url=fake.url, sleep=sleeps) as client:
        machines = client.machines
        client.machines = lambda: machines(page_size=page_size)
        return sync(org, client, now=NOW)


def states(org):
    return {
        e.name: (e.antivirus_status, e.antivirus_seen)
        for e in Equipment.objects.filter(organisation=org).order_by("name")
    }


def test_it_writes_the_protection_of_matched_hosts_and_counts_the_others(org, fleet, fake, sleeps):
    counts = run(org, fake, sleeps)
    assert states(org) == {
        "PC-001": (AV.UP_TO_DATE, date(2026, 11, 27)),
        "PC-004": (AV.DISABLED, date(2026, 11, 27)),
        "PC-HORS-DEFENDER": (AV.UNKNOWN, None),
        "SRV-FICHIERS": (AV.UNKNOWN, date(2026, 11, 27)),
        "pc-002.mairie.local": (AV.UNKNOWN, date(2026, 11, 1)),
    }
    assert Equipment.objects.get(name="PC-001").antivirus_product == "Microsoft Defender for Endpoint"
    assert (counts.updated, counts.unmatched, counts.created) == (4, 1, 0)
    assert Equipment.objects.filter(organisation=org).count() == 5


def test_a_second_sync_writes_nothing(org, fleet, fake, sleeps):
    run(org, fake, sleeps)
    before = stored_rows()
    counts = run(org, fake, sleeps)
    assert (counts.updated, counts.unchanged) == (0, 4)
    assert stored_rows() == before


def test_a_server_error_on_a_later_page_changes_nothing(org, fleet, fake, sleeps):
    before = states(org)
    fake.faults.add("machines:3", "error", times=10)
    with pytest.raises(ServerError, match="est en erreur"):
        run(org, fake, sleeps)
    assert states(org) == before


def test_other_organisations_equipment_is_left_alone(org, other_org, fleet, fake, sleeps):
    make_equipment(other_org, "PC-001")
    counts = run(other_org, fake, sleeps)
    assert (counts.updated, counts.unmatched) == (1, 4)
    assert Equipment.objects.get(organisation=org, name="PC-001").antivirus_seen is None


def test_a_csv_export_is_applied_all_or_nothing(org, fleet):
    good = "hostname;product;last seen;status\nPC-001.mairie.local;ESET;2026-11-20;ok\nPC-XYZ;ESET;2026-11-20;ok\n"
    counts = import_export(org, good)
    assert (counts.updated, counts.unmatched) == (1, 1)
    before = states(org)
    with pytest.raises(ExportError):
        import_export(org, "hostname;product;last seen;status\nPC-004;ESET;pas une date;ok\n")
    assert states(org) == before
