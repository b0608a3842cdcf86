"""The database task backend and `gouvernail worker`, for real: a page queues a job, nothing runs
in the request, the worker runs it; the worker also queues the apps' periodic work."""

import socket
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django_tasks_db.models import DBTaskResult

from gouvernail.connectors.models import SyncRun
from gouvernail.connectors.runner import config_password_set
from gouvernail.jobs.models import Job
from gouvernail.testing.factories.connectors import make_connector_config

pytestmark = pytest.mark.django_db

DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = DATABASE_BACKEND


@pytest.fixture
def config(org):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = make_connector_config(org, host="127.0.0.1", port=port)
    config_password_set(config=config, password="secret-de-test")
    return config


def test_sync_now_queues_a_job_that_the_worker_runs(database_tasks, org, editor, config):
    response = editor.post("/collecte/gestsup/synchroniser/")

    job = Job.objects.get()
    assert response["Location"] == f"/traitements/{job.pk}/"
    assert job.status == "en_attente" and not SyncRun.objects.exists()
    assert DBTaskResult.objects.get().status == "READY"
    page = editor.get(response["Location"]).content.decode()
    assert "En attente" in page and 'hx-trigger="every' in page

    out = StringIO()
    call_command("worker", "--once", "--no-periodic", stdout=out)

    job.refresh_from_db()
    run = SyncRun.objects.get()
    assert (job.status, job.result_url) == ("echoue", run.get_absolute_url())
    assert "injoignable : aucune connexion" in job.message
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert "injoignable : aucune connexion" in editor.get(response["Location"]).content.decode()


def test_the_worker_queues_the_periodic_work_then_runs_it(database_tasks, org, config):
    call_command("worker", "--once", stdout=StringIO())

    paths = sorted(DBTaskResult.objects.values_list("task_path", "status"))
    assert paths == [
        ("gouvernail.access.tasks.send_review_reminders", "SUCCESSFUL"),
        ("gouvernail.compliance.tasks.send_clock_reminders", "SUCCESSFUL"),
        ("gouvernail.connectors.tasks.start_due_syncs", "SUCCESSFUL"),
        ("gouvernail.jobs.services.execute_job", "SUCCESSFUL"),
        ("gouvernail.jobs.tasks.prune_finished", "SUCCESSFUL"),
        ("gouvernail.reports.tasks.send_due_reminders", "SUCCESSFUL"),
    ]
    assert SyncRun.objects.get(config=config).trigger == "planification"


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(settings):
    options = settings.DATABASES["default"].get("OPTIONS", {})
    if connection.vendor != "sqlite":
        pytest.skip("SQLite seulement")
    assert "journal_mode=WAL" in options["init_command"]
    assert options["timeout"] >= 5 and options["transaction_mode"] == "IMMEDIATE"


def test_the_daily_pruning_forgets_old_jobs_and_their_files(org):
    import datetime as dt

    from django.utils import timezone

    from gouvernail.jobs.tasks import prune_finished
    from gouvernail.testing.factories.jobs import make_job

    old = make_job(org, result=b"nom\n", finished_at=timezone.now() - dt.timedelta(days=31))
    recent = make_job(org, finished_at=timezone.now() - dt.timedelta(days=2))
    storage, name = old.result_file.storage, old.result_file.name

    assert prune_finished.call() == 1

    assert list(Job.objects.all()) == [recent] and not storage.exists(name)
