"""The template workbooks: downloaded from the import page, filled in, imported back."""

import io
from datetime import date
from decimal import Decimal

import pytest
import python_calamine
from openpyxl import load_workbook

from gouvernail.applications.models import Application
from gouvernail.connectors.spreadsheet.schemas import KINDS
from gouvernail.connectors.tests.test_import_command import run
from gouvernail.governance.models import Decision, ScenarioRating
from gouvernail.governance.register import verify_register
from gouvernail.inventory.models import Equipment
from gouvernail.steering.models import ActionItem, Milestone, RoadmapAxis, RoadmapItem
from gouvernail.testing.factories.governance import make_committee
from gouvernail.vendors.models import Contract, ProcedureStep, Procurement


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    return settings.DATA_DIR


def test_the_import_page_links_a_template_per_kind_in_both_formats(editor):
    content = editor.get("/imports/nouveau/").content.decode()

    for code in KINDS:
        assert f'href="/imports/modeles/{code}.xlsx"' in content
        assert f'href="/imports/modeles/{code}.ods"' in content


def test_a_template_file_name_has_no_space_nor_parenthesis(editor):
    response = editor.get("/imports/modeles/decisions.ods")

    assert "modele-import-d%C3%A9cisions-d%C3%A9j%C3%A0-prises-historique.ods" in response["Content-Disposition"]


def test_the_xlsx_template_has_the_headers_an_example_and_the_allowed_values(editor):
    response = editor.get("/imports/modeles/equipment.xlsx")

    assert "modele-import-%C3%A9quipements.xlsx" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Équipements", "Valeurs permises"]
    header, example = list(workbook["Équipements"].iter_rows(values_only=True))
    assert header[:3] == ("Nom", "Type", "Numéro de série") and example[0] == "PC-ACCUEIL-01"
    allowed = list(workbook["Valeurs permises"].iter_rows(values_only=True))
    assert ("Type", "PC portable") in allowed and ("État à l'achat", "Reconditionné") in allowed
    assert ("Type", "obligatoire") in allowed


def test_the_ods_template_has_the_same_two_sheets(editor, tmp_path):
    response = editor.get("/imports/modeles/people.ods")
    path = tmp_path / "modele.ods"
    path.write_bytes(response.content)

    workbook = python_calamine.CalamineWorkbook.from_path(str(path))
    assert workbook.sheet_names == ["Personnes", "Valeurs permises"]
    header, example = workbook.get_sheet_by_index(0).to_python()
    assert (header[0], header[1], example[0], example[1]) == ("Nom", "Prénom", "Durand", "Claire")
    assert ["Qualité", "Élu"] in [row[:2] for row in workbook.get_sheet_by_index(1).to_python()]


def test_unknown_templates_are_404(editor):
    assert editor.get("/imports/modeles/equipment.csv").status_code == 404
    assert editor.get("/imports/modeles/fusees.xlsx").status_code == 404


# Imported in an order where each template's relations exist (or are created on request).
ROUND_TRIP = [
    "sites",
    "services",
    "people",
    "equipment",
    "vendors",
    "contracts",
    "applications",
    "actions",
    "roadmap",
    "projects",
    "milestones",
    "procedure_steps",
    "decisions",
    "scenarios",
]


@pytest.mark.parametrize("file_format", ["xlsx", "ods"])
def test_every_template_filled_in_imports_back(org, editor, tmp_path, file_format):
    RoadmapAxis.objects.create(organisation=org, name="Cybersécurité")
    make_committee(org, "COPIL SI")
    Procurement.objects.create(organisation=org, reference="2025-MAPA-03", subject="Renouvellement des postes")
    for code in ROUND_TRIP:
        path = tmp_path / f"{code}.{file_format}"
        path.write_bytes(editor.get(f"/imports/modeles/{code}.{file_format}").content)
        if file_format == "xlsx" and code == "equipment":
            # Filled in: a second device typed under the example, as a référent would.
            workbook = load_workbook(path)
            sheet = workbook.worksheets[0]
            sheet.append(["PC-ACCUEIL-02", "Portable", "5CG9999ABC", "Dell", None, "Médiathèque", "Accueil"])
            workbook.save(path)

        code_, out, _ = run(code, str(path), "--org", "test", "--create-missing")

        assert code_ == 0, out
        assert "Rejetées : 0" in out

    assert Equipment.objects.count() == (2 if file_format == "xlsx" else 1)
    if file_format == "xlsx":
        laptop = Equipment.objects.get(name="PC-ACCUEIL-02")
        assert (laptop.family, laptop.site.name, laptop.service.name) == ("pc_portable", "Médiathèque", "Accueil")
    contract = Contract.objects.get()
    assert (contract.reference, contract.vendor.name) == ("2024-INF-001", "Éditeur exemple")
    assert Application.objects.get().contract == contract
    action = ActionItem.objects.get()
    assert (action.number, str(action.owner_person)) == (1, "Claire Durand")
    milestone = Milestone.objects.get()
    assert (milestone.project.name, milestone.project.lead.last_name, milestone.due_date) == (
        "Renouvellement des postes 2025",
        "Durand",
        date(2025, 3, 31),
    )
    step = ProcedureStep.objects.get()
    assert (step.procurement.reference, step.position, step.is_done) == ("2025-MAPA-03", 1, False)
    item = RoadmapItem.objects.get()
    assert (item.axis.name, item.year, item.start_month, item.end_month) == (
        "Cybersécurité",
        2025,
        date(2025, 1, 1),
        date(2025, 6, 1),
    )
    decision = Decision.objects.get()
    assert (decision.sequence, decision.is_history, decision.committee.name, decision.chosen_option.label) == (
        1,
        True,
        "COPIL SI",
        "Sauvegarde externalisée chez un hébergeur en France",
    )
    assert verify_register(org) == []
    rating = ScenarioRating.objects.get()
    assert (rating.criterion.weight, rating.criterion.direction, rating.option.code, rating.level) == (
        Decimal("2.00"),
        "moins",
        "S1",
        3,
    )
