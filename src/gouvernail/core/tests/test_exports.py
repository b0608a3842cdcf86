"""Register exports as a spreadsheet user expects them: French headers, dd/mm/yyyy dates held as
dates, Oui/Non, amounts as numbers, an « Exporté le … par <organisation> » line above the header
(not in CSV), exactly the filtered rows; and the printable PDF of the application map and the
action plan."""

import csv
import io
import re
from datetime import UTC, date, datetime
from decimal import Decimal

import openpyxl
import pytest
import tablib
from django.utils import timezone
from odf import teletype
from odf.opendocument import load as odf_load
from odf.table import TableCell

from gouvernail.core.choices import Role
from gouvernail.core.exports import exported_line
from gouvernail.reports.tests.test_minutes import document_text
from gouvernail.testing.factories.applications import make_application
from gouvernail.testing.factories.servicedesk import make_request
from gouvernail.testing.factories.steering import make_action
from gouvernail.testing.factories.vendors import make_contract, make_vendor
from gouvernail.testing.helpers import read_export

pytestmark = pytest.mark.django_db


@pytest.fixture
def contracts(org, other_org):
    vendor = make_vendor(org, "Infogérance Ouest")
    make_contract(
        org,
        vendor,
        "2024-INF-01",
        start_date=date(2024, 4, 1),
        duration_months=36,
        tacit_renewal=True,
        annual_amount_ht=Decimal("12000.50"),
    )
    make_contract(org, vendor, "2025-TEL-02", subject="Téléphonie", annual_amount_ht=None)
    make_contract(other_org, make_vendor(other_org, "Ailleurs"), "2024-INF-99")


def xlsx_rows(response) -> list[tuple]:
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return [tuple(cell.value for cell in row) for row in sheet.iter_rows()], sheet


def test_the_exported_line_names_the_date_in_paris_time_and_the_organisation(org):
    moment = datetime(2026, 7, 14, 21, 30, tzinfo=UTC)

    assert exported_line(org, now=moment) == "Exporté le 14/07/2026 à 23:30 par Communauté de communes de Test"


def test_an_xlsx_export_starts_with_the_exported_line_then_french_headers(contracts, client_for):
    response = client_for(Role.AUDITEUR).get("/contrats/?_export=xlsx")

    rows, sheet = xlsx_rows(response)
    today = timezone.localdate().strftime("%d/%m/%Y")
    assert re.fullmatch(rf"Exporté le {today} à \d\d:\d\d par Communauté de communes de Test", rows[0][0])
    assert rows[1][:4] == ("Référence", "Objet", "Prestataire", "Date de début")
    assert "Date limite de dénonciation" in rows[1]
    assert sheet.freeze_panes == "A3"
    assert sheet.auto_filter.ref.startswith("A2:")
    assert response["Content-Disposition"] == f'attachment; filename="contrats-{timezone.localdate():%Y-%m-%d}.xlsx"'


def test_an_xlsx_export_holds_dates_as_dates_shown_dd_mm_yyyy_and_amounts_as_numbers(contracts, client_for):
    rows, sheet = xlsx_rows(client_for(Role.ADMIN).get("/contrats/?_export=xlsx&q=2024-INF"))

    headers = rows[1]
    [row] = rows[2:]
    record = dict(zip(headers, row, strict=True))
    start = sheet.cell(3, headers.index("Date de début") + 1)
    amount = sheet.cell(3, headers.index("Montant annuel HT (€)") + 1)
    assert record["Référence"] == "2024-INF-01"
    assert start.value == datetime(2024, 4, 1)
    assert start.number_format == "DD/MM/YYYY"
    assert record["Date de fin"] == datetime(2027, 3, 31)
    assert amount.value == 12000.5
    assert amount.number_format == "#,##0.00"
    assert record["Reconduction tacite"] == "Oui"
    assert record["Structurant"] == "Non"


def test_a_csv_export_stays_machine_readable_header_first_with_french_dates(contracts, client_for):
    response = client_for(Role.ADMIN).get("/contrats/?_export=csv")

    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, rows = lines[0], [dict(zip(lines[0], line, strict=True)) for line in lines[1:]]
    assert header[0] == "Référence"
    assert not any(cell.startswith("Exporté le") for line in lines for cell in line)
    first = next(row for row in rows if row["Référence"] == "2024-INF-01")
    assert (first["Date de début"], first["Date de fin"]) == ("01/04/2024", "31/03/2027")
    assert first["Montant annuel HT (€)"] == "12000.50"
    assert first["Reconduction tacite"] == "Oui"
    other = next(row for row in rows if row["Référence"] == "2025-TEL-02")
    assert other["Montant annuel HT (€)"] == ""
    assert {row["Référence"] for row in rows} == {"2024-INF-01", "2025-TEL-02"}


def test_the_standard_csv_is_plain_utf8_with_commas_and_a_decimal_point(contracts, client_for):
    response = client_for(Role.ADMIN).get("/contrats/?_export=csv")

    assert not response.content.startswith("\ufeff".encode())
    assert response.content.decode("utf-8").splitlines()[0].startswith("Référence,")
    assert response["Content-Disposition"].endswith('.csv"')


def test_the_excel_csv_opens_in_a_french_excel_semicolons_decimal_comma_and_a_bom(contracts, client_for):
    response = client_for(Role.ADMIN).get("/contrats/?_export=csv-excel")

    assert response.content.startswith("\ufeff".encode())  # Excel reads UTF-8 only with it
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert re.search(r'filename="contrats-\d{4}-\d{2}-\d{2}\.csv"', response["Content-Disposition"])
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    header, rows = lines[0], [dict(zip(lines[0], line, strict=True)) for line in lines[1:]]
    first = next(row for row in rows if row["Référence"] == "2024-INF-01")
    assert first["Montant annuel HT (€)"] == "12000,50"
    assert (first["Date de début"], first["Reconduction tacite"]) == ("01/04/2024", "Oui")
    assert header == read_export(response)[0]


def test_the_export_menu_offers_both_csv_flavours_by_name(contracts, client_for):
    client = client_for(Role.ADMIN)

    page = client.get("/contrats/").content.decode()

    assert 'href="?_export=csv-excel"' in page and "Exporter en </span>CSV (Excel)</a>" in page
    assert 'href="?_export=csv"' in page and "Exporter en </span>CSV (standard)</a>" in page


def test_an_ods_export_starts_with_the_exported_line_and_holds_typed_dates(contracts, client_for):
    response = client_for(Role.ADMIN).get("/contrats/?_export=ods&q=2024-INF")

    document = odf_load(io.BytesIO(response.content))
    first_cell = document.spreadsheet.getElementsByType(TableCell)[0]
    dataset = tablib.Dataset().load(response.content, format="ods", skip_lines=1)
    assert re.fullmatch(r"Exporté le .* par Communauté de communes de Test", teletype.extractText(first_cell))
    [row] = [dict(zip(dataset.headers, values, strict=True)) for values in dataset]
    assert row["Date de début"] == date(2024, 4, 1)
    assert row["Montant annuel HT (€)"] == 12000.5
    assert row["Reconduction tacite"] == "Oui"


def test_datetimes_are_exported_in_paris_time_to_the_minute(org, client_for):
    make_request(org, "42", opened_at=datetime(2026, 3, 10, 13, 5, 59, tzinfo=UTC))
    client = client_for(Role.ADMIN)

    lines = list(csv.reader(io.StringIO(client.get("/demandes/?_export=csv").content.decode("utf-8-sig"))))
    rows, sheet = xlsx_rows(client.get("/demandes/?_export=xlsx"))

    column = lines[0].index("Ouverte le") if "Ouverte le" in lines[0] else None
    assert column is not None, lines[0]
    assert lines[1][column] == "10/03/2026 14:05"
    cell = sheet.cell(3, column + 1)
    assert cell.value == datetime(2026, 3, 10, 14, 5)
    assert cell.number_format == "DD/MM/YYYY HH:MM"


def test_the_action_plan_export_holds_only_the_filtered_rows_without_page_markup(org, client_for):
    today = timezone.localdate()
    make_action(org, 1, title="Action en retard", due_date=date(2020, 1, 31))
    make_action(org, 2, title="Action à venir", due_date=date(today.year + 1, 1, 1))

    response = client_for(Role.ELU).get("/plan-action/?overdue=true&_export=csv")

    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    rows = [dict(zip(lines[0], line, strict=True)) for line in lines[1:]]
    assert [(row["N°"], row["Intitulé"], row["Échéance"]) for row in rows] == [("1", "Action en retard", "31/01/2020")]


def test_the_application_map_prints_as_a_landscape_pdf_of_the_filtered_rows(org, client_for):
    make_application(org, "Parapheur électronique", criticality="critique")
    make_application(org, "Gestion des salles", criticality="faible")

    response = client_for(Role.DIRECTION).get("/applications/?criticality=critique&_export=pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert response["Content-Disposition"].startswith('attachment; filename="cartographie-applicative-')


def test_the_printed_list_names_its_title_filters_and_rows(org, rf, users):
    from django.template.loader import render_to_string

    from gouvernail.applications.filtersets import ApplicationFilterSet
    from gouvernail.applications.models import Application
    from gouvernail.applications.tables import ApplicationTable
    from gouvernail.core.exports import describe_filters, pdf_document, table_values

    make_application(org, "Parapheur électronique", criticality="critique")
    make_application(org, "Gestion des salles", criticality="faible")
    request = rf.get("/applications/", {"criticality": "critique"})
    request.user, request.organisation = users[Role.ADMIN], org
    applications = Application.objects.filter(organisation=org)
    filterset = ApplicationFilterSet(request.GET, queryset=applications, request=request)
    headers, rows = table_values(ApplicationTable(filterset.qs))
    html = render_to_string(
        "core/object_list_pdf.html",
        {
            "title": "Cartographie applicative",
            "organisation": org,
            "headers": headers,
            "rows": [[{"text": v or "", "is_number": False} for v in row] for row in rows],
            "filters": describe_filters(filterset),
            "exported_line": exported_line(org),
        },
    )

    document = pdf_document(html)

    [page] = document_text(document)
    assert describe_filters(filterset) == ["Criticité : Critique"]
    assert "Cartographie applicative" in page
    assert "Criticité : Critique" in page
    assert "Parapheur électronique" in page
    assert "Gestion des salles" not in page
    assert document.pages[0].width > document.pages[0].height  # landscape


def test_the_list_pages_offer_a_pdf_only_where_it_is_printable(org, client_for):
    client = client_for(Role.ADMIN)

    make_application(org, "Parapheur électronique", criticality="critique")
    applications = client.get("/applications/?criticality=critique").content.decode()
    sites = client.get("/sites/")

    assert 'href="?criticality=critique&amp;_export=pdf"' in applications
    offered = [export_format for export_format, _ in sites.context["export_formats"]]
    assert offered == ["csv-excel", "csv", "xlsx", "ods"]
    assert client.get("/sites/?_export=pdf").status_code == 404


def test_the_action_plan_pdf_prints_exactly_the_filtered_rows_and_names_the_filter(org, client_for):
    from unittest import mock

    from gouvernail.core import exports

    make_action(org, 1, title="Action en retard", due_date=date(2020, 1, 31))
    make_action(org, 2, title="Action à venir", due_date=date(timezone.localdate().year + 1, 1, 1))
    printed = {}

    def capture(html):
        printed["html"] = html
        return b"%PDF-1.7 test"

    with mock.patch.object(exports, "html_to_pdf", capture):
        response = client_for(Role.AUDITEUR).get("/plan-action/?overdue=true&_export=pdf")

    assert response.status_code == 200
    assert "Plan d&#x27;action" in printed["html"]
    assert "En retard : Oui" in printed["html"]
    assert "Action en retard" in printed["html"]
    assert "31/01/2020" in printed["html"]
    assert "Action à venir" not in printed["html"]


@pytest.mark.django_db
def test_a_list_whose_title_holds_a_character_excel_refuses_in_a_sheet_name_still_exports(client_for):
    # « plans de continuité (PRA / PCA) »: openpyxl refuses « / » in a sheet title.
    response = client_for(Role.REFERENT_SI).get("/continuite/plans/?_export=xlsx")

    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.active.title == "Plans de continuité (PRA   PCA)"
