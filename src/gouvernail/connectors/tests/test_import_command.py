"""`gouvernail import`: summary in French and exit codes 0 (clean), 1 (rows rejected), 2 (file unusable)."""

import pytest
from django.core.management import CommandError, call_command

from gouvernail.connectors.services import mapping_save
from gouvernail.connectors.tests.spreadsheet.files import xlsx
from gouvernail.inventory.models import Equipment
from gouvernail.testing.factories.core import make_site

HEADER = ["Nom", "S/N", "Type", "Site"]


def run(*args):
    """(exit code, stdout, stderr) of the command."""
    from io import StringIO

    out, err = StringIO(), StringIO()
    try:
        call_command("import", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    except CommandError as error:
        code, err = error.returncode, StringIO(str(error))
    return code, out.getvalue(), err.getvalue()


def test_a_clean_file_exits_0_with_a_french_summary(org, tmp_path):
    make_site(org, "Mairie")
    path = xlsx(tmp_path / "parc.xlsx", [HEADER, ["PC-01", "SN-1", "PC fixe", "Mairie"]])

    code, out, _ = run("equipment", str(path), "--org", "test")

    assert code == 0
    assert "Import équipements depuis « parc.xlsx » (ligne d'en-tête 1)" in out
    assert "« S/N » → Numéro de série" in out
    assert "Créées : 1" in out and "Rejetées : 0" in out
    assert Equipment.objects.count() == 1


def test_rejected_rows_exit_1_naming_row_column_and_reason(org, tmp_path):
    path = xlsx(tmp_path / "parc.xlsx", [HEADER, ["PC-01", "SN-1", "PC fixe", ""], ["PC-02", "SN-2", "Frigo", ""]])

    code, out, _ = run("equipment", str(path), "--org", "test", "--on-error", "skip")

    assert code == 1
    assert "ligne 3, colonne « Type » : Valeur « Frigo » non reconnue" in out
    assert Equipment.objects.count() == 1


def test_refuse_mode_is_the_default_and_writes_nothing(org, tmp_path):
    path = xlsx(tmp_path / "parc.xlsx", [HEADER, ["PC-01", "SN-1", "PC fixe", ""], ["PC-02", "SN-2", "Frigo", ""]])

    code, out, _ = run("equipment", str(path), "--org", "test")

    assert code == 1
    assert "Fichier refusé (--on-error refuse) : rien n'a été écrit." in out
    assert not Equipment.objects.exists()


def test_a_dry_run_writes_nothing(org, tmp_path):
    path = xlsx(tmp_path / "parc.xlsx", [HEADER, ["PC-01", "SN-1", "PC fixe", ""]])

    code, out, _ = run("equipment", str(path), "--org", "test", "--dry-run")

    assert code == 0 and "À créer : 1" in out and "Simulation" in out
    assert not Equipment.objects.exists()


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([["a", "b"], ["1", "2"]], "Aucune ligne d'en-tête reconnue"),
        ([["Nom", "S/N"], ["PC-01", "SN-1"]], "Colonne obligatoire absente : « Type »"),
    ],
)
def test_an_unusable_file_exits_2(org, tmp_path, rows, message):
    path = xlsx(tmp_path / "parc.xlsx", rows)

    code, _, err = run("equipment", str(path), "--org", "test")

    assert code == 2
    assert message in err


def test_an_unknown_format_exits_2(org, tmp_path):
    path = tmp_path / "parc.xlsx"
    path.write_bytes(b"%PDF-1.7")

    code, _, err = run("equipment", str(path), "--org", "test")

    assert code == 2 and "Format inconnu" in err


def test_a_named_mapping_is_applied(org, tmp_path):
    mapping_save(
        organisation=org,
        kind="equipment",
        name="Export GLPI",
        columns={"machine": "name", "identifiant": "serial", "categorie": "family"},
        acting_user=None,
    )
    path = xlsx(tmp_path / "glpi.xlsx", [["Machine", "Identifiant", "Catégorie"], ["PC-01", "SN-1", "PC fixe"]])

    code, out, _ = run("equipment", str(path), "--org", "test", "--mapping", "Export GLPI")

    assert code == 0 and "correspondance « Export GLPI »" in out
    assert Equipment.objects.get().serial == "SN-1"


def test_an_unknown_mapping_name_exits_2(org, tmp_path):
    path = xlsx(tmp_path / "parc.xlsx", [HEADER, ["PC-01", "SN-1", "PC fixe", ""]])

    code, _, err = run("equipment", str(path), "--org", "test", "--mapping", "Inconnue")

    assert code == 2 and "Aucune correspondance « Inconnue »" in err


def test_a_large_file_shows_a_progress_bar_on_stderr(org, tmp_path):
    rows = [[f"PC-{i}", f"SN-{i}", "PC fixe", ""] for i in range(1200)]
    path = xlsx(tmp_path / "parc.xlsx", [HEADER, *rows])

    code, _, err = run("equipment", str(path), "--org", "test", "--dry-run")

    assert code == 0
    assert "Lecture [" in err and "100%" in err and "1 201 / 1 201 lignes" in err
