import pytest

from gouvernail.connectors.graph.auth import StaticTokenProvider
from gouvernail.connectors.graph.client import GraphClient
from gouvernail.connectors.graph.sync import sync
from gouvernail.connectors.http import ServerError
from gouvernail.connectors.tests.fakes.graph import ACCESS_TOKEN, FakeGraph
from gouvernail.connectors.tests.privacy import stored_rows
from gouvernail.connectors.tests.test_graph import DEVICES, REGISTRATIONS, USERS
from gouvernail.core.models import Person
from gouvernail.core.tests.factories import make_equipment
from gouvernail.inventory.choices import OsClass
from gouvernail.inventory.models import Equipment


@pytest.fixture
def fleet(org):
    return [
        make_equipment(org, "ANCIEN-NOM", serial="5cg1234xyz"),  # renamed since: the serial wins
        make_equipment(org, "pc-urba-02.mairie.local"),  # Intune reports the placeholder serial "0"
    ]


@pytest.fixture
def fake(httpserver):
    return FakeGraph(httpserver, users=USERS, registrations=REGISTRATIONS, devices=DEVICES).install()


def run(org, fake, sleeps):
    with GraphClient(token_provider=StaticTokenProvider(ACCESS_TOKEN), base_url=fake.url, sleep=sleeps) as client:
        return sync(org, client)


def test_it_writes_the_os_of_matched_devices_and_counts_mfa(org, fleet, fake, sleeps):
    counts = run(org, fake, sleeps)
    first, second = (Equipment.objects.get(pk=e.pk) for e in fleet)
    assert (first.os_version, first.os_class) == ("10.0.22631.4317", OsClass.WINDOWS_11)
    assert second.os_class == OsClass.WINDOWS_10
    assert (counts.updated, counts.unmatched) == (2, len(DEVICES) - 2)
    # Members enabled: u0, u1, u4 (u2 disabled, u3 guest); MFA registered for odd ids.
    assert counts.extra == {"comptes actifs": 3, "MFA enregistrée": 1, "MFA inconnue": 0}
    assert Equipment.objects.count() == 2 and Person.objects.count() == 0


def test_a_second_sync_writes_nothing(org, fleet, fake, sleeps):
    run(org, fake, sleeps)
    before = stored_rows()
    counts = run(org, fake, sleeps)
    assert (counts.updated, counts.unchanged) == (0, 2)
    assert stored_rows() == before


def test_a_server_error_on_a_later_page_changes_nothing(org, fleet, fake, sleeps):
    fake.faults.add("managedDevices:2", "error", times=10)
    before = stored_rows()
    with pytest.raises(ServerError, match="est en erreur"):
        run(org, fake, sleeps)
    assert stored_rows() == before


def test_another_organisations_equipment_is_not_matched(org, other_org, fleet, fake, sleeps):
    counts = run(other_org, fake, sleeps)
    assert (counts.updated, counts.unmatched) == (0, len(DEVICES))
    assert Equipment.objects.get(pk=fleet[0].pk).os_name == ""
