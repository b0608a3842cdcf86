"""Budget lines: crédits ouverts, engagé, mandaté and reste à réaliser computed in the database,
as Decimal, and equal to an independent SQL sum; the line's imputation and its checks."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from gouvernail.finance.choices import ExecutionKind, Section
from gouvernail.finance.figures import lines_of, summary
from gouvernail.finance.models import BudgetLine
from gouvernail.testing.factories.finance import make_account, make_entry, make_line, make_programme


def sql_sum(query: str, params: list) -> Decimal:
    """An amount summed by hand-written SQL, independent of the ORM path under test."""
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        (value,) = cursor.fetchone()
    return Decimal(str(value or 0)).quantize(Decimal("0.01"))


def test_a_line_adds_its_voted_amounts_and_sums_its_commitments_and_payments(org):
    line = make_line(
        org,
        primitive_amount=Decimal("10000.10"),
        amendments_amount=Decimal("-500.05"),
        carried_over_amount=Decimal("200.00"),
    )
    make_entry(org, line, "3000.10", kind=ExecutionKind.COMMITMENT, reference="E1")
    make_entry(org, line, "1000.05", kind=ExecutionKind.PAYMENT, reference="M1")
    make_entry(org, line, "999.95", kind=ExecutionKind.PAYMENT, reference="M2")

    row = BudgetLine.objects.with_amounts().get(pk=line.pk)

    assert row.opened == Decimal("9700.05")
    assert row.engaged == Decimal("3000.10")
    assert row.mandated == Decimal("2000.00")
    assert row.remaining == Decimal("1000.10")
    assert all(isinstance(v, Decimal) for v in (row.opened, row.engaged, row.mandated, row.remaining))


def test_the_reste_a_realiser_is_never_negative(org):
    line = make_line(org)
    make_entry(org, line, "500.00", kind=ExecutionKind.PAYMENT)

    assert BudgetLine.objects.with_amounts().get(pk=line.pk).remaining == Decimal("0.00")


def test_a_line_without_execution_has_zero_engaged_and_mandated(org):
    line = make_line(org)

    row = BudgetLine.objects.with_amounts().get(pk=line.pk)

    assert (row.engaged, row.mandated, row.remaining) == (Decimal("0.00"),) * 3


def test_the_year_totals_match_an_independent_sql_sum(org, other_org):
    hardware = make_account(org, "2183", chapter="21")
    maintenance = make_account(org, "6156", chapter="011", title="Maintenance")
    for index, amount in enumerate(("1234.56", "0.10", "0.20", "98765.43")):
        line = make_line(
            org, hardware if index % 2 else maintenance, primitive_amount=Decimal(amount), label=f"L{index}"
        )
        make_entry(org, line, "0.10", reference=f"M{index}")
        make_entry(org, line, "0.20", reference=f"N{index}")
        make_entry(org, line, "1.00", kind=ExecutionKind.COMMITMENT, reference=f"E{index}")
    make_line(org, hardware, year=2027, primitive_amount=Decimal("5"))
    make_line(other_org, make_account(other_org, "2183", chapter="21"), primitive_amount=Decimal("777"))

    totals = summary(org, 2026)

    expected_opened = sql_sum(
        "SELECT SUM(primitive_amount + amendments_amount + carried_over_amount) FROM finance_budgetline "
        "WHERE organisation_id = %s AND year = %s",
        [org.pk, 2026],
    )
    expected_mandated = sql_sum(
        "SELECT SUM(e.amount) FROM finance_executionentry e JOIN finance_budgetline l ON l.id = e.line_id "
        "WHERE l.organisation_id = %s AND l.year = %s AND e.kind = %s",
        [org.pk, 2026, ExecutionKind.PAYMENT],
    )
    assert totals["total"]["opened"] == expected_opened == Decimal("100000.29")
    assert totals["total"]["mandated"] == expected_mandated == Decimal("1.20")
    assert totals["total"]["engaged"] == Decimal("4.00")
    assert totals[Section.INVESTMENT]["opened"] + totals[Section.OPERATING]["opened"] == expected_opened


def test_the_imputation_reads_chapter_account_function(org):
    line = make_line(org, make_account(org, "2183", chapter="21"), function="020")

    assert line.imputation == "21-2183-020"


def test_an_account_of_the_other_section_is_refused_with_a_french_message(org):
    line = make_line(org, make_account(org, "6156", chapter="011", title="Maintenance"))
    line.section = Section.INVESTMENT

    with pytest.raises(ValidationError) as error:
        line.full_clean(exclude=["organisation"])

    assert "section fonctionnement" in error.value.message_dict["account"][0]


def test_an_ap_finances_only_investment_lines(org):
    line = make_line(org, make_account(org, "6156", chapter="011", title="Maintenance"))
    line.programme = make_programme(org)

    with pytest.raises(ValidationError) as error:
        line.full_clean(exclude=["organisation"])

    assert "investissement" in error.value.message_dict["programme"][0]


def test_lines_of_an_organisation_leave_the_other_one_out(org, other_org):
    make_line(org)
    make_line(other_org)

    assert lines_of(org, 2026).count() == 1
