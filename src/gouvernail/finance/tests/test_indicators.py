"""The « Budget SI » indicators: every amount is the sum of the budget lines its drill-down lists,
the same figure as the budget summary (one query path), and the ratios read the same lines."""

from datetime import date
from decimal import Decimal

import pytest

from gouvernail.core.choices import Role
from gouvernail.finance.choices import ExecutionKind, Section
from gouvernail.finance.figures import summary
from gouvernail.metrics.registry import TOTAL, get_indicator
from gouvernail.testing.factories.core import make_person
from gouvernail.testing.factories.finance import make_account, make_entry, make_line, make_trajectory_entry
from gouvernail.testing.factories.inventory import make_equipment

TODAY = date(2026, 6, 15)
AMOUNTS = {
    "budget_credits_ouverts": "opened",
    "budget_mandate": "mandated",
    "budget_reste_a_realiser": "remaining",
}


@pytest.fixture
def budget(org):
    hardware = make_account(org, "2183", chapter="21")
    maintenance = make_account(org, "6156", chapter="011", title="Maintenance")
    laptops = make_line(org, hardware, primitive_amount=Decimal("30000.00"), label="Portables")
    firewall = make_line(org, hardware, primitive_amount=Decimal("12000.00"), label="Pare-feu")
    upkeep = make_line(org, maintenance, primitive_amount=Decimal("8000.00"), amendments_amount=Decimal("500.50"))
    make_line(org, hardware, year=2025, primitive_amount=Decimal("99999"))
    make_entry(org, laptops, "9000.00", kind=ExecutionKind.COMMITMENT, reference="E1")
    make_entry(org, laptops, "6000.00", reference="M1")
    make_entry(org, upkeep, "4250.25", reference="M2")
    make_entry(org, upkeep, "5000.00", kind=ExecutionKind.COMMITMENT, reference="E2")
    make_trajectory_entry(org, year=2026, section=Section.INVESTMENT, amount=Decimal("40000"))
    for index in range(4):
        make_person(org, f"Agent{index}")
    make_equipment(org, "PC-1", serial="S1", family="pc_portable")
    make_equipment(org, "PC-2", serial="S2", family="pc_fixe")
    make_equipment(org, "TAB-1", serial="S3", family="tablette")
    return {"laptops": laptops, "firewall": firewall, "upkeep": upkeep}


def values(org, code):
    indicator = get_indicator(code)
    period = indicator.period_for(TODAY)
    return indicator, period, {value.key: value for value in indicator.compute(org, period, TODAY)}


@pytest.mark.parametrize("code", AMOUNTS)
def test_each_amount_is_the_sum_of_the_lines_its_drilldown_lists(code, org, budget):
    indicator, period, by_key = values(org, code)

    for key, value in by_key.items():
        rows = indicator.records(org, period, key, TODAY)
        assert rows.count() == value.count, f"{code} / {key}"
        assert sum((getattr(row, AMOUNTS[code]) for row in rows), Decimal(0)) == value.value, f"{code} / {key}"


@pytest.mark.parametrize("code", AMOUNTS)
def test_the_dashboard_amounts_are_those_of_the_budget_summary(code, org, budget):
    _, _, by_key = values(org, code)
    totals = summary(org, TODAY.year)

    assert by_key[TOTAL].value == totals["total"][AMOUNTS[code]]
    assert by_key[Section.INVESTMENT].value == totals[Section.INVESTMENT][AMOUNTS[code]]


def test_the_amounts_of_the_demo_budget_are_as_expected(org, budget):
    opened = values(org, "budget_credits_ouverts")[2]
    mandated = values(org, "budget_mandate")[2]
    remaining = values(org, "budget_reste_a_realiser")[2]

    assert opened[TOTAL].value == Decimal("50500.50")
    assert mandated[TOTAL].value == Decimal("10250.25")
    assert (mandated[TOTAL].count, opened[TOTAL].count) == (2, 3)
    assert remaining[TOTAL].value == Decimal("3749.75")
    assert remaining[Section.OPERATING].value == Decimal("749.75")


def test_the_execution_rate_is_mandated_over_opened(org, budget):
    _, _, by_key = values(org, "budget_taux_execution")

    assert by_key[TOTAL].value == Decimal("20.3")  # 10 250,25 / 50 500,50
    assert by_key[Section.INVESTMENT].value == Decimal("14.3")  # 6 000 / 42 000


def test_the_operating_share_reads_the_opened_credits(org, budget):
    _, _, by_key = values(org, "budget_part_fonctionnement")

    assert by_key[TOTAL].value == Decimal("16.8")  # 8 500,50 / 50 500,50
    assert by_key[TOTAL].count == 1


def test_spending_per_agent_and_per_workstation(org, budget):
    per_agent = values(org, "budget_depense_par_agent")[2]
    per_workstation = values(org, "budget_depense_par_poste")[2]

    assert per_agent[TOTAL].value == Decimal("2562.56")  # 10 250,25 / 4 agents
    assert per_workstation[TOTAL].value == Decimal("5125.13")  # / 2 PC, the tablet left out


def test_the_gap_to_the_trajectory_is_plan_minus_payments(org, budget):
    indicator, period, by_key = values(org, "budget_ecart_trajectoire")

    assert by_key[Section.INVESTMENT].value == Decimal("34000.00")
    assert by_key[Section.OPERATING].value is None  # nothing planned: no gap to show
    assert indicator.records(org, period, TOTAL, TODAY).count() == by_key[TOTAL].count == 1


def test_each_drilldown_link_opens_a_list_of_exactly_count_lines(org, budget, client_for):
    client = client_for(Role.DIRECTION)
    for code in (*AMOUNTS, "budget_taux_execution", "budget_depense_par_agent", "budget_ecart_trajectoire"):
        indicator, period, by_key = values(org, code)
        for key, value in by_key.items():
            url = indicator.url(period, key, TODAY)

            response = client.get(url)

            assert response.status_code == 200
            assert response.context["total_count"] == value.count, url


def test_the_budget_dashboard_page_shows_the_amounts(org, budget, client_for):
    response = client_for(Role.ELU).get("/tableaux-de-bord/budget-si/")

    assert response.status_code == 200
    assert "Crédits ouverts" in response.content.decode()
