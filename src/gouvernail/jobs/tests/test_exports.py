"""Exports that scale: CSV streamed from a queryset read in chunks, XLSX written in write-only
mode, and a list longer than the threshold exported by the worker and offered on the job's page."""

import csv
import io
from datetime import date

import openpyxl
import pytest
from django.http import StreamingHttpResponse

from gouvernail.core.choices import Role
from gouvernail.jobs.models import Job
from gouvernail.testing.factories.vendors import make_contract, make_vendor

pytestmark = pytest.mark.django_db

HOSTILE = '=HYPERLINK("https://attaquant.example")'


@pytest.fixture
def contracts(org, other_org):
    vendor = make_vendor(org, "Infogérance Ouest")
    for number in range(1, 6):
        make_contract(org, vendor, f"2025-INF-{number:02}", subject=HOSTILE if number == 3 else "Maintenance")
    make_contract(other_org, make_vendor(other_org, "Ailleurs"), "2024-INF-99")


def test_a_csv_export_is_streamed_without_caching_the_list(contracts, client_for):
    response = client_for(Role.AUDITEUR).get("/contrats/?_export=csv&sort=reference")

    assert isinstance(response, StreamingHttpResponse) and response.streaming
    lines = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8"))))
    references = [line[0] for line in lines[1:]]
    assert references == [f"2025-INF-{number:02}" for number in range(1, 6)]
    assert any(cell == f"'{HOSTILE}" for line in lines for cell in line)


def test_an_xlsx_export_is_written_in_write_only_mode_with_inert_text_cells(contracts, client_for):
    response = client_for(Role.AUDITEUR).get("/contrats/?_export=xlsx")

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows())
    assert rows[0][0].value.startswith("Exporté le ")
    assert sheet.freeze_panes == "A3" and sheet.auto_filter.ref.startswith("A2:")
    hostile = [cell for row in rows for cell in row if cell.value == HOSTILE]
    assert hostile and all(cell.data_type == "s" and cell.quotePrefix for cell in hostile)
    assert len(rows) == 2 + 5


@pytest.mark.parametrize("export_format", ["csv-excel", "xlsx", "ods"])
def test_a_list_over_the_threshold_is_exported_by_a_job_for_its_requester_only(
    export_format, contracts, client_for, users, settings
):
    settings.GOUVERNAIL_EXPORT_TASK_ROWS = 4
    auditor = client_for(Role.AUDITEUR)

    response = auditor.get(f"/contrats/?_export={export_format}&reference=INF")

    job = Job.objects.get()
    assert response["Location"] == f"/traitements/{job.pk}/"
    assert (job.kind, job.status, job.private, job.requested_by) == ("export", "termine", True, users[Role.AUDITEUR])
    assert job.message == "5 lignes exportées." and job.progress_current == 5
    page = auditor.get(response["Location"]).content.decode()
    assert "Télécharger" in page
    download = auditor.get(f"/traitements/{job.pk}/fichier/")
    extension = "csv" if export_format == "csv-excel" else export_format
    assert download["Content-Disposition"] == f'attachment; filename="contrats-{date.today():%Y-%m-%d}.{extension}"'
    content = b"".join(download.streaming_content)
    if export_format == "csv-excel":
        assert content.decode("utf-8-sig").count("2025-INF-") == 5 and "2024-INF-99" not in content.decode()
    assert client_for(Role.ADMIN).get(f"/traitements/{job.pk}/fichier/").status_code == 403


def test_asking_twice_for_the_same_long_export_reuses_the_waiting_job(contracts, client_for, settings):
    settings.GOUVERNAIL_EXPORT_TASK_ROWS = 4
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    auditor = client_for(Role.AUDITEUR)

    first = auditor.get("/contrats/?_export=csv")
    second = auditor.get("/contrats/?_export=csv")

    assert first["Location"] == second["Location"]
    assert Job.objects.get().status == "en_attente"


def test_a_list_under_the_threshold_is_exported_in_the_request(contracts, client_for, settings):
    settings.GOUVERNAIL_EXPORT_TASK_ROWS = 5

    response = client_for(Role.AUDITEUR).get("/contrats/?_export=csv")

    assert response.status_code == 200 and not Job.objects.exists()
