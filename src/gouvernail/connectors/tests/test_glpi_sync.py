import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gouvernail.connectors.glpi.client import GlpiClient
from gouvernail.connectors.glpi.sync import sync
from gouvernail.connectors.http import ServerError
from gouvernail.connectors.tests.fakes.glpi import APP_TOKEN, USER_TOKEN, FakeGlpi, computer, ticket
from gouvernail.connectors.tests.privacy import stored_rows
from gouvernail.inventory.choices import OsClass
from gouvernail.inventory.models import Equipment
from gouvernail.servicedesk.choices import RequestFamily, RequestSource
from gouvernail.servicedesk.models import Request
from gouvernail.testing.factories.inventory import make_equipment
from gouvernail.testing.factories.servicedesk import make_category_mapping

COMPUTERS = [
    computer(1),
    computer(2, os="Microsoft Windows 10 Professionnel", version="22H2", kernel="10.0.19045"),
    computer(3),
]
TICKETS = [ticket(1), ticket(2, status=2, solvedate=None, closedate=None), ticket(3), ticket(5) | {"is_deleted": 1}]


@pytest.fixture
def fleet(org):
    return [make_equipment(org, "AUTRE-NOM", serial="sn00001"), make_equipment(org, "pc-002.mairie.local")]


@pytest.fixture
def fake(httpserver):
    return FakeGlpi(httpserver, computers=COMPUTERS, tickets=TICKETS, max_range=2).install()


def run(org, fake, sleeps):
    with GlpiClient(fake.url, user_token=USER_TOKEN, app_token=APP_TOKEN, sleep=sleeps) as client:
        computers, tickets = client.computers, client.tickets
        client.computers = lambda: computers(page_size=2)
        client.tickets = lambda: tickets(page_size=2)
        return sync(org, client)


def test_it_matches_or_creates_computers_and_stores_tickets(org, fleet, fake, sleeps):
    make_category_mapping(org, "Matériel", subcategory="Impression", family=RequestFamily.SITES)
    counts = run(org, fake, sleeps)
    first, second = (Equipment.objects.get(pk=e.pk) for e in fleet)
    assert (first.name, first.os_class) == ("AUTRE-NOM", OsClass.WINDOWS_11)
    assert (second.serial, second.os_class) == ("SN00002", OsClass.WINDOWS_10)
    assert Equipment.objects.get(organisation=org, serial="SN00003").name == "PC-003"
    requests = Request.objects.filter(organisation=org, source=RequestSource.GLPI)
    assert sorted(requests.values_list("external_id", flat=True)) == ["1", "2", "3"]
    assert set(requests.values_list("family", flat=True)) == {RequestFamily.SITES}
    assert (counts.equipment.created, counts.equipment.updated) == (1, 2)
    assert (counts.requests.created, counts.created) == (3, 4)


def test_a_second_sync_writes_nothing(org, fleet, fake, sleeps):
    run(org, fake, sleeps)
    before = stored_rows()
    counts = run(org, fake, sleeps)
    assert (counts.created, counts.updated, counts.deleted, counts.unchanged) == (0, 0, 0, 6)
    assert stored_rows() == before


def test_a_ticket_gone_from_glpi_loses_its_request(org, fleet, fake, sleeps):
    run(org, fake, sleeps)
    fake.tickets = fake.tickets[1:]
    counts = run(org, fake, sleeps)
    assert counts.requests.deleted == 1
    assert not Request.objects.filter(organisation=org, external_id="1").exists()


def test_a_ticket_put_in_the_trash_since_the_last_sync_loses_its_request(org, fleet, fake, sleeps):
    run(org, fake, sleeps)
    fake.tickets = [ticket(1) | {"is_deleted": 1}, *fake.tickets[1:]]
    counts = run(org, fake, sleeps)
    assert (counts.requests.deleted, counts.requests.unchanged) == (1, 2)
    assert sorted(Request.objects.filter(organisation=org).values_list("external_id", flat=True)) == ["2", "3"]


def test_it_writes_requests_with_the_fields_gestsup_writes(org, fleet, fake, sleeps):
    make_category_mapping(org, "Matériel", family=RequestFamily.PROJECTS)
    run(org, fake, sleeps)
    request = Request.objects.get(organisation=org, source=RequestSource.GLPI, external_id="2")
    assert (request.category, request.subcategory, request.family) == ("Matériel", "Impression", RequestFamily.PROJECTS)
    assert (request.request_type, request.time_spent_minutes, request.resolved_at) == ("Incident", 30, None)
    assert (request.service_id, request.site_id) == (None, None)


def test_a_ticket_read_twice_across_pages_is_stored_once(org, fleet, fake, sleeps):
    fake.tickets = [ticket(1), ticket(2), ticket(2), ticket(3)]
    counts = run(org, fake, sleeps)
    assert counts.requests.created == 3
    assert Request.objects.filter(organisation=org, source=RequestSource.GLPI).count() == 3


def test_more_tickets_take_no_more_queries(org, other_org, fake, sleeps):
    with CaptureQueriesContext(connection) as few:
        run(org, fake, sleeps)
    fake.tickets = [ticket(n) for n in range(1, 21)]
    with CaptureQueriesContext(connection) as many:
        run(other_org, fake, sleeps)
    assert Request.objects.filter(organisation=other_org).count() == 20
    assert len(many) == len(few)


def test_a_server_error_on_a_later_page_changes_nothing(org, fleet, fake, sleeps):
    run(org, fake, sleeps)
    fake.tickets = [ticket(n) for n in range(1, 8)]
    fake.computers = [*COMPUTERS, computer(9)]
    before = stored_rows()
    fake.faults.add("Ticket:4", "error", times=10)
    with pytest.raises(ServerError, match="GLPI est en erreur"):
        run(org, fake, sleeps)
    assert stored_rows() == before


def test_no_ticket_title_or_requester_is_stored(org, fleet, fake, sleeps):
    before = stored_rows()
    run(org, fake, sleeps)
    text = "\n".join(stored_rows() - before)
    assert "impression" in text
    assert "dupont" not in text and "imprimante bloquée" not in text


def test_organisations_stay_apart(org, other_org, fleet, fake, sleeps):
    run(org, fake, sleeps)
    counts = run(other_org, fake, sleeps)
    assert (counts.equipment.created, counts.requests.created) == (3, 3)
    assert Equipment.objects.filter(organisation=org).count() == 3


def test_a_first_sync_reads_no_stored_request_and_the_next_one_compares_them(org, fleet, fake, sleeps):
    def reads(queries) -> int:
        return sum(1 for query in queries if query["sql"].startswith("SELECT") and '"external_id" IN' in query["sql"])

    with CaptureQueriesContext(connection) as first:
        run(org, fake, sleeps)
    fake.tickets = fake.tickets[1:]
    with CaptureQueriesContext(connection) as second:
        counts = run(org, fake, sleeps)

    assert (reads(first), reads(second)) == (0, 1)
    assert counts.requests.deleted == 1
