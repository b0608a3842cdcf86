"""Synchronising a real GestSup database (MariaDB) into requests and equipment."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from gouvernail.connectors.choices import RunStatus
from gouvernail.connectors.runner import config_password_set
from gouvernail.connectors.tests.gestsup.conftest import READER_PASSWORD
from gouvernail.connectors.tests.gestsup.fakedb import (
    ZERO_DATE,
    ZERO_DATETIME,
    CuttingProxy,
    generated_tickets,
    ticket,
)
from gouvernail.connectors.tests.gestsup.helpers import snapshot, sync
from gouvernail.inventory.models import Equipment
from gouvernail.metrics.models import Measurement
from gouvernail.servicedesk.choices import RequestFamily, RequestStatus
from gouvernail.servicedesk.models import Request
from gouvernail.testing.factories.core import make_service, make_site
from gouvernail.testing.factories.inventory import make_equipment
from gouvernail.testing.factories.servicedesk import make_category_mapping

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
MONDAY = dt.datetime(2025, 3, 3, 9, 30)


def live_count(rows) -> int:
    return sum(1 for row in rows if not row.get("disable") and not row.get("template"))


def test_a_first_sync_creates_one_request_per_live_ticket(org, gestsup, gestsup_config):
    rows = generated_tickets(120)
    rows[5]["disable"] = 1
    rows[6]["template"] = 1
    gestsup.insert("tincidents", rows)

    run = sync(gestsup_config)

    assert run.status == RunStatus.SUCCEEDED, run.error_message
    assert run.full
    assert Request.objects.filter(organisation=org).count() == live_count(rows) == 118
    assert run.details["demandes"] == {"créés": 118, "modifiés": 0, "inchangés": 0, "supprimés": 0, "non rapprochés": 0}
    assert not Request.objects.filter(external_id__in=["6", "7"]).exists()


def test_a_ticket_becomes_a_request_with_what_the_indicators_need(org, gestsup, gestsup_config):
    service = make_service(org, "Ressources humaines")
    site = make_site(org, "Médiathèque")
    gestsup.insert(
        "tincidents",
        [
            ticket(
                41,
                MONDAY,
                date_res=MONDAY + dt.timedelta(days=2),
                date_modif=MONDAY + dt.timedelta(days=2, hours=1),
                state=3,
                type=2,
                category=4,
                subcat=4,
                u_service=1,
                place=1,
                time=45,
            )
        ],
    )

    sync(gestsup_config)

    request = Request.objects.get(organisation=org, source="gestsup", external_id="41")
    assert request.opened_at == MONDAY.replace(tzinfo=PARIS)
    assert request.resolved_at == (MONDAY + dt.timedelta(days=2)).replace(tzinfo=PARIS)
    assert request.source_modified_at == (MONDAY + dt.timedelta(days=2, hours=1)).replace(tzinfo=PARIS)
    assert (request.status, request.request_type) == (RequestStatus.RESOLVED, "Incident")
    assert (request.category, request.subcategory, request.family) == ("Réseau", "Wi-Fi", RequestFamily.SITES)
    assert (request.service, request.site, request.time_spent_minutes) == (service, site, 45)


def test_a_ticket_keeps_its_technician_group_but_not_its_technician(org, gestsup, gestsup_config):
    gestsup.execute("INSERT INTO tgroups (id, name, type, service, disable) VALUES (4, 'Infogérance N2', 0, 0, 0)")
    gestsup.insert("tincidents", [ticket(42, MONDAY, t_group=4, technician=7), ticket(43, MONDAY)])

    sync(gestsup_config)

    groups = dict(Request.objects.filter(organisation=org).values_list("external_id", "assigned_group"))
    assert groups == {"42": "Infogérance N2", "43": ""}  # group 0, « Aucun »: no group


def test_zero_dates_and_none_rows_are_read_as_empty(org, gestsup, gestsup_config):
    gestsup.insert(
        "tincidents",
        [ticket(1, MONDAY, date_res=ZERO_DATETIME, state=2, type=0, category=0, subcat=0, time=0, u_service=3)],
    )

    sync(gestsup_config)

    request = Request.objects.get(organisation=org)
    assert request.resolved_at is None
    assert (request.request_type, request.category, request.subcategory) == ("", "", "")
    assert request.time_spent_minutes is None
    assert request.service is None  # « Service inconnu chez nous » has no namesake in Gouvernail
    assert request.status == RequestStatus.IN_PROGRESS


def test_a_ticket_without_any_date_is_skipped_with_a_warning(org, gestsup, gestsup_config):
    gestsup.insert("tincidents", [ticket(1, ZERO_DATETIME, date_modif=ZERO_DATETIME), ticket(2, MONDAY)])

    run = sync(gestsup_config)

    assert list(Request.objects.values_list("external_id", flat=True)) == ["2"]
    assert run.details["avertissements"] == ["Ticket GestSup n° 1 ignoré : aucune date renseignée."]


@pytest.mark.parametrize(
    ("state", "status"),
    [
        (1, RequestStatus.NEW),
        (2, RequestStatus.IN_PROGRESS),
        (3, RequestStatus.RESOLVED),
        (4, RequestStatus.CLOSED),  # « Rejeté »: closed, not resolved
        (5, RequestStatus.NEW),
        (6, RequestStatus.PENDING),
        (7, RequestStatus.CLOSED),  # a state the installation added, named « Clôturé »
    ],
)
def test_each_gestsup_state_has_its_status(state, status, org, gestsup, gestsup_config):
    gestsup.insert("tincidents", [ticket(1, MONDAY, state=state)])

    sync(gestsup_config)

    assert Request.objects.get(organisation=org).status == status


def test_stored_families_follow_the_organisations_category_mapping(org, gestsup, gestsup_config):
    make_category_mapping(org, "Application", family=RequestFamily.PROJECTS)
    gestsup.insert("tincidents", [ticket(1, MONDAY, category=1, subcat=1), ticket(2, MONDAY, category=3, subcat=3)])

    sync(gestsup_config)

    families = dict(Request.objects.values_list("external_id", "family"))
    assert families == {"1": RequestFamily.PROJECTS, "2": RequestFamily.SECURITY}


def test_running_twice_changes_nothing(org, gestsup, gestsup_config):
    gestsup.insert("tincidents", generated_tickets(200))
    sync(gestsup_config)
    before = snapshot(org)

    again = sync(gestsup_config, full=True)

    assert again.status == RunStatus.SUCCEEDED
    assert (again.created_count, again.updated_count, again.deleted_count) == (0, 0, 0)
    assert again.details["demandes"]["inchangés"] == 200
    assert snapshot(org) == before


def test_an_incremental_run_reads_only_the_tickets_modified_since_the_last_success(org, gestsup, gestsup_config):
    rows = generated_tickets(300)
    gestsup.insert("tincidents", rows)
    first = sync(gestsup_config)
    later = first.high_water_mark.astimezone(PARIS).replace(tzinfo=None) + dt.timedelta(hours=1)
    gestsup.execute(
        "UPDATE tincidents SET state = 3, date_res = %s, date_modif = %s WHERE id IN (10, 11, 12)", (later, later)
    )
    gestsup.insert("tincidents", [ticket(301, later)])

    second = sync(gestsup_config)

    assert not second.full
    # Three modified tickets, a new one, and the one modified in the very second of the mark
    # (read again, found unchanged): not the 300.
    assert second.progress_total == 5
    assert (second.created_count, second.updated_count, second.unchanged_count) == (1, 3, 1)
    assert Request.objects.get(external_id="11").status == RequestStatus.RESOLVED
    assert second.high_water_mark == later.replace(tzinfo=PARIS)
    assert Request.objects.filter(organisation=org).count() == 301


def test_a_ticket_disabled_since_the_last_run_is_removed_by_the_next_one(org, gestsup, gestsup_config):
    gestsup.insert("tincidents", generated_tickets(50))
    first = sync(gestsup_config)
    later = first.high_water_mark.astimezone(PARIS).replace(tzinfo=None) + dt.timedelta(minutes=5)
    gestsup.execute("UPDATE tincidents SET disable = 1, date_modif = %s WHERE id = 20", (later,))

    second = sync(gestsup_config)

    assert not second.full
    assert second.deleted_count == 1
    assert not Request.objects.filter(external_id="20").exists()


def test_a_full_run_detects_tickets_deleted_or_disabled_without_a_new_date(org, gestsup, gestsup_config):
    gestsup.insert("tincidents", generated_tickets(80))
    sync(gestsup_config)
    gestsup.execute("DELETE FROM tincidents WHERE id IN (3, 4)")
    gestsup.execute("UPDATE tincidents SET disable = 1 WHERE id = 5")  # date_modif untouched

    incremental = sync(gestsup_config)
    full = sync(gestsup_config, full=True)

    assert incremental.deleted_count == 0  # invisible to an incremental read…
    assert full.deleted_count == 3  # …found by the reconciliation
    assert Request.objects.filter(organisation=org).count() == 77


def test_a_first_run_reads_no_stored_request_and_the_next_full_one_compares_them_all(org, gestsup, gestsup_config):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    gestsup.insert("tincidents", generated_tickets(30))

    with CaptureQueriesContext(connection) as first_queries:
        first = sync(gestsup_config, batch_size=10)
    gestsup.execute("DELETE FROM tincidents WHERE id = 4")
    with CaptureQueriesContext(connection) as full_queries:
        full = sync(gestsup_config, full=True, batch_size=10)

    def reads(queries) -> int:
        return sum(1 for query in queries if query["sql"].startswith("SELECT") and '"external_id" IN' in query["sql"])

    assert (first.created_count, reads(first_queries)) == (30, 0)
    assert (full.unchanged_count, full.deleted_count, reads(full_queries)) == (29, 1, 3)


def test_a_full_reconciliation_comes_every_n_runs(org, gestsup, gestsup_config):
    gestsup_config.full_every = 3
    gestsup_config.save()
    gestsup.insert("tincidents", generated_tickets(5))

    kinds = [sync(gestsup_config).full for _ in range(5)]

    assert kinds == [True, False, False, True, False]


def test_the_sync_leaves_another_organisations_requests_alone(org, other_org, gestsup, gestsup_config):
    from gouvernail.testing.factories.servicedesk import make_request

    make_request(other_org, "3")
    gestsup.insert("tincidents", generated_tickets(10))
    gestsup.execute("DELETE FROM tincidents WHERE id = 3")

    sync(gestsup_config, full=True)

    assert Request.objects.filter(organisation=other_org, external_id="3").exists()


def test_a_connection_cut_mid_stream_leaves_the_previous_data_intact(org, gestsup, gestsup_config):
    gestsup.insert("tincidents", generated_tickets(8000))
    first = sync(gestsup_config)
    before = snapshot(org)
    gestsup.execute("UPDATE tincidents SET state = 4, date_modif = '2030-01-01 00:00:00'")
    # The next run goes through a relay that drops the line after 400 kB of answers (a ticket
    # row is some 90 bytes): about half-way through the stream, batches of 500 already written.
    proxy = CuttingProxy(limit=400_000)
    gestsup_config.host, gestsup_config.port = "127.0.0.1", proxy.port
    gestsup_config.save()
    config_password_set(config=gestsup_config, password=READER_PASSWORD)  # bound to the relay now
    seen = []

    failed = sync(gestsup_config, progress=lambda current, total: seen.append(current), batch_size=500)

    proxy.close()
    assert max(seen) >= 1000, "the cut must come after some batches were written"
    assert failed.status == RunStatus.FAILED
    assert failed.error_message == "La connexion au serveur GestSup a été coupée pendant la lecture."
    assert snapshot(org) == before
    gestsup_config.refresh_from_db()
    assert gestsup_config.last_success_at == first.finished_at


def test_a_connection_killed_after_the_equipment_writes_leaves_everything_intact(
    org, gestsup, gestsup_server, gestsup_config
):
    gestsup.insert("tincidents", generated_tickets(100))
    gestsup.insert("tassets", [{"id": 1, "netbios": "PC-NEUF", "sn_manufacturer": "SN-NEUF", "type": 1, "net_scan": 1}])
    admin = gestsup_server["admin"]

    def kill(current: int, total: int) -> None:
        # Called before the ticket stream starts, once the equipment has been written.
        with admin.cursor() as cursor:
            cursor.execute("SELECT id FROM information_schema.PROCESSLIST WHERE user = %s", (gestsup.reader,))
            for (thread_id,) in cursor.fetchall():
                cursor.execute(f"KILL {int(thread_id)}")

    failed = sync(gestsup_config, progress=kill)

    assert failed.status == RunStatus.FAILED
    assert failed.error_message == "La connexion au serveur GestSup a été coupée pendant la lecture."
    assert not Equipment.objects.filter(organisation=org).exists()
    assert not Request.objects.filter(organisation=org).exists()
    # The next run starts from the last success (none): a full run that brings everything.
    assert sync(gestsup_config).status == RunStatus.SUCCEEDED
    assert Request.objects.filter(organisation=org).count() == 100


#
# Assets → equipment
#


def insert_assets(gestsup, *rows):
    gestsup.insert("tassets", [{"net_scan": 1, **row} for row in rows])


def test_assets_become_equipment_matched_by_serial_then_by_name(org, gestsup, gestsup_config):
    site = make_site(org, "Médiathèque")
    known = make_equipment(org, "ANCIEN-NOM", serial="SN-001", family="pc_portable")
    by_name = make_equipment(org, "PC-ACCUEIL")
    insert_assets(
        gestsup,
        {
            "id": 1,
            "sn_manufacturer": "SN-001",
            "netbios": "PC-COMPTA",
            "type": 1,
            "model": 1,
            "manufacturer": 1,
            "state": 2,
            "location": 1,
            "date_end_warranty": "2027-05-31",
        },
        {"id": 2, "netbios": "PC-ACCUEIL", "sn_internal": "INV-2", "type": 1, "state": 1},
        {
            "id": 3,
            "netbios": "IMP-RDC",
            "sn_manufacturer": "SN-IMP",
            "type": 2,
            "state": 4,
            "date_end_warranty": ZERO_DATE,
        },
        {"id": 4, "netbios": "PC-JETE", "sn_manufacturer": "SN-OLD", "type": 1, "disable": 1},
    )

    run = sync(gestsup_config)

    assert run.details["équipements"] == {
        "créés": 1,
        "modifiés": 2,
        "inchangés": 0,
        "supprimés": 0,
        "non rapprochés": 0,
    }
    known.refresh_from_db()
    assert (known.name, known.manufacturer, known.model, known.state) == (
        "PC-COMPTA",
        "Dell",
        "Optiplex 3020",
        "en_service",
    )
    assert (known.site, known.warranty_end, known.family) == (site, dt.date(2027, 5, 31), "pc_fixe")
    by_name.refresh_from_db()
    assert (by_name.serial, by_name.state) == ("INV-2", "en_stock")
    printer = Equipment.objects.get(organisation=org, serial="SN-IMP")
    assert (printer.family, printer.state, printer.warranty_end) == ("imprimante", "hors_service", None)
    assert not Equipment.objects.filter(serial="SN-OLD").exists()
    assert sync(gestsup_config).details["équipements"]["inchangés"] == 3


def test_an_asset_the_equipment_form_refuses_is_skipped_with_its_reason(org, gestsup, gestsup_config):
    make_equipment(org, "PC-A", serial="SN-A", purchase_date=dt.date(2024, 1, 1))
    insert_assets(gestsup, {"id": 1, "sn_manufacturer": "SN-A", "netbios": "PC-A", "date_end_warranty": "2020-01-01"})

    run = sync(gestsup_config)

    assert run.status == RunStatus.SUCCEEDED
    assert run.details["avertissements"] == [
        "Équipement GestSup n° 1 (« PC-A ») ignoré — warranty_end : La fin de garantie précède la date d'achat."
    ]
    assert Equipment.objects.get(serial="SN-A").warranty_end is None


def test_the_sync_command_shows_its_progress_and_a_summary(org, gestsup, gestsup_config):
    from io import StringIO

    from django.core.management import call_command

    gestsup.insert("tincidents", generated_tickets(40))
    out, err = StringIO(), StringIO()

    call_command("sync", "gestsup", "--org", org.slug, "--full", stdout=out, stderr=err)

    assert "Synchronisation complète de GestSup" in err.getvalue()
    assert "100.0 %  40/40 tickets" in err.getvalue()
    assert "Demandes : 40 créés, 0 modifiés, 0 inchangés, 0 supprimés" in out.getvalue()
    assert "Synchronisation réussie en" in out.getvalue()


def test_a_successful_sync_recomputes_the_organisations_indicators(org, gestsup, gestsup_config):
    gestsup.insert("tincidents", generated_tickets(30))

    run = sync(gestsup_config)

    assert run.status == RunStatus.SUCCEEDED, run.error_message
    assert Measurement.objects.filter(organisation=org).exists()
