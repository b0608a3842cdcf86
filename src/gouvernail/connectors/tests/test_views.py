"""The connector pages: configuration, « tester la connexion », « synchroniser maintenant »,
the run log and the live progress fragment."""

import datetime as dt
import socket

import pytest
from django.core.cache import cache

from gouvernail.connectors.choices import RunStatus
from gouvernail.connectors.models import ConnectorConfig, ConnectorSecret, SyncRun
from gouvernail.connectors.runner import _progress_key, config_password_set
from gouvernail.core.choices import Role
from gouvernail.core.models import JournalEntry
from gouvernail.jobs.models import Job
from gouvernail.testing.factories.connectors import make_connector_config, make_sync_run

pytestmark = pytest.mark.django_db

PASSWORD = "Lecture-GestSup-2026!"


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def form_data(**overrides) -> dict:
    return {
        "host": "127.0.0.1",
        "port": closed_port(),
        "database": "gestsup",
        "user": "lecture",
        "password": PASSWORD,
        "table_prefix": "",
        "timezone": "Europe/Paris",
        "interval_minutes": 60,
        "full_every": 24,
        "enabled": "on",
        "action": "save",
        **overrides,
    }


@pytest.fixture
def config(org):
    config = make_connector_config(org, host="127.0.0.1", port=closed_port())
    config_password_set(config=config, password=PASSWORD)
    return config


def test_saving_the_configuration_encrypts_the_password_and_journals_the_rest(org, editor):
    response = editor.post("/collecte/gestsup/", form_data())

    assert response.status_code == 302
    config = ConnectorConfig.objects.get(organisation=org)
    assert config.user == "lecture"
    assert PASSWORD not in ConnectorSecret.objects.get(config=config).value_encrypted
    entry = JournalEntry.objects.get(organisation=org, content_type__model="connectorconfig", action="+")
    assert entry.user_label == f"{Role.REFERENT_SI}@test.example"
    assert PASSWORD not in str(entry.changes)
    secret = JournalEntry.objects.get(organisation=org, content_type__model="connectorconfig", action="~")
    assert secret.changes == {"Secret « mot de passe »": [None, "nouvelle valeur (non journalisée)"]}


def test_the_password_is_never_shown_back(org, editor, config):
    page = editor.get("/collecte/gestsup/").content.decode()

    assert PASSWORD not in page
    assert 'name="password"' in page
    assert 'value="' + PASSWORD not in page


def test_an_empty_password_keeps_the_stored_one_while_the_destination_is_unchanged(org, editor, config):
    before = ConnectorSecret.objects.get(config=config).value_encrypted

    editor.post("/collecte/gestsup/", form_data(password="", port=config.port, interval_minutes=30))

    config.refresh_from_db()
    assert config.interval_minutes == 30
    assert ConnectorSecret.objects.get(config=config).value_encrypted == before


def test_a_first_configuration_needs_a_password(org, editor):
    response = editor.post("/collecte/gestsup/", form_data(password=""))

    assert response.context["form"].errors["password"] == [
        "Le champ « mot de passe » est obligatoire pour la première configuration."
    ]
    assert not ConnectorConfig.objects.exists()


def test_an_unknown_time_zone_is_refused(org, editor):
    response = editor.post("/collecte/gestsup/", form_data(timezone="Europe/Bilurien"))

    assert response.context["form"].errors["timezone"] == [
        "Fuseau horaire inconnu : « Europe/Bilurien » (exemple : Europe/Paris)."
    ]


def test_testing_the_connection_shows_the_diagnosis_without_saving(org, editor):
    data = form_data(action="test")

    response = editor.post("/collecte/gestsup/", data)

    assert response.status_code == 200
    page = response.content.decode()
    assert "GestSup injoignable : aucune connexion n&#x27;a pu être établie avec le serveur." in page
    assert PASSWORD not in page
    assert not ConnectorConfig.objects.exists()


def test_an_auditor_reads_the_run_log_but_not_the_settings(org, client_for, config):
    client = client_for(Role.AUDITEUR)

    page = client.get("/collecte/gestsup/")
    posted = client.post("/collecte/gestsup/", form_data(database="autre"))
    synced = client.post("/collecte/gestsup/synchroniser/")
    log = client.get("/collecte/executions/")

    assert (page.status_code, posted.status_code, synced.status_code, log.status_code) == (403, 403, 403, 200)
    assert 'href="/collecte/gestsup/"' not in log.content.decode()
    assert 'href="/collecte/executions/"' in log.content.decode()
    assert not SyncRun.objects.exists()


def test_sync_now_starts_a_job_and_opens_its_page_which_links_to_the_run(org, editor, config):
    response = editor.post("/collecte/gestsup/synchroniser/", {"full": "1"})

    run, job = SyncRun.objects.get(), Job.objects.get()
    assert response["Location"] == f"/traitements/{job.pk}/"
    assert (run.trigger, run.full, run.triggered_by.email) == ("utilisateur", True, f"{Role.REFERENT_SI}@test.example")
    assert (job.kind, job.status, job.requested_by, job.result_url) == (
        "synchronisation",
        "echoue",
        run.triggered_by,
        f"/collecte/executions/{run.pk}/",
    )
    page = editor.get(response["Location"]).content.decode()
    assert "Échoué" in page and "GestSup injoignable" in page
    run_page = editor.get(job.result_url).content.decode()
    assert "Échouée" in run_page and "GestSup injoignable" in run_page


def test_sync_now_is_refused_while_a_run_is_in_progress(org, editor, config):
    make_sync_run(config, status=RunStatus.RUNNING)

    response = editor.post("/collecte/gestsup/synchroniser/", follow=True)

    assert "Une synchronisation de ce connecteur est déjà en cours." in response.content.decode()
    assert SyncRun.objects.count() == 1


def test_the_progress_fragment_polls_while_the_run_is_running(org, editor, config):
    run = make_sync_run(config, status=RunStatus.RUNNING)
    cache.set(_progress_key(run.pk), (1500, 6000))

    fragment = editor.get(f"/collecte/executions/{run.pk}/progression/", HTTP_HX_REQUEST="true").content.decode()

    assert 'hx-trigger="every 2s"' in fragment
    assert f'hx-get="/collecte/executions/{run.pk}/progression/"' in fragment
    assert "1500 tickets lus sur 6000" in fragment
    assert 'aria-valuenow="25"' in fragment


def test_the_progress_fragment_stops_polling_once_the_run_has_ended(org, editor, config):
    run = make_sync_run(
        config, status=RunStatus.SUCCEEDED, finished_at=dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), created_count=42
    )

    fragment = editor.get(f"/collecte/executions/{run.pk}/progression/").content.decode()

    assert "hx-get" not in fragment
    assert "42 créés" in fragment


def test_the_page_shows_the_last_success_and_keeps_it_after_a_failure(org, editor, config):
    success = dt.datetime(2026, 3, 2, 7, 15, tzinfo=dt.UTC)
    make_sync_run(config, status=RunStatus.SUCCEEDED, started_at=success, finished_at=success)
    make_sync_run(
        config,
        status=RunStatus.FAILED,
        started_at=success + dt.timedelta(hours=1),
        finished_at=success + dt.timedelta(hours=1),
        error_message="La connexion au serveur GestSup a été coupée pendant la lecture.",
    )

    page = editor.get("/collecte/gestsup/").content.decode()

    assert "Dernière synchronisation réussie le 02/03/2026 à 08:15." in page
    assert "a échoué : La connexion au serveur GestSup a été coupée pendant la lecture." in page
    assert "Les données affichées restent celles de la synchronisation réussie du 02/03/2026 à 08:15." in page


def test_the_run_log_lists_only_the_organisations_runs(org, other_org, client_for, config):
    mine = make_sync_run(config)
    make_sync_run(make_connector_config(other_org))

    response = client_for(Role.AUDITEUR).get("/collecte/executions/")

    assert list(response.context["table"].data) == [mine]


def test_an_unknown_source_is_not_found(editor):
    assert editor.get("/collecte/inconnue/").status_code == 404
