from datetime import date
from decimal import Decimal

import pytest

from gouvernail.core.choices import Role
from gouvernail.testing.factories.vendors import make_contract, make_service_level, make_sla_measurement, make_vendor

pytestmark = pytest.mark.django_db


@pytest.fixture
def contract(org):
    return make_contract(org, make_vendor(org, "Infogérance Ouest"), reference="INF-2026")


def test_a_month_below_an_availability_target_is_missed_and_owes_the_penalty(contract):
    level = make_service_level(contract)

    missed = make_sla_measurement(level, date(2026, 1, 1), Decimal("98.7"))
    met = make_sla_measurement(level, date(2026, 2, 1), Decimal("99.8"))

    assert (missed.met, missed.penalty) == (False, Decimal("150"))
    assert (met.met, met.penalty) == (True, None)


def test_a_time_to_resolve_is_met_at_or_under_its_target(contract):
    level = make_service_level(
        contract, "resolution", target=Decimal("8"), unit="heures ouvrées", comparison="max", penalty_per_breach=None
    )

    assert make_sla_measurement(level, date(2026, 1, 1), Decimal("8")).met
    late = make_sla_measurement(level, date(2026, 2, 1), Decimal("9.5"))
    assert not late.met and late.penalty is None
    assert level.target_display() == "≤ 8 heures ouvrées"


def test_the_month_entered_in_the_form_is_the_first_of_the_month(contract, client_for):
    level = make_service_level(contract)

    response = client_for(Role.REFERENT_SI).post(
        "/contrats/mesures-de-service/ajouter/",
        {"service_level": level.pk, "month": "17/03/2026", "value": "99,1", "source": "Rapport de mars"},
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    measurement = level.measurements.get()
    assert measurement.month == date(2026, 3, 1) and not measurement.met


def test_the_contract_page_lists_its_service_levels(contract, client_for):
    make_service_level(contract)

    page = client_for(Role.DIRECTION).get(contract.get_absolute_url()).content.decode()

    assert "Niveaux de service (SLA)" in page and "≥ 99.5 %" in page
