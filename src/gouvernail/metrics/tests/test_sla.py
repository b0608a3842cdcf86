"""The contract's delay service levels, measured from the service desk's requests assigned to
the vendor: figures checked against SQL written here, on the test database's engine."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from gouvernail.connectors.runner import after_sync
from gouvernail.core.choices import Role
from gouvernail.metrics.sla import business_hours, requests_url, sla_compute
from gouvernail.testing.factories.servicedesk import make_assignment_group, make_request
from gouvernail.testing.factories.vendors import make_contract, make_service_level, make_sla_measurement, make_vendor

pytestmark = pytest.mark.django_db

OCTOBER = date(2026, 10, 1)


def at(day: int, hour: int, minute: int = 0, month: int = 10) -> datetime:
    return timezone.make_aware(datetime(2026, month, day, hour, minute))


@pytest.fixture
def outsourcing(org):
    vendor = make_vendor(org, "Infogérance Ouest")
    contract = make_contract(org, vendor, reference="INF-2026", start_date=date(2026, 1, 1), duration_months=36)
    make_assignment_group(org, vendor, "Infogérance N2")
    return contract


@pytest.fixture
def requests(org):
    """Four requests of the vendor's group in October (one resolved in November), one of another
    group, one of the vendor opened in September."""
    rows = [
        ("1", "Infogérance N2", at(5, 9), at(5, 11), at(6, 9)),
        ("2", "Infogérance N2", at(7, 14), at(7, 14, 30), at(7, 17)),
        ("3", "Infogérance N2", at(16, 17), at(19, 10), at(20, 12)),
        ("4", "Infogérance N2", at(30, 10), None, at(3, 10, month=11)),
        ("5", "Support interne", at(8, 9), at(8, 9, 5), at(8, 10)),
        ("6", "Infogérance N2", at(29, 9, month=9), at(29, 15, month=9), at(2, 9)),
    ]
    for external_id, group, opened, taken, resolved in rows:
        make_request(
            org,
            external_id,
            assigned_group=group,
            opened_at=opened,
            taken_at=taken,
            resolved_at=resolved,
            status="resolue",
        )


def sql_mean(org, vendor_id, *, ended: str, bound: str, seconds: int) -> tuple[Decimal, int]:
    """The mean delay (`ended` − opened, in units of `seconds`) of the vendor's requests whose
    `bound` column falls in October, and how many they are, as the database computes them."""
    if connection.vendor == "sqlite":
        delay = f"(julianday({ended}) - julianday(opened_at)) * 86400 / {seconds}"
    else:
        delay = f"EXTRACT(EPOCH FROM ({ended} - opened_at)) / {seconds}"
    start, end = timezone.make_aware(datetime(2026, 10, 1)), timezone.make_aware(datetime(2026, 11, 1))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT AVG({delay}), COUNT(*) FROM servicedesk_request WHERE organisation_id = %s AND assigned_group "
            'IN (SELECT "group" FROM servicedesk_assignmentgroup WHERE vendor_id = %s) '
            f"AND {ended} IS NOT NULL AND {bound} >= %s AND {bound} < %s",
            [
                org.pk,
                vendor_id,
                connection.ops.adapt_datetimefield_value(start),
                connection.ops.adapt_datetimefield_value(end),
            ],
        )
        mean, count = cursor.fetchone()
    return Decimal(str(mean)).quantize(Decimal("0.01")), count


def test_the_time_to_take_is_the_mean_over_the_vendor_s_requests_opened_and_taken(org, outsourcing, requests):
    make_service_level(outsourcing, "prise_en_charge", target=Decimal("4"), unit="heures", comparison="max")

    [result] = sla_compute(organisation=org, month=OCTOBER)

    mean, count = sql_mean(org, outsourcing.vendor_id, ended="taken_at", bound="opened_at", seconds=3600)
    assert result.request_count == count == 3
    measurement = result.measurement
    assert measurement.value == mean
    assert (measurement.is_computed, measurement.met) == (True, False)  # (2 + 0.5 + 65) / 3 h > 4 h


def test_the_time_to_resolve_is_the_mean_over_the_vendor_s_requests_resolved_in_the_month(org, outsourcing, requests):
    level = make_service_level(outsourcing, "resolution", target=Decimal("2"), unit="jours", comparison="max")

    sla_compute(organisation=org, month=OCTOBER)

    mean, count = sql_mean(org, outsourcing.vendor_id, ended="resolved_at", bound="resolved_at", seconds=86400)
    measurement = level.measurements.get()
    assert (measurement.month, measurement.request_count) == (OCTOBER, count) == (OCTOBER, 4)
    assert measurement.value == mean


def test_business_hours_count_8_to_18_on_business_days_only():
    # Friday 16 October 17:00 → Monday 19 October 10:00: 1 h on Friday, 2 h on Monday.
    assert business_hours(at(16, 17), at(19, 10)) == 3
    # Wednesday 11 November (Armistice) is off: Tuesday 17:00 → Thursday 9:00 is 2 h.
    assert business_hours(at(10, 17, month=11), at(12, 9, month=11)) == 2
    assert business_hours(at(5, 20), at(5, 7)) == 0


def test_business_units_follow_the_french_calendar(org, outsourcing, requests):
    take = make_service_level(
        outsourcing, "prise_en_charge", target=Decimal("4"), unit="heures ouvrées", comparison="max"
    )
    resolve = make_service_level(outsourcing, "resolution", target=Decimal("2"), unit="jours ouvrés", comparison="max")

    sla_compute(organisation=org, month=OCTOBER)

    # Take: 2 h, 0,5 h, Friday 17:00 → Monday 10:00 = 3 h.
    assert take.measurements.get().value == Decimal("1.83")
    # Resolve, among the requests resolved in October: Monday 5 → Tuesday 6 = 1, 7 → 7 = 0, Friday 16 →
    # Tuesday 20 = 2, and the September one, Tuesday 29 → Friday 2 October = 3 business days.
    assert resolve.measurements.get().value == Decimal("1.50")


def test_a_month_without_requests_has_no_measurement(org, outsourcing):
    level = make_service_level(outsourcing, "resolution", target=Decimal("2"), unit="jours", comparison="max")

    [result] = sla_compute(organisation=org, month=OCTOBER)

    assert result.measurement is None and "aucune demande" in result.message
    assert not level.measurements.exists()


def test_availability_and_the_monthly_report_stay_entered(org, outsourcing, requests):
    availability = make_service_level(outsourcing)
    entered = make_sla_measurement(availability, OCTOBER, Decimal("99.7"))

    assert sla_compute(organisation=org, month=OCTOBER) == []
    entered.refresh_from_db()
    assert (entered.value, entered.is_computed) == (Decimal("99.7"), False)


def test_a_missed_delay_owes_the_contract_s_penalty_and_a_second_run_writes_nothing(org, outsourcing, requests):
    level = make_service_level(
        outsourcing, "prise_en_charge", target=Decimal("4"), unit="heures", comparison="max", penalty_per_breach=100
    )
    sla_compute(organisation=org, month=OCTOBER)
    first = level.measurements.get()

    sla_compute(organisation=org, month=OCTOBER)

    again = level.measurements.get()
    assert (again.met, again.penalty) == (False, Decimal("100"))
    assert again.row_version == first.row_version and again.history.count() == 1


def test_the_drill_down_lists_exactly_the_requests_measured(org, outsourcing, requests, client_for):
    level = make_service_level(outsourcing, "prise_en_charge", target=Decimal("4"), unit="heures", comparison="max")
    [result] = sla_compute(organisation=org, month=OCTOBER)

    response = client_for(Role.REFERENT_SI).get(requests_url(level, OCTOBER))

    assert sorted(r.external_id for r in response.context["table"].data) == ["1", "2", "3"]
    assert result.request_count == 3


def test_a_delay_is_not_typed_in_once_the_vendor_s_groups_are_known(org, outsourcing, client_for):
    level = make_service_level(outsourcing, "prise_en_charge", target=Decimal("4"), unit="heures", comparison="max")

    response = client_for(Role.REFERENT_SI).post(
        "/contrats/mesures-de-service/ajouter/", {"service_level": level.pk, "month": "01/10/2026", "value": "3"}
    )

    assert response.status_code == 200
    assert "il ne se saisit pas" in response.content.decode()
    # This level's only: the demo the package's other tests load has its own measurements.
    assert not level.measurements.exists()


def test_a_delay_in_an_unknown_unit_is_refused_in_french(outsourcing):
    from django.core.exceptions import ValidationError

    level = make_service_level(outsourcing, "resolution", target=Decimal("2"), unit="semaines", comparison="max")

    with pytest.raises(ValidationError) as error:
        level.full_clean()
    assert "jours ouvrés" in error.value.message_dict["unit"][0]


def test_a_delay_saved_in_an_unknown_unit_is_not_computed_and_says_why(org, outsourcing, requests):
    level = make_service_level(outsourcing, "resolution", target=Decimal("2"), unit="semaines", comparison="max")

    [result] = sla_compute(organisation=org, month=OCTOBER)

    assert "unité « semaines » inconnue" in result.message
    assert not level.measurements.exists()


def test_the_command_computes_a_given_month(org, outsourcing, requests, capsys):
    level = make_service_level(outsourcing, "resolution", target=Decimal("2"), unit="jours", comparison="max")

    call_command("sla", "--compute", "--org", org.slug, "--month", "2026-10")

    assert level.measurements.get().month == OCTOBER
    assert "4 demandes" in capsys.readouterr().out


def test_the_command_names_an_unreadable_month_in_french(org):
    with pytest.raises(CommandError, match="Mois « octobre » illisible"):
        call_command("sla", "--compute", "--org", org.slug, "--month", "octobre")


def test_each_sync_computes_the_last_complete_month(org, outsourcing, requests, time_machine):
    time_machine.move_to(datetime(2026, 11, 12, 10, 0, tzinfo=timezone.get_current_timezone()))
    level = make_service_level(outsourcing, "resolution", target=Decimal("2"), unit="jours", comparison="max")

    after_sync(org)

    assert level.measurements.get().month == OCTOBER
