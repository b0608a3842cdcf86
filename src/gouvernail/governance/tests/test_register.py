import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from gouvernail.core.choices import Role
from gouvernail.governance.choices import DecisionStatus
from gouvernail.governance.services import decision_record
from gouvernail.testing.factories.governance import make_committee, make_decision, make_option

pytestmark = pytest.mark.django_db


def record(org, question, *, outcome=DecisionStatus.ADOPTED, decided_on=date(2026, 1, 20), **fields):
    decision = make_decision(org, question, **fields)
    option = make_option(decision, "Oui")
    return decision_record(
        decision=decision,
        outcome=outcome,
        chosen_option=option if outcome == DecisionStatus.ADOPTED else None,
        rationale="Motivation.",
        consensus=True,
        decided_on=decided_on,
        acting_user=None,
    )


@pytest.fixture
def register(org):
    copil, cotech = make_committee(org, "COPIL SI"), make_committee(org, "COTECH")
    first = record(org, "Scénario cible", committee=copil, decided_on=date(2025, 12, 16))
    second = record(org, "Charte informatique v1", committee=copil)
    third = record(org, "Report du pare-feu", committee=cotech, outcome=DecisionStatus.POSTPONED)
    amendment = record(org, "Scénario cible, modalités", committee=copil, amends=first, decided_on=date(2026, 3, 10))
    make_decision(org, "Encore à prendre", committee=copil)
    return [first, second, third, amendment]


def test_the_register_lists_recorded_decisions_in_sequence_order(register, client_for):
    response = client_for(Role.ELU).get("/decisions/registre/")

    assert [row.record for row in response.context["table"].rows] == register
    page = response.content.decode()
    assert register[0].content_hash[:12] in page
    assert "Encore à prendre" not in page


def test_the_register_links_an_amendment_both_ways(register, client_for):
    page = client_for(Role.ELU).get("/decisions/registre/").content.decode()

    first, amendment = register[0], register[3]
    assert f'<a href="{amendment.get_absolute_url()}">D4</a>' in page
    assert f'<a href="{first.get_absolute_url()}">D1</a>' in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [("year=2025", [1]), ("year=2026", [2, 3, 4]), ("status=ajournee", [3]), ("committee={cotech}", [3])],
)
def test_the_register_filters_by_instance_year_and_outcome(query, expected, org, register, client_for):
    query = query.format(cotech=register[2].committee_id)

    response = client_for(Role.AUDITEUR).get(f"/decisions/registre/?{query}")

    assert [row.record.sequence for row in response.context["table"].rows] == expected


def test_the_csv_export_holds_the_register_in_order_with_full_hashes(register, client_for):
    response = client_for(Role.ELU).get("/decisions/registre/?_export=csv")

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:5] == ["N°", "Date", "Question", "Instance", "Issue"]
    assert [row[0] for row in rows[1:]] == ["1", "2", "3", "4"]
    assert rows[1][5] == register[0].content_hash
    assert rows[1][7] == "D4" and rows[4][6] == "D1"
    assert "registre-des-decisions" in response["Content-Disposition"]


def test_the_xlsx_export_holds_the_filtered_rows_under_the_exported_line(register, client_for):
    response = client_for(Role.ELU).get("/decisions/registre/?status=adoptee&_export=xlsx")

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value.startswith("Exporté le ")
    assert [row[0] for row in sheet.iter_rows(min_row=3, values_only=True)] == [1, 2, 4]


def test_the_register_offers_the_excel_and_the_standard_csv(register, client_for):
    page = client_for(Role.ELU).get("/decisions/registre/").content.decode()

    assert "Exporter en </span>CSV (Excel)</a>" in page and "Exporter en </span>CSV (standard)</a>" in page
    assert 'href="?_export=csv-excel"' in page


def test_the_register_shows_only_the_current_organisation(org, other_org, register, client_for):
    record(other_org, "Décision voisine")

    response = client_for(Role.ADMIN).get("/decisions/registre/")

    assert len(response.context["table"].rows) == 4


@pytest.mark.parametrize("count", [5, 60])
def test_the_register_runs_a_bounded_number_of_queries(count, org, client_for, django_assert_max_num_queries):
    copil = make_committee(org)
    previous = None
    for i in range(count):
        previous = record(org, f"Décision {i}", committee=copil, amends=previous if i % 3 else None)
    client = client_for(Role.ELU)
    client.get("/")

    with django_assert_max_num_queries(12):
        response = client.get("/decisions/registre/")

    assert response.status_code == 200


def test_the_verification_page_and_the_menu_link_to_the_register(client_for):
    client = client_for(Role.AUDITEUR)

    assert 'href="/decisions/registre/"' in client.get("/decisions/registre/verification/").content.decode()
    assert 'href="/decisions/registre/"' in client.get("/").content.decode()
