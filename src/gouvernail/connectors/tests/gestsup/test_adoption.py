"""GestSup done right on a real database (MariaDB, GestSup 3.2.55's schema): rejected tickets,
impossible dates, the repeated autumn hour, the services mapping, the history of indicators,
and the figures checked against SQL written here, independently of the product's code."""

import datetime as dt
import statistics
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from gouvernail.connectors.choices import RunStatus
from gouvernail.connectors.tests.gestsup.fakedb import ZERO_DATETIME, ticket
from gouvernail.connectors.tests.gestsup.helpers import sync
from gouvernail.metrics.indicators.service_load import processing_time_compute
from gouvernail.metrics.models import Measurement
from gouvernail.metrics.periods import Period
from gouvernail.servicedesk.choices import RequestStatus
from gouvernail.servicedesk.models import Request
from gouvernail.testing.factories.core import make_service

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
QUARTER = Period.parse("2025-T4")


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def messy_tickets() -> list[dict]:
    """A quarter of tickets as a real helpdesk has them: resolved in hours or days, rejected
    (with a resolution date GestSup filled anyway), one resolved in the repeated autumn hour, one
    « modified » in 9999, one resolved before it was created, one created in 9999."""
    return [
        ticket(1, at("2025-10-06 09:00"), state=3, date_res=at("2025-10-06 21:00"), date_modif=at("2025-10-06 21:00")),
        ticket(2, at("2025-10-07 08:00"), state=3, date_res=at("2025-10-09 14:00"), date_modif=at("2025-10-09 14:00")),
        ticket(3, at("2025-11-03 10:00"), state=3, date_res=at("2025-11-03 10:30"), date_modif=at("2025-11-03 10:30")),
        ticket(4, at("2025-11-12 15:00"), state=3, date_res=at("2025-11-20 09:00"), date_modif=at("2025-11-20 09:00")),
        # Rejected: GestSup writes date_res all the same; closed, never resolved.
        ticket(5, at("2025-10-08 09:00"), state=4, date_res=at("2025-10-08 10:00"), date_modif=at("2025-10-08 10:00")),
        ticket(6, at("2025-11-04 09:00"), state=4, date_res=at("2025-11-05 10:00"), date_modif=at("2025-11-05 10:00")),
        # Resolved in the repeated hour of 26/10/2025 (02:00–03:00 happens twice in Paris).
        ticket(7, at("2025-10-26 01:00"), state=3, date_res=at("2025-10-26 02:30"), date_modif=at("2025-10-26 02:30")),
        # A modification date in 9999: must move no high-water mark.
        ticket(8, at("2025-10-15 09:00"), state=2, date_modif=at("9999-12-31 23:59:59")),
        # A resolution before the creation.
        ticket(9, at("2025-11-10 12:00"), state=3, date_res=at("2025-11-09 12:00"), date_modif=at("2025-11-10 12:00")),
        # A creation in 9999.
        ticket(10, at("9999-01-01 00:00"), state=5, date_modif=at("9999-01-01 00:00")),
        ticket(11, at("2025-12-01 09:00"), state=2, date_modif=at("2025-12-01 09:30")),
    ]


def sql_figures(gestsup) -> tuple[int, Decimal, Decimal]:
    """(resolved, mean days, median days) of the quarter, read straight from GestSup's tables:
    state 3 only (GestSup's own rule), a resolution in the quarter, not before the creation.
    Durations in seconds by MariaDB (no DST change falls between a creation and its resolution
    in these tickets but the one inside the repeated hour, both read as summer time)."""
    with gestsup.connection.cursor() as cursor:
        cursor.execute(
            "SELECT TIMESTAMPDIFF(SECOND, date_create, date_res) FROM tincidents "
            "WHERE state = 3 AND disable = 0 AND date_res >= '2025-10-01' AND date_res < '2026-01-01' "
            "AND date_res >= date_create"
        )
        seconds = [Decimal(row[0]) for row in cursor.fetchall()]
    days = [value / 86400 for value in seconds]
    tenth = Decimal("0.1")
    mean = (sum(days) / len(days)).quantize(tenth, ROUND_HALF_UP)
    return len(days), mean, Decimal(statistics.median(days)).quantize(tenth, ROUND_HALF_UP)


def test_the_figures_of_the_quarter_equal_gestsups_own_tables_read_in_sql(org, gestsup, gestsup_config):
    gestsup.insert("tincidents", messy_tickets())

    run = sync(gestsup_config)

    assert run.status == RunStatus.SUCCEEDED
    values = {value.key: value for value in processing_time_compute(org, QUARTER, dt.date(2026, 1, 15))}
    count, mean, median = sql_figures(gestsup)
    assert count == 5
    assert (values["moyenne_calendaire"].count, values["moyenne_calendaire"].value) == (count, mean)
    assert values["mediane_calendaire"].value == median
    # Ticket 1 took 12 hours: half a day, not a whole one.
    assert median == Decimal("0.5")


def test_a_rejected_ticket_is_closed_and_never_counted_resolved(org, gestsup, gestsup_config):
    gestsup.insert("tincidents", messy_tickets())

    sync(gestsup_config)

    rejected = Request.objects.filter(organisation=org, external_id__in=["5", "6"])
    assert {(r.status, r.resolved_at) for r in rejected} == {(RequestStatus.CLOSED, None)}


def test_impossible_dates_are_reported_by_ticket_and_left_out(org, gestsup, gestsup_config):
    gestsup.insert("tincidents", messy_tickets())

    run = sync(gestsup_config)

    warnings = run.details["avertissements"]
    assert "Ticket GestSup n° 10 : date de création dans le futur (01/01/9999 00:00) : ticket ignoré." in warnings
    assert "Ticket GestSup n° 8 : date de modification dans le futur (31/12/9999 23:59) : ignorée." in warnings
    assert (
        "Ticket GestSup n° 9 : résolution (09/11/2025 12:00) antérieure à la création (10/11/2025 12:00) : "
        "date de résolution ignorée." in warnings
    )
    assert not Request.objects.filter(organisation=org, external_id="10").exists()
    assert Request.objects.get(organisation=org, external_id="9").resolved_at is None
    assert Request.objects.get(organisation=org, external_id="8").source_modified_at is None
    assert run.high_water_mark <= run.started_at


def test_an_incremental_sync_after_a_ticket_modified_in_9999_still_sees_later_tickets(org, gestsup, gestsup_config):
    gestsup.insert("tincidents", messy_tickets())
    first = sync(gestsup_config)
    later = at("2025-12-20 10:00")
    gestsup.insert("tincidents", [ticket(12, later, state=2, date_modif=later)])
    gestsup.execute("UPDATE tincidents SET state = 3, date_res = %s, date_modif = %s WHERE id = 11", (later, later))

    second = sync(gestsup_config)

    assert not second.full
    assert first.high_water_mark == at("2025-12-01 09:30").replace(tzinfo=PARIS)
    assert Request.objects.filter(organisation=org, external_id="12").exists()
    assert Request.objects.get(organisation=org, external_id="11").status == RequestStatus.RESOLVED
    assert second.high_water_mark == later.replace(tzinfo=PARIS)


def test_a_mark_stored_in_the_future_by_an_older_version_makes_the_next_run_full(org, gestsup, gestsup_config):
    gestsup.insert("tincidents", messy_tickets())
    first = sync(gestsup_config)
    type(first).objects.filter(pk=first.pk).update(high_water_mark=dt.datetime(9999, 12, 31, tzinfo=dt.UTC))

    second = sync(gestsup_config)

    assert second.full
    assert second.high_water_mark <= second.started_at


def test_a_full_resync_reports_nothing_modified_for_a_ticket_of_the_repeated_autumn_hour(org, gestsup, gestsup_config):
    gestsup.insert("tincidents", messy_tickets())
    sync(gestsup_config, full=True)

    again = sync(gestsup_config, full=True)

    assert again.details["demandes"]["modifiés"] == 0
    autumn = Request.objects.get(organisation=org, external_id="7")
    # 02:30 read as summer time (the first of the two 02:30): 00:30 UTC.
    assert autumn.resolved_at == dt.datetime(2025, 10, 26, 0, 30, tzinfo=dt.UTC)


def test_mapped_services_are_used_and_unmatched_ones_are_counted_with_their_tickets(org, gestsup, gestsup_config):
    finances = make_service(org, "Finances")
    human = make_service(org, "Ressources humaines et paie")
    gestsup_config.service_mapping = {"Service inconnu chez nous": finances.pk}
    gestsup_config.save()
    gestsup.insert(
        "tincidents",
        [
            ticket(1, at("2025-11-03 10:00"), u_service=3),
            ticket(2, at("2025-11-03 11:00"), u_service=1),
            ticket(3, at("2025-11-03 12:00"), u_service=1),
            ticket(4, at("2025-11-03 13:00"), u_service=2, place=2),
        ],
    )

    run = sync(gestsup_config)

    services = dict(Request.objects.filter(organisation=org).values_list("external_id", "service_id"))
    assert services == {"1": finances.pk, "2": None, "3": None, "4": finances.pk}
    assert run.details["services GestSup sans correspondance (tickets)"] == {"Ressources humaines": 2}
    assert run.details["lieux GestSup sans site (tickets)"] == {"Lieu inconnu": 1}
    assert (
        "Service GestSup « Ressources humaines » sans correspondance : 2 tickets sans service "
        "(rattachez-le dans la configuration du connecteur)." in run.details["avertissements"]
    )
    assert human.pk not in services.values()


def test_the_connector_page_proposes_a_service_of_similar_name(org, editor, gestsup, gestsup_config):
    make_service(org, "Ressources humaines et paie")
    gestsup.insert("tincidents", [ticket(1, at("2025-11-03 10:00"), u_service=1)])
    sync(gestsup_config)

    page = editor.get("/collecte/gestsup/").content.decode()

    assert "Ressources humaines = Ressources humaines et paie" in page.replace("&#x27;", "'")


def test_the_first_sync_computes_the_history_of_24_months(org, gestsup, gestsup_config):
    today = timezone.localdate()
    oldest = dt.datetime(today.year - 3, 1, 5, 9, 0)
    gestsup.insert("tincidents", [ticket(100, oldest), *messy_tickets()[:4]])

    sync(gestsup_config)

    months = set(
        Measurement.objects.filter(organisation=org, code="demandes_mois").values_list("period_key", flat=True)
    )
    expected = {Period.month(today).shift(-back).key for back in range(1, 25)}
    assert expected <= months
    assert len(months - expected) == 0
    quarters = set(
        Measurement.objects.filter(organisation=org, code="demandes_trimestre").values_list("period_key", flat=True)
    )
    assert len(quarters) >= 8


def test_a_second_sync_does_not_compute_the_history_again(org, gestsup, gestsup_config):
    gestsup.insert("tincidents", messy_tickets()[:4])
    sync(gestsup_config)
    Measurement.objects.filter(organisation=org, code="demandes_mois").delete()

    sync(gestsup_config)

    assert Measurement.objects.filter(organisation=org, code="demandes_mois").count() <= 1


def test_a_ticket_without_dates_is_still_reported_as_before(org, gestsup, gestsup_config):
    gestsup.insert("tincidents", [ticket(1, ZERO_DATETIME, date_modif=ZERO_DATETIME)])

    run = sync(gestsup_config)

    assert run.details["avertissements"] == ["Ticket GestSup n° 1 ignoré : aucune date renseignée."]
