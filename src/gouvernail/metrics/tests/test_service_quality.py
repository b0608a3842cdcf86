"""« Qualité de service du prestataire » on the vendors dashboard: the engagements missed last
month (a number that opens its measurements) and each service level over three months."""

from datetime import date
from decimal import Decimal

import pytest

from gouvernail.core.choices import Role
from gouvernail.testing.factories.vendors import make_contract, make_service_level, make_sla_measurement, make_vendor

pytestmark = pytest.mark.django_db


@pytest.fixture
def levels(org, time_machine):
    time_machine.move_to("2026-11-12 10:00 +01:00")
    contract = make_contract(org, make_vendor(org, "Infogérance Ouest"), "INF-2026", start_date=date(2026, 1, 1))
    availability = make_service_level(contract, label="Disponibilité des serveurs")
    report = make_service_level(contract, "rapport", label="Rapport mensuel reçu", target=1, unit="oui = 1")
    for month, value in ((date(2026, 8, 1), "99.8"), (date(2026, 9, 1), "99.9"), (date(2026, 10, 1), "98.7")):
        make_sla_measurement(availability, month, Decimal(value))
    make_sla_measurement(report, date(2026, 10, 1), Decimal(0))
    return org


def test_the_dashboard_has_the_section_with_each_level_over_three_months(levels, client_for):
    page = client_for(Role.DIRECTION).get("/tableaux-de-bord/prestataires-contrats/").content.decode()

    assert "Qualité de service du prestataire" in page
    assert "Disponibilité des serveurs" in page and "≥ 99.5 %" in page
    assert "98,7 % — non tenu" in page and "99,9 % — tenu" in page
    assert "150 € HT" in page


def test_the_missed_engagements_of_last_month_open_their_measurements(levels, client_for):
    from gouvernail.metrics import registry
    from gouvernail.metrics.periods import Period

    indicator = registry.get_indicator("engagements_non_tenus")
    period = indicator.period_for(date(2026, 11, 12))
    [value] = indicator.compute(levels, period, date(2026, 11, 12))
    response = client_for(Role.DIRECTION).get(indicator.url(period, registry.TOTAL, date(2026, 11, 12)))

    assert period == Period.month(date(2026, 10, 1))
    assert value.value == 2
    assert {str(m.service_level.label) for m in response.context["table"].data} == {
        "Disponibilité des serveurs",
        "Rapport mensuel reçu",
    }
