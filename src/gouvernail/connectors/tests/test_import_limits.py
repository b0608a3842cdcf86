"""The web import refuses hostile files at upload, keeps nothing of them, and deletes every file
it keeps as soon as the import commits, fails or is abandoned."""

import os
import time

import pytest
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.core.management import call_command

from gouvernail.connectors.models import ImportRecord
from gouvernail.connectors.tests.spreadsheet.files import xlsx
from gouvernail.inventory.models import Equipment
from gouvernail.testing.hostile import csv_with_rows, ods_text_cell, ods_with_rows, xlsx_with_cells, xlsx_with_padding

pytestmark = pytest.mark.django_db

HOSTILE = {
    "parc.xlsx": (
        lambda path: xlsx_with_cells(path, {"A1": "a", "ZZ1000000": "z"}, dimension="A1:ZZ1000000"),
        "La feuille déclare une plage de cellules allant jusqu'à la ligne 1\u202f000\u202f000",
    ),
    "bombe.xlsx": (
        lambda path: xlsx_with_padding(path, 20 * 1024 * 1024),
        "Le classeur est anormalement compressé",
    ),
    "parc.ods": (
        lambda path: ods_with_rows(
            path, f'<table:table-row table:number-rows-repeated="1000000">{ods_text_cell("x")}</table:table-row>'
        ),
        "La feuille n° 1 (Feuille1) a des cellules jusqu'à la ligne 1\u202f000\u202f000",
    ),
    "cellule.csv": (
        lambda path: csv_with_rows(path, "Nom;Série", ["PC-1;" + "x" * (1024 * 1024)]),
        "Ligne 2 : une cellule dépasse 32\u202f767 caractères",
    ),
    "lignes.csv": (
        lambda path: csv_with_rows(path, "Nom;Série", (f"PC-{n};SN-{n}" for n in range(1_200_000))),
        "Ligne 200\u202f001 : le fichier dépasse 200\u202f000 lignes.",
    ),
}


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    return settings.DATA_DIR


def upload(client, path, kind="equipment"):
    with open(path, "rb") as handle:
        return client.post("/imports/nouveau/", {"kind": kind, "file": handle})


def pending(data_dir) -> list[str]:
    directory = data_dir / "imports"
    return sorted(path.name for path in directory.iterdir()) if directory.exists() else []


@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_file_is_refused_at_upload_in_french_and_nothing_is_kept(org, editor, tmp_path, data_dir, name):
    build, message = HOSTILE[name]
    path = build(tmp_path / name)

    response = upload(editor, path)

    assert response.status_code == 200
    assert response.context["form"].errors["file"][0].startswith(message)
    assert pending(data_dir) == []
    assert not ImportRecord.objects.exists() and not Equipment.objects.exists()


def test_a_file_over_the_upload_limit_is_refused_and_nothing_is_kept(org, editor, tmp_path, data_dir, settings):
    settings.GOUVERNAIL_UPLOAD_MAX_BYTES = 1024 * 1024
    path = csv_with_rows(tmp_path / "parc.csv", "Nom;Série", (f"PC-{n};SN-{n}" for n in range(100_000)))

    response = upload(editor, path)

    assert response.context["form"].errors["file"] == [
        f"Le fichier pèse {path.stat().st_size / 1024 / 1024:.0f} Mo : au plus 1 Mo. Découpez-le."
    ]
    assert pending(data_dir) == []


def test_an_upload_past_the_limit_is_not_written_to_the_temporary_directory(
    org, editor, tmp_path, settings, monkeypatch
):
    settings.GOUVERNAIL_UPLOAD_MAX_BYTES = 1024 * 1024
    written = []
    keep = TemporaryFileUploadHandler.receive_data_chunk

    def counted(handler, raw_data, start):
        written.append(len(raw_data))
        return keep(handler, raw_data, start)

    monkeypatch.setattr(TemporaryFileUploadHandler, "receive_data_chunk", counted)
    path = tmp_path / "parc.csv"
    path.write_bytes(b"Nom;S\xe9rie\n" + b"PC-1;SN-1\n" * 300_000)

    response = upload(editor, path)

    assert response.context["form"].errors["file"] == ["Le fichier pèse 3 Mo : au plus 1 Mo. Découpez-le."]
    assert sum(written) <= 1024 * 1024


def mapped_preview(editor, tmp_path) -> str:
    path = xlsx(tmp_path / "parc.xlsx", [["Nom", "S/N", "Type"], ["PC-01", "SN-1", "PC fixe"]])
    mapping_url = upload(editor, path)["Location"]
    return editor.post(mapping_url, {"col_0": "name", "col_1": "serial", "col_2": "family"})["Location"]


def test_abandoning_an_import_deletes_its_file_at_once(org, editor, tmp_path, data_dir):
    preview_url = mapped_preview(editor, tmp_path)
    token = preview_url.split("/")[3]
    assert pending(data_dir) == sorted([f"{token}.json", f"{token}.xlsx"])

    response = editor.post(f"/imports/nouveau/{token}/annuler/", follow=True)

    assert "abandonné" in response.content.decode()
    assert pending(data_dir) == []
    assert editor.get(preview_url).status_code == 404


def test_a_commit_that_fails_deletes_the_file(org, editor, tmp_path, data_dir, monkeypatch):
    preview_url = mapped_preview(editor, tmp_path)

    def crash(**kwargs):
        raise RuntimeError("panne")

    monkeypatch.setattr("gouvernail.connectors.services.import_file", crash)
    page = editor.post(preview_url, {"on_error": "refuse"}, follow=True).content.decode()

    assert "Échoué" in page and "panne" not in page
    assert pending(data_dir) == []


def test_uploads_abandoned_for_a_day_are_purged_by_the_command_and_at_the_next_upload(org, editor, tmp_path, data_dir):
    mapped_preview(editor, tmp_path)
    day_ago = time.time() - 24 * 3600 - 60
    for path in (data_dir / "imports").iterdir():
        os.utime(path, (day_ago, day_ago))
    fresh = mapped_preview(editor, tmp_path).split("/")[3]

    assert pending(data_dir) == sorted([f"{fresh}.json", f"{fresh}.xlsx"])

    for path in (data_dir / "imports").iterdir():
        os.utime(path, (day_ago, day_ago))
    call_command("purge-uploads")

    assert pending(data_dir) == []
