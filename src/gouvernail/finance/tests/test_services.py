"""The shipped M57 accounts, the forecast proposed from what feeds a line, and the crédits de
paiement of an AP kept within it."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from gouvernail.finance.models import Account, PaymentCredit
from gouvernail.finance.nomenclature import M57_IT_ACCOUNTS
from gouvernail.finance.services import accounts_seed, credits_set, forecast_apply, forecast_propose
from gouvernail.testing.factories.finance import make_account, make_credit, make_line, make_programme
from gouvernail.testing.factories.steering import make_project
from gouvernail.testing.factories.vendors import make_contract, make_vendor


def test_seeding_ships_the_m57_accounts_once_and_keeps_the_organisations_edits(org):
    accounts_seed(organisation=org, acting_user=None)
    Account.objects.filter(organisation=org, number="2183").update(title="Matériel informatique (édité)")

    created = accounts_seed(organisation=org, acting_user=None)

    assert created == []
    assert Account.objects.filter(organisation=org).count() == len(M57_IT_ACCOUNTS)
    assert Account.objects.get(organisation=org, number="2183").title == "Matériel informatique (édité)"


def test_every_shipped_account_passes_its_own_validation(org):
    for account in accounts_seed(organisation=org, acting_user=None):
        account.full_clean(exclude=["organisation"])


def test_a_contract_line_proposes_the_indexed_annual_amount(org):
    contract = make_contract(
        org, make_vendor(org), annual_amount_ttc=Decimal("12000.00"), start_date=date(2025, 1, 1), duration_months=48
    )
    line = make_line(
        org, make_account(org, "6156", chapter="011"), contract=contract, indexation_percent=Decimal("2.5")
    )

    forecast = forecast_propose(line)

    assert forecast.amount == Decimal("12300.00")
    assert "2025-INF-01" in forecast.basis


def test_a_contract_ending_before_next_year_without_renewal_proposes_nothing(org):
    contract = make_contract(org, make_vendor(org), start_date=date(2024, 1, 1), duration_months=36)
    line = make_line(org, make_account(org, "6156", chapter="011"), contract=contract)

    assert forecast_propose(line).amount == Decimal("0.00")


def test_an_ap_line_proposes_next_years_payment_credits(org):
    programme = make_programme(org)
    make_credit(programme, 2027, "45000.00")
    line = make_line(org, programme=programme)

    assert forecast_propose(line).amount == Decimal("45000.00")


def test_a_project_line_proposes_the_budget_not_yet_spent(org):
    project = make_project(org, budget_planned=Decimal("50000"), budget_spent=Decimal("12500.50"))
    line = make_line(org, project=project)

    assert forecast_propose(line).amount == Decimal("37499.50")


def test_a_line_fed_by_nothing_proposes_its_opened_credits(org):
    line = make_line(org, primitive_amount=Decimal("800"), amendments_amount=Decimal("-100"))

    assert forecast_propose(line).amount == Decimal("700.00")


def test_applying_the_proposal_writes_it_and_journals_it(org):
    line = make_line(org, primitive_amount=Decimal("800"))

    forecast_apply(line=line, acting_user=None)

    line.refresh_from_db()
    assert line.forecast_amount == Decimal("800.00")
    assert line.history.count() == 2


def test_payment_credits_beyond_the_ap_are_refused_and_nothing_is_written(org):
    programme = make_programme(org, amount=Decimal("90000"))
    make_credit(programme, 2026, "30000.00")

    with pytest.raises(ValidationError) as error:
        credits_set(programme=programme, amounts={2027: Decimal("40000"), 2028: Decimal("20000.01")}, acting_user=None)

    assert "dépassent l'AP" in error.value.message_dict["amount"][0]
    assert list(PaymentCredit.objects.values_list("year", flat=True)) == [2026]


def test_payment_credits_may_be_moved_between_years_in_one_act(org):
    programme = make_programme(org, amount=Decimal("90000"))
    make_credit(programme, 2026, "60000.00")
    make_credit(programme, 2027, "30000.00")

    credits_set(programme=programme, amounts={2026: Decimal("30000"), 2027: Decimal("60000")}, acting_user=None)

    assert dict(programme.credits.values_list("year", "amount")) == {
        2026: Decimal("30000.00"),
        2027: Decimal("60000.00"),
    }


def test_a_single_payment_credit_form_is_refused_beyond_the_ap(org):
    programme = make_programme(org, amount=Decimal("1000"))
    make_credit(programme, 2026, "900.00")
    credit = PaymentCredit(organisation=org, programme=programme, year=2027, amount=Decimal("100.01"))

    with pytest.raises(ValidationError) as error:
        credit.full_clean(exclude=["organisation"])

    assert "il reste 100,00\u00a0€" in error.value.message_dict["amount"][0]
