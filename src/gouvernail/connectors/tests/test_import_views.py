"""The web import: upload → columns → preview → commit, editors only, file kept server-side."""

from html import unescape

import pytest
from openpyxl import load_workbook

from gouvernail.connectors.models import ImportMapping, ImportRecord
from gouvernail.connectors.tests.spreadsheet.files import xlsx
from gouvernail.connectors.uploads import upload_dir
from gouvernail.core.choices import Role
from gouvernail.inventory.models import Equipment
from gouvernail.jobs.models import Job
from gouvernail.testing.factories.core import make_site


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    return settings.DATA_DIR


def upload(client, path, kind="equipment"):
    with open(path, "rb") as handle:
        return client.post("/imports/nouveau/", {"kind": kind, "file": handle})


def test_the_whole_flow_imports_the_valid_rows_and_offers_the_rejected_ones(org, editor, tmp_path, data_dir):
    make_site(org, "Mairie")
    path = xlsx(
        tmp_path / "parc.xlsx",
        [
            ["Parc 2024"],
            ["Poste", "N° de série", "Catégorie", "Site"],
            ["PC-01", "SN-1", "PC fixe", "Mairie"],
            ["PC-02", "SN-2", "Frigo", "Mairie"],
        ],
    )

    response = upload(editor, path)
    assert response.status_code == 302
    mapping_url = response["Location"]
    token = mapping_url.split("/")[3]
    assert (data_dir / "imports" / f"{token}.xlsx").exists()
    assert token not in str(editor.session.items())

    page = editor.get(mapping_url)
    assert page.status_code == 200
    assert "Ligne d'en-tête trouvée : <strong>ligne 2</strong>" in unescape(page.content.decode())
    assert page.context["form"]["col_1"].initial == "serial"

    response = editor.post(
        mapping_url, {"col_0": "name", "col_1": "serial", "col_2": "family", "col_3": "site", "save_as": "Parc mairie"}
    )
    assert response.status_code == 302
    assert ImportMapping.objects.get().columns == {
        "poste": "name",
        "n de serie": "serial",
        "categorie": "family",
        "site": "site",
    }

    preview = editor.get(response["Location"])
    content = preview.content.decode()
    assert preview.context["result"].created == 1 and preview.context["result"].rejected_count == 1
    assert "Valeur « Frigo » non reconnue" in content
    assert not Equipment.objects.exists()

    response = editor.post(response["Location"], {"on_error": "skip"})
    record, job = ImportRecord.objects.get(), Job.objects.get()
    assert response["Location"] == f"/traitements/{job.pk}/"
    assert (job.status, job.result_url) == ("termine", f"/imports/{record.pk}/")
    assert list(Equipment.objects.values_list("name", flat=True)) == ["PC-01"]
    assert list((data_dir / "imports").iterdir()) == []

    rejects = editor.get(f"/imports/{record.pk}/rejets.xlsx")
    assert rejects["Content-Disposition"] == 'attachment; filename="parc-lignes-rejetees.xlsx"'
    (tmp_path / "rejets.xlsx").write_bytes(rejects.content)
    header, row = list(load_workbook(tmp_path / "rejets.xlsx").active.iter_rows(values_only=True))
    assert header[-1] == "motif du rejet" and row[0] == 4 and row[1:4] == ("PC-02", "SN-2", "Frigo")


def test_the_mapping_step_refuses_a_field_chosen_twice_or_a_missing_required_one(org, editor, tmp_path):
    path = xlsx(tmp_path / "parc.xlsx", [["Nom", "S/N", "Type"], ["PC-01", "SN-1", "PC fixe"]])
    mapping_url = upload(editor, path)["Location"]

    response = editor.post(mapping_url, {"col_0": "name", "col_1": "name", "col_2": ""})

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["col_1"] == ["« Nom » est déjà lu dans la colonne « Nom »."]
    assert "Choisissez une colonne pour : « Type »." in errors["__all__"]


def test_refuse_mode_on_the_web_writes_nothing_and_says_so(org, editor, tmp_path):
    path = xlsx(
        tmp_path / "parc.xlsx", [["Nom", "S/N", "Type"], ["PC-01", "SN-1", "PC fixe"], ["PC-02", "SN-2", "Frigo"]]
    )
    mapping_url = upload(editor, path)["Location"]
    preview_url = editor.post(mapping_url, {"col_0": "name", "col_1": "serial", "col_2": "family"})["Location"]

    response = editor.post(preview_url, {"on_error": "refuse"}, follow=True)

    assert not Equipment.objects.exists()
    assert ImportRecord.objects.get().status == "refuse"
    assert "rien n'a été écrit" in unescape(response.content.decode())


def test_an_unusable_file_is_refused_at_upload_with_a_french_message(org, editor, tmp_path, data_dir):
    path = tmp_path / "photo.xlsx"
    path.write_bytes(b"\x89PNG\r\n")

    response = upload(editor, path)

    assert response.status_code == 200
    assert "Format inconnu" in response.context["form"].errors["file"][0]
    assert list((data_dir / "imports").iterdir()) == []


def test_a_file_without_header_sends_back_to_the_upload_step(org, editor, tmp_path):
    path = xlsx(tmp_path / "vide.xlsx", [["a", "b"], ["1", "2"]])

    response = editor.get(upload(editor, path)["Location"], follow=True)

    assert "Aucune ligne d'en-tête reconnue" in unescape(response.content.decode())


def test_another_user_cannot_reach_an_upload(org, editor, client_for, tmp_path):
    path = xlsx(tmp_path / "parc.xlsx", [["Nom", "S/N", "Type"], ["PC-01", "SN-1", "PC fixe"]])
    mapping_url = upload(editor, path)["Location"]

    response = client_for(Role.ADMIN).get(mapping_url)

    assert response.status_code == 404


@pytest.mark.parametrize("role", [Role.DIRECTION, Role.ELU, Role.PRESTATAIRE, Role.AUDITEUR])
def test_a_role_that_does_not_edit_the_referentiel_cannot_upload(org, client_for, role, tmp_path, data_dir):
    path = xlsx(tmp_path / "parc.xlsx", [["Nom", "S/N", "Type"], ["PC-01", "SN-1", "PC fixe"]])

    response = upload(client_for(role), path)

    assert response.status_code == 403
    assert not upload_dir().exists() or list(upload_dir().iterdir()) == []


def test_the_menu_offers_imports_to_editors_only(org, client_for):
    assert "Importer un tableur" in client_for(Role.REFERENT_SI).get("/").content.decode()
    assert "Importer un tableur" not in client_for(Role.DIRECTION).get("/").content.decode()


def test_a_saved_mapping_is_proposed_at_the_next_upload(org, editor, tmp_path):
    path = xlsx(tmp_path / "parc.xlsx", [["Nom", "S/N", "Type", "Machine"], ["PC-01", "SN-1", "PC fixe", "x"]])
    first = upload(editor, path)["Location"]
    editor.post(first, {"col_0": "", "col_1": "serial", "col_2": "family", "col_3": "name", "save_as": "Export GLPI"})

    page = editor.get(upload(editor, path)["Location"])

    assert page.context["chosen"].name == "Export GLPI"
    assert [page.context["form"][f"col_{i}"].initial for i in range(4)] == ["", "serial", "family", "name"]


@pytest.fixture
def governance_without_referent(monkeypatch):
    """A role table where the Référent SI runs imports but does not edit governance's rows."""
    from gouvernail.core import permissions

    monkeypatch.setitem(permissions.EDIT_ROLES, "governance", frozenset({Role.ADMIN, Role.DIRECTION}))


def test_an_import_needs_the_right_to_edit_what_the_file_contains(
    org, client_for, tmp_path, data_dir, governance_without_referent
):
    referent = client_for(Role.REFERENT_SI)
    path = xlsx(tmp_path / "decisions.xlsx", [["Question", "Date"], ["Migration Windows 11", "12/03/2025"]])

    page = unescape(referent.get("/imports/nouveau/").content.decode())
    response = upload(referent, path, kind="decisions")

    assert "Décisions déjà prises (historique)" not in page and "Équipements" in page
    assert response.status_code == 200  # the form again, the kind refused
    assert "Sélectionnez un choix valide" in unescape(response.content.decode())
    assert not upload_dir().exists() or list(upload_dir().iterdir()) == []


def test_an_upload_of_a_kind_the_user_may_no_longer_edit_is_refused_at_every_step(
    org, client_for, tmp_path, data_dir, monkeypatch
):
    from gouvernail.core import permissions

    referent = client_for(Role.REFERENT_SI)
    path = xlsx(tmp_path / "decisions.xlsx", [["Question", "Date"], ["Migration Windows 11", "12/03/2025"]])
    mapping_url = upload(referent, path, kind="decisions")["Location"]
    monkeypatch.setitem(permissions.EDIT_ROLES, "governance", frozenset({Role.ADMIN, Role.DIRECTION}))

    assert referent.get(mapping_url).status_code == 403
