"""The demo's IT budget: synthetic and labelled so, consistent with the demo's contracts,
projects and roadmap, with execution to date, an unmatched mandat kept, and the 2026–2028
trajectory; its dashboard figures equal the budget summary and drill down to the lines."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from gouvernail.demo.loader import load_demo, purge_demo
from gouvernail.demo.records import SYNTHETIC_NOTE
from gouvernail.finance.choices import REFERENCE_SCENARIO, ExecutionKind, Section
from gouvernail.finance.figures import application_costs, summary, trajectory, unmatched_entries
from gouvernail.finance.models import BudgetLine, ExecutionEntry, Programme, TrajectoryEntry
from gouvernail.metrics.registry import TOTAL, indicators


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        summary_ = load_demo(reference_date=timezone.localdate())
    yield summary_.organisation
    with django_db_blocker.unblock():
        purge_demo()


def test_every_budget_line_and_trajectory_amount_is_labelled_synthetic(demo, db):
    lines = BudgetLine.objects.filter(organisation=demo)
    assert lines.count() > 15
    assert all(SYNTHETIC_NOTE in line.notes for line in lines)
    assert all(SYNTHETIC_NOTE in row.notes for row in TrajectoryEntry.objects.filter(organisation=demo))


def test_the_budget_follows_the_demo_contracts_and_projects(demo, db):
    year = timezone.localdate().year
    infogerance = BudgetLine.objects.get(organisation=demo, year=year, contract__subject__startswith="Accompagnement")
    firewall = BudgetLine.objects.get(organisation=demo, project__name="Firewall centralisé et réseau intersites")

    assert infogerance.primitive_amount == infogerance.contract.annual_amount_ttc
    assert infogerance.section == Section.OPERATING
    assert firewall.primitive_amount == firewall.project.budget_planned
    assert firewall.section == Section.INVESTMENT


def test_the_ap_has_its_payment_credits_over_the_roadmap_years(demo, db):
    programme = Programme.objects.get(organisation=demo)

    assert dict(programme.credits.values_list("year", "amount")) == {
        2026: Decimal("48000.00"),
        2027: Decimal("42000.00"),
        2028: Decimal("30000.00"),
    }
    assert programme.credits_total() == programme.amount


def test_the_execution_is_dated_in_the_past_of_the_year(demo, db):
    today = timezone.localdate()
    entries = ExecutionEntry.objects.filter(organisation=demo)

    assert entries.filter(kind=ExecutionKind.COMMITMENT).exists()
    assert all(entry.date <= today and entry.date.year == today.year for entry in entries)


def test_an_unmatched_mandat_is_kept_and_listed(demo, db):
    if timezone.localdate() < date(timezone.localdate().year, 1, 16):
        pytest.skip("no quarter is past yet on this date")
    assert unmatched_entries(demo).count() == 1


def test_the_trajectory_covers_2026_to_2028_with_the_study_scenario(demo, db):
    rows = trajectory(demo, [2026, 2027, 2028])
    scenarios = set(TrajectoryEntry.objects.filter(organisation=demo).values_list("scenario", flat=True))

    assert {year for row in rows for year in row.planned} == {2026, 2027, 2028}
    assert scenarios == {REFERENCE_SCENARIO, "Scénario 3 — recrutement d'un RSI"}


def test_the_budget_indicators_have_values_and_equal_the_summary(demo, db):
    today = timezone.localdate()
    totals = summary(demo, today.year)["total"]
    values = {
        indicator.code: {v.key: v for v in indicator.compute(demo, indicator.period_for(today), today)}
        for indicator in indicators()
        if indicator.code.startswith("budget_")
    }

    assert values["budget_credits_ouverts"][TOTAL].value == totals["opened"] > 0
    assert values["budget_mandate"][TOTAL].value == totals["mandated"]
    assert values["budget_reste_a_realiser"][TOTAL].value == totals["remaining"]
    assert values["budget_taux_execution"][TOTAL].value is not None
    assert values["budget_depense_par_agent"][TOTAL].value is not None


def test_the_cost_per_application_ranks_the_mapped_applications(demo, db):
    costs = application_costs(demo, timezone.localdate().year)

    assert len(costs) == 10
    assert costs[0].total >= costs[-1].total
    assert all(isinstance(cost.total, Decimal) for cost in costs)
