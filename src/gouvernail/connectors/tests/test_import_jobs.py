"""The commit of a web import is a job: a failure on its last batch, or « Annuler » between two
batches, leaves the previous data untouched."""

import pytest

from gouvernail.connectors.models import ImportRecord
from gouvernail.connectors.spreadsheet import engine
from gouvernail.connectors.tests.spreadsheet.files import xlsx
from gouvernail.connectors.uploads import upload_dir
from gouvernail.core import upsert
from gouvernail.inventory.models import Equipment
from gouvernail.jobs.models import Job
from gouvernail.jobs.services import job_cancel
from gouvernail.testing.factories.inventory import make_equipment

pytestmark = pytest.mark.django_db

ROWS = [["Nom", "N° de série", "Catégorie"]] + [[f"PC-{n:02}", f"SN-{n}", "PC fixe"] for n in range(1, 8)]


@pytest.fixture(autouse=True)
def small_batches(settings, tmp_path, monkeypatch):
    settings.DATA_DIR = tmp_path / "data"
    monkeypatch.setattr(engine, "BATCH_SIZE", 2)  # 7 rows: 4 batches


@pytest.fixture
def existing(org):
    return make_equipment(org, "PC-01", serial="SN-1", notes="avant l'import")


def preview_url(editor, tmp_path) -> str:
    with open(xlsx(tmp_path / "parc.xlsx", ROWS), "rb") as handle:
        mapping_url = editor.post("/imports/nouveau/", {"kind": "equipment", "file": handle})["Location"]
    return editor.post(mapping_url, {"col_0": "name", "col_1": "serial", "col_2": "family"})["Location"]


def test_the_import_job_writes_every_batch_and_reports_its_progress(org, editor, tmp_path, existing):
    response = editor.post(preview_url(editor, tmp_path), {"on_error": "skip"})

    job = Job.objects.get()
    assert response["Location"] == job.get_absolute_url()
    assert (job.status, job.progress_current, job.progress_total) == ("termine", 8, 8)
    assert Equipment.objects.filter(organisation=org).count() == 7


def test_a_failure_on_the_last_batch_leaves_the_previous_data_untouched(org, editor, tmp_path, existing, monkeypatch):
    write_batch = upsert._Upsert.batch
    calls = []

    def fail_on_the_last(run, batch):
        calls.append(len(batch))
        if len(calls) == 4:
            raise RuntimeError("disque plein")
        return write_batch(run, batch)

    url = preview_url(editor, tmp_path)
    monkeypatch.setattr(upsert._Upsert, "batch", fail_on_the_last)

    page = editor.post(url, {"on_error": "skip"}, follow=True).content.decode()

    assert calls == [2, 2, 2, 1]
    job = Job.objects.get()
    assert job.status == "echoue" and job.message.startswith("Erreur interne")
    assert "Échoué" in page
    assert list(Equipment.objects.filter(organisation=org).values_list("name", "notes")) == [
        ("PC-01", "avant l'import")
    ]
    assert not ImportRecord.objects.exists()
    assert list(upload_dir().iterdir()) == []


def test_cancel_between_two_batches_rolls_the_import_back(org, editor, tmp_path, existing, monkeypatch, users):
    write_batch = upsert._Upsert.batch
    calls = []

    def press_cancel_after_the_first(run, batch):
        calls.append(len(batch))
        result = write_batch(run, batch)
        if len(calls) == 1:
            job_cancel(job=Job.objects.get(), acting_user=users["referent_si"])
        return result

    url = preview_url(editor, tmp_path)
    monkeypatch.setattr(upsert._Upsert, "batch", press_cancel_after_the_first)

    editor.post(url, {"on_error": "skip"})

    job = Job.objects.get()
    assert (job.status, job.message) == ("annule", "Annulé à la demande : rien n'a été modifié.")
    assert calls == [2]
    assert Equipment.objects.filter(organisation=org).count() == 1
    assert not ImportRecord.objects.exists()
