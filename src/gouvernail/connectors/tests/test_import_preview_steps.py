"""The preview page's steps: what is missing listed « à créer » with its checkbox, the value
mapping of the values no synonym knows, remembered with the saved mapping for the next import."""

from html import unescape

import pytest

from gouvernail.connectors.models import ImportMapping, ImportRecord
from gouvernail.connectors.tests.spreadsheet.files import xlsx
from gouvernail.core.choices import Role
from gouvernail.core.models import JournalEntry, Person, Service, Site
from gouvernail.inventory.models import Equipment
from gouvernail.testing.factories.core import make_site

HEADER = ["Inventaire 2025"], ["Poste", "N° de série", "Type", "Neuf/recond.", "Site", "Utilisateur"]


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    return settings.DATA_DIR


def upload(client, path, kind="equipment"):
    with open(path, "rb") as handle:
        response = client.post("/imports/nouveau/", {"kind": kind, "file": handle})
    return response["Location"]


def to_preview(client, path, fields, save_as=""):
    mapping_url = upload(client, path)
    response = client.post(mapping_url, {**fields, "save_as": save_as})
    return response["Location"]


FIELDS = {"col_0": "name", "col_1": "serial", "col_2": "family", "col_3": "condition", "col_4": "site"}


def test_the_preview_lists_what_is_missing_and_creates_it_only_when_the_box_is_ticked(org, editor, tmp_path):
    make_site(org, "Mairie")
    path = xlsx(
        tmp_path / "parc.xlsx",
        [
            *HEADER,
            ["PC-01", "SN-1", "UC", "N", "Mairie", "Claire Durand"],
            ["PC-02", "SN-2", "Portable", "recond.", "Médiathèque ", "DURAND Claire"],
            ["PC-03", "SN-3", "tour", "R", "Piscine", "Paul Martin"],
        ],
    )
    preview_url = to_preview(editor, path, {**FIELDS, "col_5": "assigned_to"})

    page = editor.get(preview_url)
    content = unescape(page.content.decode())
    result = page.context["result"]
    assert (result.created, result.rejected_count) == (3, 0)
    assert [m.name for m in result.missing["site"]] == ["Médiathèque", "Piscine"]
    assert [m.name for m in result.missing["person"]] == ["Claire Durand", "Paul Martin"]
    assert content.count("à créer</span>") == 4
    assert 'name="create_missing"' in content
    assert not Site.objects.filter(name="Piscine").exists() and not Person.objects.exists()

    editor.post(preview_url, {"on_error": "skip", "create_missing": "on"})

    assert sorted(Site.objects.values_list("name", flat=True)) == ["Mairie", "Médiathèque", "Piscine"]
    assert sorted(Person.objects.values_list("first_name", "last_name")) == [("Claire", "Durand"), ("Paul", "Martin")]
    assert sorted(Equipment.objects.values_list("family", "condition")) == [
        ("pc_fixe", "neuf"),
        ("pc_fixe", "reconditionne"),
        ("pc_portable", "reconditionne"),
    ]
    record = ImportRecord.objects.get()
    assert record.created_missing == {
        "Sites": ["Médiathèque", "Piscine"],
        "Personnes": ["Claire Durand", "Paul Martin"],
    }
    assert JournalEntry.objects.filter(reason__contains="création des éléments nommés", object_repr="Piscine").exists()
    detail = unescape(editor.get(f"/imports/{record.pk}/").content.decode())
    assert "Créés d'après le fichier" in detail and "Médiathèque, Piscine" in detail


def test_left_unticked_the_rows_naming_something_missing_are_rejected(org, editor, tmp_path):
    make_site(org, "Mairie")
    path = xlsx(
        tmp_path / "parc.xlsx",
        [*HEADER, ["PC-01", "SN-1", "UC", "N", "Mairie"], ["PC-02", "SN-2", "UC", "N", "Piscine"]],
    )
    preview_url = to_preview(editor, path, FIELDS)

    editor.post(preview_url, {"on_error": "skip"})

    assert list(Equipment.objects.values_list("name", flat=True)) == ["PC-01"]
    assert not Site.objects.filter(name="Piscine").exists() and not Service.objects.exists()
    assert ImportRecord.objects.get().rejected_count == 1


def test_unknown_values_are_mapped_on_the_preview_and_remembered_for_the_next_import(org, editor, tmp_path):
    make_site(org, "Mairie")
    rows = [
        *HEADER,
        ["PC-01", "SN-1", "Station graphique", "N", "Mairie"],
        ["PC-02", "SN-2", "Station graphique", "Seconde main", "Mairie"],
        ["PC-03", "SN-3", "Minitel", "N", "Mairie"],
    ]
    preview_url = to_preview(editor, xlsx(tmp_path / "parc.xlsx", rows), FIELDS, save_as="Parc mairie")

    page = editor.get(preview_url)
    form = page.context["values_form"]
    assert [(column, field.label) for field, column, _ in form.value_fields()] == [
        ("Type", "« Station graphique »"),
        ("Type", "« Minitel »"),
        ("État à l'achat", "« Seconde main »"),
    ]
    assert page.context["result"].rejected_count == 3
    assert "Valeurs non reconnues" in page.content.decode()

    values_url = preview_url.replace("/apercu/", "/valeurs/")
    response = editor.post(
        values_url, {"value_0": "pc_fixe", "value_1": "", "value_2": "reconditionne", "remember": "on"}
    )
    assert response["Location"] == preview_url

    page = editor.get(preview_url)
    result = page.context["result"]
    assert (result.created, result.rejected_count) == (2, 1)  # « Minitel » left unknown
    assert [r.row for r in result.rejected] == [5]
    assert ImportMapping.objects.get().values == {
        "family": {"station graphique": "pc_fixe"},
        "condition": {"seconde main": "reconditionne"},
    }

    editor.post(preview_url, {"on_error": "skip"})
    assert sorted(Equipment.objects.values_list("name", "family", "condition")) == [
        ("PC-01", "pc_fixe", "neuf"),
        ("PC-02", "pc_fixe", "reconditionne"),
    ]

    # The next file: the saved mapping brings its columns and its values.
    nxt = xlsx(tmp_path / "parc2.xlsx", [*HEADER, ["PC-09", "SN-9", "Station graphique", "Seconde main", "Mairie"]])
    mapping_url = upload(editor, nxt)
    page = editor.get(mapping_url)
    assert page.context["chosen"].name == "Parc mairie"
    response = editor.post(mapping_url, {**FIELDS, "mapping_id": page.context["chosen"].pk, "save_as": ""})
    result = editor.get(response["Location"]).context["result"]
    assert (result.created, result.rejected_count, result.unknown_values) == (1, 0, {})


def test_a_value_answer_outside_the_allowed_values_is_refused(org, editor, tmp_path):
    make_site(org, "Mairie")
    path = xlsx(tmp_path / "parc.xlsx", [*HEADER, ["PC-01", "SN-1", "Minitel", "N", "Mairie"]])
    preview_url = to_preview(editor, path, FIELDS)

    page = editor.post(preview_url.replace("/apercu/", "/valeurs/"), {"value_0": "grille-pain", "save_as": "x"})

    assert page.status_code == 200
    assert "Sélectionnez un choix valide" in unescape(page.content.decode())
    assert not ImportMapping.objects.exists()


def test_an_auditor_cannot_map_values_nor_download_templates(org, editor, client_for, tmp_path):
    make_site(org, "Mairie")
    path = xlsx(tmp_path / "parc.xlsx", [*HEADER, ["PC-01", "SN-1", "Minitel", "N", "Mairie"]])
    preview_url = to_preview(editor, path, FIELDS)

    auditor = client_for(Role.AUDITEUR)

    assert auditor.post(preview_url.replace("/apercu/", "/valeurs/"), {"value_0": "pc_fixe"}).status_code == 403
    assert auditor.get("/imports/modeles/equipment.xlsx").status_code == 403
    assert not ImportMapping.objects.exists()
