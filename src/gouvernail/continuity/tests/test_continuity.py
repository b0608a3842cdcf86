"""Continuity: targets from the map, test results against them, backups against their RPO, the
console import and the issue → action link."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gouvernail.continuity.models import BackupJob
from gouvernail.core.choices import Role
from gouvernail.steering.models import ActionItem
from gouvernail.testing.factories.applications import make_application
from gouvernail.testing.factories.continuity import (
    make_backup,
    make_continuity_test,
    make_plan,
    make_plan_entry,
    make_test_result,
)


def test_a_plan_entry_reads_its_targets_from_the_application_map(org):
    application = make_application(org, "Ciril RH", rto_hours=24, rpo_hours=4)
    entry = make_plan_entry(make_plan(org), application)

    application.rto_hours = 8
    application.save()
    entry.refresh_from_db()

    assert (entry.target_rto_hours, entry.target_rpo_hours) == (8, 4)


def test_a_result_says_whether_each_target_was_met(org):
    application = make_application(org, "Ciril RH", rto_hours=24, rpo_hours=4)
    test = make_continuity_test(org)

    result = make_test_result(test, application, rto_achieved_hours=Decimal("30"), rpo_achieved_hours=Decimal("2"))

    assert (result.rto_met(), result.rpo_met()) == (False, True)


def test_a_backup_older_than_its_rpo_is_stale_and_the_rpo_falls_back_to_the_application_then_a_day(org):
    now = timezone.now()
    application = make_application(org, "Ciril RH", rpo_hours=4)
    of_application = make_backup(org, "CIRIL", application=application, last_success_at=now - timedelta(hours=5))
    own = make_backup(org, "NAS", rpo_hours=12, last_success_at=now - timedelta(hours=5))
    default = make_backup(org, "AD", last_success_at=now - timedelta(hours=23))
    never = make_backup(org, "MAIL", last_success_at=None)

    assert [job.is_stale(now) for job in (of_application, own, default, never)] == [True, False, False, True]


def test_a_backup_is_verified_only_with_a_successful_restore_within_a_year(org):
    today = timezone.localdate()
    fresh = make_backup(org, "A", restore_test_ok=True, last_restore_test_on=today - timedelta(days=30))
    old = make_backup(org, "B", restore_test_ok=True, last_restore_test_on=today - timedelta(days=400))
    failed = make_backup(org, "C", restore_test_ok=False, last_restore_test_on=today)

    assert [job.is_verified() for job in (fresh, old, failed)] == [True, False, False]


def test_the_stale_and_verified_filters_list_what_the_rows_say(org, client_for):
    now, today = timezone.now(), timezone.localdate()
    verified = make_backup(org, "A", restore_test_ok=True, last_restore_test_on=today)
    stale = make_backup(org, "B", last_success_at=now - timedelta(days=3))
    client = client_for(Role.DIRECTION)

    assert list(client.get("/continuite/sauvegardes/?stale=true").context["table"].data) == [stale]
    assert list(client.get("/continuite/sauvegardes/?verified=true").context["table"].data) == [verified]
    assert "Alerte" in client.get("/continuite/sauvegardes/").content.decode()


def test_the_tested_filter_lists_plan_applications_tested_in_the_last_twelve_months(org, client_for):
    tested_app, old_app = make_application(org, "Ciril RH"), make_application(org, "Portail famille")
    plan = make_plan(org)
    tested, untested = make_plan_entry(plan, tested_app), make_plan_entry(plan, old_app)
    recent = make_continuity_test(org, "Récent", status="realise", done_on=date.today() - timedelta(days=10))
    old = make_continuity_test(org, "Ancien", status="realise", done_on=date.today() - timedelta(days=400))
    make_test_result(recent, tested_app)
    make_test_result(old, old_app)

    listed = client_for(Role.AUDITEUR).get("/continuite/applications/?tested=true").context["table"].data

    assert list(listed) == [tested]
    assert untested not in listed


VEEAM_CSV = (
    "Job Name;Result;Start Time;End Time\n"
    "SRV-FICHIERS;Success;01/12/2026 22:00;01/12/2026 23:10\n"
    "SRV-FICHIERS;Failed;02/12/2026 22:00;02/12/2026 22:05\n"
    "SRV-FICHIERS;Warning;03/12/2026 22:00;03/12/2026 23:00\n"
    "SRV-COMPTA;Success;02/12/2026 21:00;02/12/2026 21:30\n"
)


def upload(client, text: str):
    return client.post("/continuite/sauvegardes/importer/", {"file": SimpleUploadedFile("export.csv", text.encode())})


def test_a_console_export_moves_each_supervised_job_to_its_latest_success_after_preview(org, client_for):
    job = make_backup(org, "SRV-FICHIERS", last_success_at=None)
    client = client_for(Role.REFERENT_SI)

    preview = upload(client, VEEAM_CSV)

    parsed = preview.context["preview"]["parsed"]
    assert parsed.ignored_jobs == ["SRV-COMPTA"]
    assert parsed.failed_rows == 2  # a Veeam « Warning » is not counted as a success
    assert BackupJob.objects.get(pk=job.pk).last_success_at is None
    client.post("/continuite/sauvegardes/importer/", {"token": preview.context["preview"]["token"]})
    job.refresh_from_db()
    assert timezone.localtime(job.last_success_at).strftime("%d/%m/%Y %H:%M") == "01/12/2026 23:10"
    assert job.source == "import"


def test_a_proxmox_snapshot_list_reads_with_its_unix_backup_time(org, client_for):
    job = make_backup(org, "vm/101", last_success_at=None)
    client = client_for(Role.REFERENT_SI)

    preview = upload(client, "backup-type,backup-id,backup-time\nvm,101,1764716400\nvm,101,1764630000\n")
    client.post("/continuite/sauvegardes/importer/", {"token": preview.context["preview"]["token"]})

    job.refresh_from_db()
    assert int(job.last_success_at.timestamp()) == 1764716400


def test_an_older_export_never_moves_a_last_success_back(org, client_for):
    recent = timezone.now()
    job = make_backup(org, "SRV-FICHIERS", last_success_at=recent)
    client = client_for(Role.ADMIN)

    preview = upload(client, VEEAM_CSV)
    client.post("/continuite/sauvegardes/importer/", {"token": preview.context["preview"]["token"]})

    job.refresh_from_db()
    assert job.last_success_at == recent


def test_a_bad_date_names_its_row_and_column_and_nothing_is_written(org, client_for):
    make_backup(org, "SRV-FICHIERS", last_success_at=None)

    response = upload(client_for(Role.ADMIN), "Job Name;Result;End Time\nSRV-FICHIERS;Success;hier soir\n")

    assert response.context["errors"] == [
        "Ligne 2, colonne « End Time » : date illisible « hier soir » (attendu jj/mm/aaaa hh:mm)."
    ]
    assert BackupJob.objects.get(name="SRV-FICHIERS").last_success_at is None


def test_a_file_without_a_job_column_is_refused_in_french(org, client_for):
    response = upload(client_for(Role.ADMIN), "Serveur;Fin\nA;01/12/2026 10:00\n")

    assert "colonne introuvable : nom de la tâche" in response.context["errors"][0]


def test_an_issue_of_a_test_becomes_an_action_of_the_action_plan(org, client_for):
    test = make_continuity_test(org, status="realise", done_on=date.today())

    client_for(Role.REFERENT_SI).post(f"/continuite/tests/{test.pk}/action/", {"title": "Documenter la reprise AD"})

    action = ActionItem.objects.get(title="Documenter la reprise AD")
    assert list(test.actions.all()) == [action]
    assert "test de continuité" in action.description


@pytest.mark.parametrize("role", [Role.DIRECTION, Role.ELU, Role.AUDITEUR, Role.PRESTATAIRE])
def test_a_role_that_does_not_edit_cannot_create_an_action_from_a_test(role, org, client_for):
    test = make_continuity_test(org)

    response = client_for(role).post(f"/continuite/tests/{test.pk}/action/", {"title": "Intrus"})

    assert response.status_code == 403
    assert not ActionItem.objects.filter(title="Intrus").exists()
