"""The finance pages: lists with filters and numeric exports, the line's detail with what feeds
it and its proposal, forms in French, the trajectory and the cost per application."""

import io
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest
from django.utils import timezone

from gouvernail.core.choices import Role
from gouvernail.finance.choices import REFERENCE_SCENARIO, ExecutionKind, Section
from gouvernail.finance.models import BudgetLine
from gouvernail.testing.factories.applications import make_application
from gouvernail.testing.factories.finance import (
    make_account,
    make_entry,
    make_finance_settings,
    make_line,
    make_trajectory_entry,
)
from gouvernail.testing.factories.servicedesk import make_request
from gouvernail.testing.factories.steering import make_axis
from gouvernail.testing.factories.vendors import make_contract, make_vendor


@pytest.fixture
def lines(org):
    hardware = make_account(org, "2183", chapter="21")
    maintenance = make_account(org, "6156", chapter="011", title="Maintenance")
    laptops = make_line(org, hardware, label="Portables", primitive_amount=Decimal("24000.00"))
    upkeep = make_line(org, maintenance, label="Maintenance logiciels", primitive_amount=Decimal("1234.56"))
    make_entry(org, laptops, "1500.25", reference="M1")
    make_entry(org, laptops, "4000.00", kind=ExecutionKind.COMMITMENT, reference="E1")
    return laptops, upkeep


def test_the_budget_list_filters_by_section_and_shows_french_amounts(lines, client_for):
    response = client_for(Role.DIRECTION).get("/finances/lignes/", {"section": Section.OPERATING})

    assert list(response.context["table"].data) == [lines[1]]
    assert "1\u00a0234,56" in response.content.decode() or "1 234,56" in response.content.decode()


def test_the_budget_export_has_one_row_per_imputation_with_amounts_as_numbers(lines, client_for):
    response = client_for(Role.ELU).get("/finances/lignes/", {"_export": "xlsx"})

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = next(row for row in rows if row and row[0] == "Exercice")
    data = rows[rows.index(header) + 1 :]
    by_label = {row[header.index("Libellé")]: row for row in data}
    laptops = by_label["Portables"]
    assert laptops[header.index("Imputation")] == "21-2183-020"
    assert laptops[header.index("Mandaté (€)")] == pytest.approx(1500.25)
    assert laptops[header.index("Reste à réaliser (€)")] == pytest.approx(2499.75)
    assert isinstance(laptops[header.index("Crédits ouverts (€)")], (int, float))


def test_the_line_detail_shows_what_feeds_it_and_the_proposal(org, client_for):
    contract = make_contract(org, make_vendor(org), annual_amount_ttc=Decimal("10000"), duration_months=60)
    line = make_line(org, make_account(org, "6156", chapter="011"), contract=contract, indexation_percent=Decimal("3"))

    page = client_for(Role.AUDITEUR).get(f"/finances/lignes/{line.pk}/").content.decode()

    assert "Ce qui alimente la ligne" in page
    assert contract.reference in page
    assert "10\u00a0300,00\u00a0€" in page or "10 300,00" in page


def test_an_editor_takes_the_proposal_as_the_forecast(org, client_for):
    line = make_line(org, primitive_amount=Decimal("999.99"))

    response = client_for(Role.DIRECTION).post(f"/finances/lignes/{line.pk}/prevision/")

    assert response.status_code == 302
    line.refresh_from_db()
    assert line.forecast_amount == Decimal("999.99")


def test_the_line_form_takes_french_amounts_and_refuses_an_account_of_the_other_section(org, client_for):
    maintenance = make_account(org, "6156", chapter="011", title="Maintenance")
    data = {
        "year": 2026,
        "section": Section.INVESTMENT,
        "account": maintenance.pk,
        "function": "020",
        "label": "Maintenance",
        "primitive_amount": "12 000,50",
        "amendments_amount": "0",
        "carried_over_amount": "0",
        "indexation_percent": "0",
        "row_version_seen": "",
    }

    refused = client_for(Role.REFERENT_SI).post("/finances/lignes/ajouter/", data)
    accepted = client_for(Role.REFERENT_SI).post("/finances/lignes/ajouter/", {**data, "section": Section.OPERATING})

    assert "relève de la section fonctionnement" in refused.content.decode()
    assert accepted.status_code == 302
    assert BudgetLine.objects.get().primitive_amount == Decimal("12000.50")


def test_the_empty_budget_list_invites_to_add_a_line(org, client_for):
    page = client_for(Role.REFERENT_SI).get("/finances/lignes/").content.decode()

    assert "Aucun élément pour l'instant" in page


def test_the_trajectory_compares_plan_and_payments_by_axis_and_exports_them(org, client_for):
    axis = make_axis(org, "Postes & environnement de travail")
    make_trajectory_entry(org, axis=axis, year=2026, amount=Decimal("20000"))
    make_trajectory_entry(org, axis=axis, year=2027, amount=Decimal("15000"))
    line = make_line(org, axis=axis)
    make_entry(org, line, "12500.00")
    client = client_for(Role.ELU)

    page = client.get("/finances/trajectoire/", {"debut": 2026})
    export = client.get("/finances/trajectoire/", {"debut": 2026, "_export": "xlsx"})

    row = page.context["view"].rows[0]
    assert (row.planned[2026], row.executed[2026], row.gap(2026)) == (
        Decimal("20000.00"),
        Decimal("12500.00"),
        Decimal("7500.00"),
    )
    assert "<svg" in page.content.decode()
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert "Écart 2026 (€)" in values
    assert 7500 in values


def test_the_trajectory_without_amounts_says_where_to_enter_them(org, client_for):
    page = client_for(Role.DIRECTION).get("/finances/trajectoire/").content.decode()

    assert "Aucun montant pour ce scénario" in page
    assert REFERENCE_SCENARIO in page


def test_the_cost_per_application_adds_contract_other_payments_and_support(org, client_for):
    contract = make_contract(
        org, make_vendor(org), annual_amount_ttc=Decimal("6000"), start_date=date(2025, 1, 1), duration_months=36
    )
    application = make_application(org, "GestSup", contract=contract, users_count=40)
    hosting = make_line(org, make_account(org, "611", chapter="011"), application=application)
    make_entry(org, hosting, "400.00")
    make_finance_settings(org, hourly_support_cost=Decimal("40.00"))
    make_request(
        org, category="GestSup", time_spent_minutes=90, opened_at=timezone.make_aware(datetime(2026, 2, 2, 10))
    )

    response = client_for(Role.DIRECTION).get("/finances/cout-par-application/", {"exercice": 2026})

    cost = next(c for c in response.context["table"].data.data if c.application == application)
    assert (cost.contract, cost.lines, cost.support) == (Decimal("6000.00"), Decimal("400.00"), Decimal("60.00"))
    assert cost.total == Decimal("6460.00")
    assert cost.per_user == Decimal("161.50")


def test_the_budget_list_ends_with_the_totals_of_the_filtered_lines(lines, client_for):
    page = client_for(Role.DIRECTION).get("/finances/lignes/", {"section": Section.INVESTMENT}).content.decode()

    assert "<tfoot" in page
    assert "24\u00a0000,00\u00a0€" in page  # BP of the investment lines only
    assert "1\u00a0500,25\u00a0€" in page


def test_the_ap_page_lists_its_lines_with_their_execution(org, client_for):
    from gouvernail.testing.factories.finance import make_programme

    programme = make_programme(org)
    line = make_line(org, programme=programme, primitive_amount=Decimal("30000"))
    make_entry(org, line, "7000.00")

    page = client_for(Role.AUDITEUR).get(f"/finances/autorisations-de-programme/{programme.pk}/").content.decode()

    assert "7\u00a0000,00" in page
