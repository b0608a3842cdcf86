"""Import of the finance software's export: preview first, French errors naming the row and
column, all or nothing, lines matched by imputation, vendors by SIRET then name, unmatched rows
kept and listed, rows already imported skipped."""

from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.core.exceptions import ValidationError

from gouvernail.core.choices import Role
from gouvernail.finance.choices import ExecutionKind
from gouvernail.finance.imports import execution_import, execution_preview
from gouvernail.finance.models import ExecutionEntry
from gouvernail.testing.factories.finance import make_account, make_entry, make_line
from gouvernail.testing.factories.vendors import make_contract, make_vendor

HEADER = "Exercice;N° pièce;Type;Date;Imputation;Tiers;SIRET;Montant;Objet\n"
DEMO_FILE = Path(__file__).resolve().parents[2] / "demo" / "finance_export.csv"


def write(tmp_path, body: str, name: str = "export.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return path


@pytest.fixture
def budget(org):
    orange = make_vendor(org, "Orange")
    hardware = make_line(org, make_account(org, "2183", chapter="21"), label="Postes")
    maintenance = make_account(org, "611", chapter="011", title="Contrats de prestations de services")
    phones = make_line(org, maintenance, label="Téléphonie", contract=make_contract(org, orange, "CT-1"))
    hosting = make_line(
        org, maintenance, label="Hébergement", contract=make_contract(org, make_vendor(org, "OVH"), "CT-2")
    )
    return {"orange": orange, "hardware": hardware, "phones": phones, "hosting": hosting}


def test_the_preview_matches_lines_by_imputation_and_vendors_by_name_and_writes_nothing(org, budget, tmp_path):
    path = write(
        tmp_path,
        "2026;M1;Mandat;15/03/2026;21-2183-020;Revendeur;;1 234,56;Postes\n"
        "2026;M2;Mandat;16/03/2026;011-611-020;ORANGE;;99,90;Téléphonie\n"
        "2026;E3;Engagement;17/03/2026;21-2188-020;Revendeur;;500;Onduleurs\n",
    )

    preview = execution_preview(organisation=org, path=path)

    assert preview.errors == []
    first, second, third = preview.rows
    assert (first.line, first.amount, first.kind) == (budget["hardware"], Decimal("1234.56"), ExecutionKind.PAYMENT)
    assert (second.line, second.vendor) == (budget["phones"], budget["orange"])
    assert third.line is None and "aucune ligne 2026" in third.line_note
    assert third.kind == ExecutionKind.COMMITMENT
    assert ExecutionEntry.objects.count() == 0


def test_the_import_keeps_unmatched_rows_and_skips_those_already_imported(org, budget, tmp_path):
    path = write(
        tmp_path,
        "2026;M1;Mandat;15/03/2026;21-2183-020;Revendeur;;100,00;Postes\n"
        "2026;M9;Mandat;15/03/2026;21-2188-020;Revendeur;;50,00;Onduleurs\n",
    )
    make_entry(org, budget["hardware"], "100.00", reference="M1")

    outcome = execution_import(organisation=org, path=path, acting_user=None)

    assert (outcome.created, outcome.skipped, outcome.unmatched_lines) == (1, 1, 1)
    kept = ExecutionEntry.objects.get(reference="M9")
    assert kept.line is None and kept.imputation == "21-2188-020" and kept.amount == Decimal("50.00")


def test_a_vendor_is_recognised_by_a_siret_seen_before(org, budget, tmp_path):
    make_entry(org, budget["phones"], reference="M0", siret="12345678900017", vendor=budget["orange"])
    path = write(tmp_path, "2026;M5;Mandat;15/03/2026;011-611-020;Orange Business;123 456 789 00017;10;Lignes\n")

    row = execution_preview(organisation=org, path=path).rows[0]

    assert row.vendor == budget["orange"]
    assert row.line == budget["phones"]


def test_errors_name_the_row_and_the_column_in_french_and_nothing_is_written(org, budget, tmp_path):
    path = write(
        tmp_path,
        "2026;M1;Mandat;15/03/2026;21-2183-020;Revendeur;;100,00;Postes\n"
        "2026;M2;Mandat;32/13/2026;21-2183-020;Revendeur;;abc;Postes\n"
        "2026;M3;Virement;15/03/2026;21-2183-020;Revendeur;123;10;Postes\n",
    )

    with pytest.raises(ValidationError) as error:
        execution_import(organisation=org, path=path, acting_user=None)

    messages = error.value.messages
    assert any(m.startswith("Ligne 3, colonne « Date » : Date invalide") for m in messages)
    assert any(m.startswith("Ligne 3, colonne « Montant » : Nombre invalide") for m in messages)
    assert any("Ligne 4, colonne « Type » : « Virement » n'est ni un mandat ni un engagement" in m for m in messages)
    assert any("Ligne 4, colonne « SIRET »" in m for m in messages)
    assert ExecutionEntry.objects.count() == 0


def test_a_file_without_the_required_columns_is_refused_with_their_names(org, tmp_path):
    path = tmp_path / "autre.csv"
    path.write_text("Nom;Prénom\nDupont;Jean\n", encoding="utf-8")

    preview = execution_preview(organisation=org, path=path)

    assert "« date », « imputation », « montant »" in preview.errors[0]


def test_an_xlsx_export_reads_like_a_csv(org, budget, tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Export des mandats — exercice 2026"])
    sheet.append(["Date", "Imputation", "Créancier", "Montant TTC", "Objet"])
    sheet.append(["2026-04-02", "2183", "Revendeur", 2500.5, "Portables"])
    path = tmp_path / "mandats.xlsx"
    workbook.save(path)

    preview = execution_preview(organisation=org, path=path)

    assert preview.errors == []
    assert (preview.rows[0].line, preview.rows[0].amount) == (budget["hardware"], Decimal("2500.50"))


def test_the_demo_export_file_previews_without_errors(org, tmp_path):
    assert DEMO_FILE.exists()

    preview = execution_preview(organisation=org, path=DEMO_FILE)

    assert preview.errors == []
    assert len(preview.rows) == 6


def test_an_editor_uploads_previews_and_commits_through_the_pages(org, budget, client_for, tmp_path):
    client = client_for(Role.REFERENT_SI)
    path = write(tmp_path, "2026;M1;Mandat;15/03/2026;21-2183-020;Revendeur;;100,00;Postes\n")

    with path.open("rb") as handle:
        uploaded = client.post("/finances/execution/importer/", {"file": handle, "default_kind": ExecutionKind.PAYMENT})
    preview_page = client.get(uploaded["Location"])
    committed = client.post(uploaded["Location"])

    assert "Aperçu de l'import" in preview_page.content.decode()
    assert committed.status_code == 302
    assert ExecutionEntry.objects.get().line == budget["hardware"]


def test_a_read_only_role_cannot_open_the_import(client_for):
    assert client_for(Role.ELU).get("/finances/execution/importer/").status_code == 403
