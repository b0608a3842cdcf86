"""The scenario grids of a study, kept in a long table (one row per analysis, criterion and
scenario), imported through governance's upsert: what is missing is created, weights, levels
and justifications are updated and journaled, a re-import changes nothing, a preview writes
nothing."""

from decimal import Decimal

import pytest

from gouvernail.connectors.services import import_file
from gouvernail.connectors.tests.spreadsheet.files import xlsx
from gouvernail.connectors.tests.test_import_command import run as command
from gouvernail.core.choices import JournalAction, Role
from gouvernail.core.models import JournalEntry
from gouvernail.governance.models import ScenarioAnalysis, ScenarioCriterion, ScenarioOption, ScenarioRating
from gouvernail.testing.factories.governance import make_analysis, make_scenario_criterion
from gouvernail.testing.helpers import fetch

HEADER = ["Grille", "Critères", "Pondération", "Sens du critère", "Code", "Libellé du scénario", "Note"]
HEADER += ["Commentaire"]


def grid(tmp_path, rows=None, name="grille.xlsx"):
    rows = rows or [
        ["Organisation SI", "Coût annuel", "2", "moins", "S1", "Mutualisation", "moyen", "Coût partagé"],
        ["organisation si ", "Coût annuel", 2, "minimiser", "S2", "Prestataire", "élevée", ""],
        ["Organisation SI", "Continuité", "3", "", "S1", "", "4", "Deux techniciens"],
        ["Organisation SI", "Continuité", "", "plus", "s2", "Prestataire", "très forte", ""],
        ["Organisation SI", "continuite", "", "", "S1 ", "", "Faible", "Doublon"],
        ["Organisation SI", "Coût annuel", "5", "", "S3", "Régie", "faible", ""],
        ["Organisation SI", "Délai", "", "", "S1", "", "Frigo", ""],
        ["Organisation SI", "Délai", "beaucoup", "", "S2", "", "2", ""],
        ["Total", None, None, None, None, None, None, "4 appréciations"],
    ]
    return xlsx(tmp_path / name, [["Étude d'organisation — grille d'analyse (COPIL n° 3)"], [], HEADER, *rows])


def run(org, path, *, dry_run=False, user=None):
    result, _ = import_file(
        organisation=org,
        kind="scenarios",
        path=path,
        file_name=path.name,
        on_error="skip",
        dry_run=dry_run,
        acting_user=user,
    )
    return result


def ratings(org) -> list[tuple]:
    return fetch(
        "SELECT a.title, c.position, c.name, c.weight, c.direction, o.code, o.label, r.level, r.justification "
        "FROM governance_scenariorating r JOIN governance_scenariooption o ON o.id = r.option_id "
        "JOIN governance_scenariocriterion c ON c.id = r.criterion_id "
        "JOIN governance_scenarioanalysis a ON a.id = c.analysis_id "
        "WHERE r.organisation_id = %s ORDER BY c.position, o.code",
        org.pk,
    )


def test_a_messy_long_grid_creates_the_analysis_its_criteria_scenarios_and_ratings(org, tmp_path):
    result = run(org, grid(tmp_path))

    assert (result.created, result.updated, result.unchanged, result.rejected_count) == (4, 0, 0, 4)
    assert result.summary_rows == [12]
    assert [(a, p, n, Decimal(w), d, c, lb, lv, j) for a, p, n, w, d, c, lb, lv, j in ratings(org)] == [
        ("Organisation SI", 1, "Coût annuel", Decimal("2"), "moins", "S1", "Mutualisation", 3, "Coût partagé"),
        ("Organisation SI", 1, "Coût annuel", Decimal("2"), "moins", "S2", "Prestataire", 4, ""),
        ("Organisation SI", 2, "Continuité", Decimal("3"), "plus", "S1", "Mutualisation", 4, "Deux techniciens"),
        ("Organisation SI", 2, "Continuité", Decimal("3"), "plus", "S2", "Prestataire", 5, ""),
    ]
    assert ScenarioAnalysis.objects.filter(organisation=org).count() == 1


def test_each_defective_row_is_named_by_its_row_and_column(org, tmp_path):
    result = run(org, grid(tmp_path))

    found = [(row.row, column, reason) for row in result.rejected for column, reason in row.issues]
    assert (8, "Code", "Ligne en double : même analyse, critère et scénario que la ligne 6.") in found
    assert (9, "Pondération", "Poids différent de celui de la ligne 4 du même critère.") in found
    assert any(row == 10 and column == "Note" and "Valeur « Frigo » non reconnue" in r for row, column, r in found)
    assert (11, "Pondération", "Nombre invalide : « beaucoup » (attendu par exemple 1 234,56).") in found
    assert sorted({row for row, _, _ in found}) == [8, 9, 10, 11]


def test_reimporting_the_same_grid_changes_nothing(org, tmp_path):
    path = grid(tmp_path)
    run(org, path)
    journal = JournalEntry.objects.count()

    code, out, _ = command("scenarios", str(path), "--org", "test", "--on-error", "skip")

    assert code == 1
    assert "Créées : 0" in out and "Mises à jour : 0" in out and "Inchangées : 4" in out
    assert ScenarioRating.objects.count() == 4
    # Only the record of the import itself joins the journal.
    assert JournalEntry.objects.count() == journal + 1


def test_a_revised_grid_updates_weights_levels_and_justifications_in_the_journal(org, users, tmp_path):
    run(org, grid(tmp_path))
    revised = grid(
        tmp_path,
        [
            ["Organisation SI", "Coût annuel", "3", "", "S1", "", "Moyenne", "Coût partagé, révisé"],
            ["Organisation SI", "Coût annuel", "3", "", "S2", "", "Élevée", ""],
            ["Organisation SI", "Continuité", "", "", "S1", "Mutualisation", "5", ""],
            ["Organisation SI", "Réversibilité", "", "", "S2", "", "Faible à moyenne", ""],
        ],
        name="grille-v2.xlsx",
    )

    result = run(org, revised, user=users[Role.REFERENT_SI])

    assert (result.created, result.updated, result.unchanged, result.rejected_count) == (1, 2, 1, 0)
    rows = {(n, c): (Decimal(w), lv, j) for _, _, n, w, _, c, _, lv, j in ratings(org)}
    assert rows[("Coût annuel", "S1")] == (Decimal("3"), 3, "Coût partagé, révisé")
    assert rows[("Réversibilité", "S2")] == (Decimal("1"), 2, "")
    criterion = ScenarioCriterion.objects.get(name="Coût annuel")
    assert (criterion.row_version, ScenarioCriterion.objects.get(name="Réversibilité").position) == (2, 3)
    entries = JournalEntry.objects.filter(reason="Import de tableur « grille-v2.xlsx »")
    assert {(e.action, e.object_repr) for e in entries} >= {
        (JournalAction.UPDATED, "Coût annuel"),
        (JournalAction.CREATED, "Réversibilité"),
    }
    assert all(e.user == users[Role.REFERENT_SI] for e in entries)
    assert entries.get(object_repr="Coût annuel").changes == {"poids": ["2,00", "3,00"]}


def test_an_existing_grid_is_found_by_its_title_and_completed(org, tmp_path):
    analysis = make_analysis(org, "Organisation SI")
    make_scenario_criterion(analysis, "Coût annuel", position=1)
    make_scenario_criterion(analysis, "Sécurité", position=2)

    run(org, grid(tmp_path))

    assert ScenarioAnalysis.objects.filter(organisation=org).count() == 1
    assert list(analysis.criteria.values_list("position", "name")) == [
        (1, "Coût annuel"),
        (2, "Sécurité"),
        (3, "Continuité"),
    ]
    assert ScenarioOption.objects.filter(analysis=analysis).count() == 2


def test_a_preview_counts_the_grid_and_writes_nothing(org, tmp_path):
    journal = JournalEntry.objects.count()

    result = run(org, grid(tmp_path), dry_run=True)

    assert (result.created, result.rejected_count) == (4, 4)
    assert result.samples["created"][0].changes["niveau"] == [None, "Moyenne"]
    for model in (ScenarioAnalysis, ScenarioCriterion, ScenarioOption, ScenarioRating):
        assert not model.objects.exists()
    assert JournalEntry.objects.count() == journal


@pytest.mark.parametrize("level", ["3", "moyen", "Moyenne", "MOYENNE."])
def test_a_level_is_read_from_its_number_label_or_a_synonym(org, tmp_path, level):
    path = grid(tmp_path, [["Grille A", "Coût", "", "", "S1", "", level, ""]])

    run(org, path)

    assert ScenarioRating.objects.get().level == 3
