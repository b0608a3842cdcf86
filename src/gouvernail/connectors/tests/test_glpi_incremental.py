"""Incremental GLPI: a search on the modification date (option 19) from the previous run's
high-water mark, the rows by `getMultipleItems`, the trash since then removed; the same
mark rule as GestSup's (`connectors.watermark`)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from gouvernail.connectors.choices import ConnectorKind, RunStatus, RunTrigger
from gouvernail.connectors.glpi.client import GlpiClient
from gouvernail.connectors.glpi.sync import sync
from gouvernail.connectors.models import ConnectorConfig, SyncRun
from gouvernail.connectors.tests.fakes.glpi import APP_TOKEN, USER_TOKEN, FakeGlpi, computer, ticket
from gouvernail.connectors.watermark import Watermark, needs_full
from gouvernail.servicedesk.choices import RequestSource, RequestStatus
from gouvernail.servicedesk.models import Request

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def fake(httpserver):
    tickets = [ticket(1), ticket(2, status=2, solvedate=None, closedate=None), ticket(3)]
    return FakeGlpi(httpserver, computers=[computer(1)], tickets=tickets).install()


def run(org, fake, sleeps, **options):
    with GlpiClient(fake.url, user_token=USER_TOKEN, app_token=APP_TOKEN, sleep=sleeps) as client:
        return sync(org, client, **options)


def paths(fake, start):
    return [request.path for request in fake.requests[start:]]


def test_an_incremental_run_reads_only_what_glpi_modified_since_the_mark(org, fake, sleeps):
    first = run(org, fake, sleeps)
    assert first.high_water_mark == dt.datetime(2025, 3, 6, 10, 0, tzinfo=PARIS)
    fake.tickets[1].update(status=6, solvedate="2025-03-07 09:00:00", date_mod="2025-03-07 09:00:00")
    fake.tickets[2].update(is_deleted=1, date_mod="2025-03-07 09:30:00")
    start = len(fake.requests)

    second = run(org, fake, sleeps, full=False, since=first.high_water_mark)

    # Ticket 1, saved in the mark's very second, is read again and found unchanged.
    assert (second.requests.updated, second.requests.unchanged, second.requests.deleted) == (1, 1, 1)
    # The mark is the latest row read; a ticket put in the trash is only removed.
    assert second.high_water_mark == dt.datetime(2025, 3, 7, 9, 0, tzinfo=PARIS)
    stored = dict(Request.objects.filter(source=RequestSource.GLPI).values_list("external_id", "status"))
    assert stored == {"1": RequestStatus.CLOSED, "2": RequestStatus.CLOSED}
    assert "/apirest.php/Ticket" not in paths(fake, start)
    assert "/apirest.php/getMultipleItems" in paths(fake, start)


def test_a_run_with_nothing_new_writes_nothing_and_keeps_its_mark(org, fake, sleeps):
    first = run(org, fake, sleeps)
    fake.tickets[0]["date_mod"] = "2025-03-01 08:00:00"  # older than the mark: not read

    second = run(org, fake, sleeps, full=False, since=first.high_water_mark)

    assert (second.created, second.updated, second.deleted) == (0, 0, 0)
    assert second.high_water_mark == first.high_water_mark


def test_every_full_every_th_run_is_a_full_reconciliation(org):
    config = ConnectorConfig.objects.create(organisation=org, kind=ConnectorKind.GLPI, full_every=3)
    assert needs_full(config, incremental=True)
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)

    def done(hours, full):
        SyncRun.objects.create(
            organisation=org,
            config=config,
            started_at=start + dt.timedelta(hours=hours),
            full=full,
            trigger=RunTrigger.SCHEDULE,
            status=RunStatus.SUCCEEDED,
        )

    done(0, True)
    done(1, False)
    assert not needs_full(config, incremental=True)
    done(2, False)
    assert needs_full(config, incremental=True)  # one run in three reads everything
    assert needs_full(config, incremental=False)


def test_the_mark_never_goes_back():
    mark = Watermark(dt.datetime(2026, 1, 2, tzinfo=dt.UTC))
    mark.see(dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    mark.see(None)
    assert mark.value == dt.datetime(2026, 1, 2, tzinfo=dt.UTC)
