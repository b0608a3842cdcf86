"""An authority's own action plan and roadmap, kept in spreadsheets, imported through the
steering upserts: variant statuses, owners created on request, total rows, months as first days."""

from datetime import date
from decimal import Decimal

from gouvernail.connectors.tests.spreadsheet.files import xlsx
from gouvernail.connectors.tests.test_import_command import run
from gouvernail.steering.models import RoadmapAxis
from gouvernail.testing.helpers import fetch


def test_an_action_plan_workbook_imports_with_its_owners_created(org, tmp_path):
    path = xlsx(
        tmp_path / "plan.xlsx",
        [
            ["Plan d'action SI 2025 — version COPIL"],
            [],
            ["N°", "Action", "Avancement", "Responsable", "Pour le", "Urgence ", "Remarques"],
            [1, "Inventorier les postes ", "Terminé", "Claire Durand", "31/01/2025", "P1", ""],
            [2, "Sauvegardes hors ligne", "en cours", "MARTIN Paul", "30/06/2025", "haute", "Devis reçu"],
            [3, "Charte informatique", "À faire", "Claire Durand", "", "P3", ""],
            [4, "Double authentification", "démarré", "", "2025-09-30", "P2", ""],
            [4, "Doublon du 4", "Fait", "", "", "", ""],
            [5, "Former les élus", "Frigo", "", "", "", ""],
            ["Total", None, None, None, None, None, "5 actions"],
        ],
        merges=("A1:G1",),
    )

    code, out, _ = run("actions", str(path), "--org", "test", "--on-error", "skip", "--create-missing")

    assert code == 1
    assert "Créées : 4" in out and "Rejetées : 2" in out
    assert "ligne 8, colonne « N° » : Ligne en double : même numéro que la ligne 7." in out
    assert "ligne 9, colonne « Avancement » : Valeur « Frigo » non reconnue" in out
    assert "Lignes de total passées : 10" in out
    rows = fetch(
        "SELECT a.number, a.title, a.status, a.priority, a.due_date, p.last_name FROM steering_actionitem a "
        "LEFT JOIN core_person p ON p.id = a.owner_person_id WHERE a.organisation_id = %s ORDER BY a.number",
        org.pk,
    )
    assert [(n, t, s, pr, str(d) if d else None, (o or "").upper() or None) for n, t, s, pr, d, o in rows] == [
        (1, "Inventorier les postes", "fait", "critique", "2025-01-31", "DURAND"),
        (2, "Sauvegardes hors ligne", "en_cours", "haute", "2025-06-30", "MARTIN"),
        (3, "Charte informatique", "a_planifier", "normale", None, "DURAND"),
        (4, "Double authentification", "en_cours", "haute", "2025-09-30", None),
    ]
    assert fetch("SELECT COUNT(*) FROM core_person WHERE organisation_id = %s", org.pk) == [(2,)]


def test_a_roadmap_workbook_imports_against_its_axes(org, tmp_path):
    RoadmapAxis.objects.create(organisation=org, name="Cybersécurité")
    RoadmapAxis.objects.create(organisation=org, name="Identités & accès")
    path = xlsx(
        tmp_path / "feuille.xlsx",
        [
            ["Axe", "Année", "Projet", "Début", "Fin", "Estimé", "État"],
            ["cybersecurite", 2025, "Sauvegardes externalisées", "15/01/2025", "20/06/2025", "x", "Planifié"],
            ["Identités & accès", 2025, "Annuaire unique", "", "", "non", "en cours"],
            ["Identités & accès", 2026, "Annuaire unique", "", "", "", "Prévu"],
            ["Téléphonie", 2026, "Migration IPBX", "", "", "", "Prévu"],
        ],
    )

    code, out, _ = run("roadmap", str(path), "--org", "test", "--on-error", "skip")

    assert code == 1
    assert "Créées : 3" in out
    assert "ligne 5, colonne « Axe » : « Téléphonie » n'est pas un axe connu de l'organisation" in out
    rows = fetch(
        "SELECT x.name, i.year, i.title, i.start_month, i.end_month, i.is_estimate, i.status "
        "FROM steering_roadmapitem i JOIN steering_roadmapaxis x ON x.id = i.axis_id "
        "WHERE i.organisation_id = %s ORDER BY i.year, i.title",
        org.pk,
    )
    assert rows == [
        ("Identités & accès", 2025, "Annuaire unique", None, None, False, "en_cours"),
        ("Cybersécurité", 2025, "Sauvegardes externalisées", date(2025, 1, 1), date(2025, 6, 1), True, "prevu"),
        ("Identités & accès", 2026, "Annuaire unique", None, None, False, "prevu"),
    ]


def test_projects_then_their_milestones_import_from_two_sheets_of_the_study(org, tmp_path):
    projects = xlsx(
        tmp_path / "projets.xlsx",
        [
            ["Portefeuille de projets (illustratif)"],
            ["Projet", "Chef de projet", "Statut", "Budget", "Engagé", "Début", "Fin"],
            ["Fibre des écoles", "Paul Martin", "Vert", "120 000 €", "30 000", "01/02/2025", "30/11/2025"],
            ["Nouveau portail", "", "rouge", "", "5 000", "", ""],
            ["Total", None, None, "120 000", None, None, None],
        ],
    )
    code, out, _ = run("projects", str(projects), "--org", "test", "--on-error", "skip", "--create-missing")
    assert code == 1
    assert "Créées : 1" in out
    assert "ligne 4, colonne « Engagé » : Renseignez d'abord le budget prévu." in out

    milestones = xlsx(
        tmp_path / "jalons.xlsx",
        [
            ["Projet", "Étape", "Échéance", "Fait le"],
            ["fibre des ecoles", "Marché notifié", "15/03/2025", "14/03/2025"],
            ["Fibre des écoles", "Écoles raccordées", "30/11/2025", ""],
            ["Portail famille", "Recette", "01/06/2025", ""],
        ],
    )
    code, out, _ = run("milestones", str(milestones), "--org", "test", "--on-error", "skip")
    assert code == 1
    assert "Créées : 2" in out
    assert "ligne 4, colonne « Projet » : « Portail famille » n'est pas un projet connu" in out
    assert fetch(
        "SELECT p.name, p.status, p.budget_planned, m.name, m.due_date, m.done_date FROM steering_milestone m "
        "JOIN steering_project p ON p.id = m.project_id WHERE m.organisation_id = %s ORDER BY m.due_date",
        org.pk,
    ) == [
        ("Fibre des écoles", "en_cours", Decimal("120000.00"), "Marché notifié", date(2025, 3, 15), date(2025, 3, 14)),
        ("Fibre des écoles", "en_cours", Decimal("120000.00"), "Écoles raccordées", date(2025, 11, 30), None),
    ]
