"""Runs and schedule: recording, refusing overlaps, the worker's timetable, encryption at rest.

The connector here points at a port where nothing listens, so each run fails at once with
« GestSup injoignable »: what is under test is when runs happen and what they record.
"""

import datetime as dt
import socket
from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command

from gouvernail.connectors import crypto
from gouvernail.connectors.choices import RunStatus, RunTrigger
from gouvernail.connectors.models import ConnectorSecret, SyncRun
from gouvernail.connectors.runner import RunRefused, config_password_set, run_start
from gouvernail.connectors.tasks import run_due_syncs
from gouvernail.jobs.models import Job
from gouvernail.testing.factories.connectors import make_connector_config, make_sync_run
from gouvernail.testing.factories.jobs import make_job

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)
PASSWORD = "Lecture-GestSup-2026!"


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def config(org):
    config = make_connector_config(org, host="127.0.0.1", port=closed_port(), interval_minutes=60)
    config_password_set(config=config, password=PASSWORD)
    return config


#
# Encryption at rest
#


def test_the_stored_password_is_encrypted(config):
    stored = ConnectorSecret.objects.get(config=config).value_encrypted

    assert PASSWORD not in stored
    assert crypto.decrypt(stored) == PASSWORD


def test_the_configuration_and_its_history_never_hold_the_password(config):
    config.host = "gestsup.interne"
    config.save()

    rows = [str(row) for row in config.history.values()]
    assert rows and all(PASSWORD not in row for row in rows)
    assert not hasattr(config, "value_encrypted")


def test_a_password_encrypted_with_another_key_is_reported_in_french(config, monkeypatch):
    monkeypatch.setenv(crypto.ENV_VAR, Fernet.generate_key().decode())

    with pytest.raises(crypto.CredentialError, match="saisissez-le à nouveau"):
        crypto.decrypt(ConnectorSecret.objects.get(config=config).value_encrypted)


def test_the_key_comes_from_the_environment_when_set(monkeypatch):
    key = Fernet.generate_key().decode()
    monkeypatch.setenv(crypto.ENV_VAR, key)

    assert Fernet(key).decrypt(crypto.encrypt("secret").encode()) == b"secret"


def test_production_without_a_key_is_refused(settings, monkeypatch):
    monkeypatch.delenv(crypto.ENV_VAR, raising=False)
    settings.DEBUG = False
    settings.GOUVERNAIL_TESTING = False

    with pytest.raises(ImproperlyConfigured, match="GOUVERNAIL_CONNECTOR_KEY est obligatoire"):
        crypto.encrypt("secret")


#
# Runs
#


def test_a_run_that_cannot_reach_the_source_fails_with_a_french_message(config):
    run = run_due_syncs(now=T0)[0]

    assert run.status == RunStatus.FAILED
    assert run.error_message.startswith("GestSup injoignable : aucune connexion")
    assert run.finished_at is not None
    config.refresh_from_db()
    assert config.last_success_at is None


def test_a_second_run_is_refused_while_one_is_in_progress(config):
    run_start(config=config, trigger=RunTrigger.USER, now=T0)

    with pytest.raises(RunRefused, match="déjà en cours"):
        run_start(config=config, trigger=RunTrigger.USER, now=T0 + dt.timedelta(minutes=5))


def test_a_run_left_running_by_a_dead_process_is_closed_as_interrupted(config):
    stale = make_sync_run(config, status=RunStatus.RUNNING, started_at=T0)

    run_start(config=config, trigger=RunTrigger.USER, now=T0 + dt.timedelta(hours=7))

    stale.refresh_from_db()
    assert stale.status == RunStatus.FAILED
    assert stale.error_message.startswith("Exécution interrompue")


def test_a_run_without_a_stored_password_fails_without_connecting(org):
    config = make_connector_config(org, host="127.0.0.1", port=closed_port())

    run = run_due_syncs(now=T0)[0]

    assert run.config == config
    assert run.error_message == "Aucun mot de passe n'est enregistré pour ce connecteur."


#
# The worker's timetable, on a frozen clock
#


def test_the_worker_runs_a_connector_once_per_interval(config):
    timetable = {
        minutes: len(run_due_syncs(now=T0 + dt.timedelta(minutes=minutes))) for minutes in (0, 1, 30, 59, 60, 61, 125)
    }

    assert timetable == {0: 1, 1: 0, 30: 0, 59: 0, 60: 1, 61: 0, 125: 1}
    assert [run.started_at for run in SyncRun.objects.order_by("started_at")] == [
        T0,
        T0 + dt.timedelta(minutes=60),
        T0 + dt.timedelta(minutes=125),
    ]
    assert set(SyncRun.objects.values_list("trigger", flat=True)) == {RunTrigger.SCHEDULE}


def test_the_worker_skips_a_disabled_connector(config):
    config.enabled = False
    config.save()

    assert run_due_syncs(now=T0) == []


def test_the_worker_waits_for_a_run_in_progress(config):
    make_sync_run(config, status=RunStatus.RUNNING, started_at=T0)

    assert run_due_syncs(now=T0 + dt.timedelta(hours=2)) == []
    # …until it is so old that its process must have died.
    assert len(run_due_syncs(now=T0 + dt.timedelta(hours=7))) == 1


def test_the_worker_serves_every_organisation(config, other_org):
    other = make_connector_config(other_org, host="127.0.0.1", port=closed_port())

    runs = run_due_syncs(now=T0)

    assert {run.config for run in runs} == {config, other}


def test_the_worker_command_queues_the_due_syncs_as_jobs_with_once(config):
    call_command("worker", "--once", stdout=StringIO())

    run = SyncRun.objects.get(config=config, trigger=RunTrigger.SCHEDULE)
    job = Job.objects.get(params__config_id=config.pk)
    assert (job.status, job.requested_by, job.result_url) == ("echoue", None, run.get_absolute_url())
    assert "GestSup injoignable" in job.message


def test_the_schedule_queues_no_second_job_while_one_waits(config):
    make_job(config.organisation, handler="connectors.sync", params={"config_id": config.pk}, status="en_attente")

    assert run_due_syncs(now=T0) == []
    assert not SyncRun.objects.exists()


#
# The sync command
#


def test_the_sync_command_reports_a_failure_in_french(config, org):
    with pytest.raises(CommandError, match="Échec : GestSup injoignable"):
        call_command("sync", "gestsup", "--org", org.slug, stdout=StringIO(), stderr=StringIO())

    assert SyncRun.objects.get().trigger == RunTrigger.COMMAND


def test_the_sync_command_names_an_unknown_organisation(db):
    with pytest.raises(CommandError, match="Organisation inconnue : « nulle-part »"):
        call_command("sync", "gestsup", "--org", "nulle-part")


def test_the_sync_command_names_a_missing_configuration(org):
    with pytest.raises(CommandError, match="Aucun connecteur gestsup n'est configuré"):
        call_command("sync", "gestsup", "--org", org.slug)
