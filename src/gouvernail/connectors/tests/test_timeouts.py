"""Issue 13, item 8: a source that accepts the connection and never answers (a PostgreSQL or
MQTT port, a hung server) costs « tester la connexion » a few seconds and a French sentence,
never a held worker nor a 500; a sync fails the same way instead of hanging."""

import html
import time

import pytest

from gouvernail.connectors import network
from gouvernail.connectors.choices import ConnectorKind, RunStatus, RunTrigger
from gouvernail.connectors.gestsup.client import GestsupClient, diagnose
from gouvernail.connectors.http import SourceClient, SourceTimeout
from gouvernail.connectors.models import ConnectorConfig
from gouvernail.connectors.runner import config_password_set, config_test, run_execute, run_start
from gouvernail.connectors.tests.fakes.common import SECRET
from gouvernail.connectors.tests.test_source_pages import SCHEDULE, diagnosis_of
from gouvernail.testing.factories.connectors import make_connector_config

pytestmark = pytest.mark.django_db

SILENT = "injoignable : aucune connexion n'a pu être établie avec le serveur."
# What « a few seconds » means for a probe: the bound below is a margin over PROBE_TIMEOUT.
FEW_SECONDS = 10


@pytest.fixture
def short_bounds(monkeypatch):
    """The timeouts of `connectors.network`, shortened so that the suite does not wait."""
    monkeypatch.setattr(network, "PROBE_TIMEOUT", 0.5)
    monkeypatch.setattr(network, "CONNECT_TIMEOUT", 0.5)


def gestsup_data(port: int, **overrides) -> dict:
    return {
        "host": "127.0.0.1",
        "port": port,
        "database": "gestsup",
        "user": "lecture",
        "password": SECRET,
        "timezone": "Europe/Paris",
        "interval_minutes": 60,
        "full_every": 24,
        "enabled": "on",
        "action": "test",
        **overrides,
    }


def test_the_bounds_of_a_probe_are_a_few_seconds():
    assert network.CONNECT_TIMEOUT <= 5 and network.PROBE_TIMEOUT <= 5


def test_testing_gestsup_on_a_port_that_never_answers_says_so_in_french_within_seconds(org, editor, silent_server):
    started = time.monotonic()

    response = editor.post("/collecte/gestsup/", gestsup_data(silent_server.port))

    elapsed = time.monotonic() - started
    assert response.status_code == 200
    assert elapsed < FEW_SECONDS
    assert diagnosis_of(response).startswith(f"danger: GestSup {SILENT}")
    assert silent_server.accepted, "the port was reached: the wait is the handshake's"
    assert SECRET not in html.unescape(response.content.decode())


def test_testing_nextcloud_on_a_port_that_never_answers_says_so_in_french_within_seconds(org, editor, silent_server):
    data = {"url": silent_server.url, "user": "admin", "password": SECRET, **SCHEDULE, "action": "test"}
    started = time.monotonic()

    response = editor.post("/collecte/nextcloud/", data)

    assert time.monotonic() - started < FEW_SECONDS
    assert response.status_code == 200
    assert diagnosis_of(response).startswith(f"danger: Nextcloud {SILENT}")
    assert not ConnectorConfig.objects.exists()


@pytest.mark.parametrize("kind", [ConnectorKind.GLPI, ConnectorKind.GOPHISH])
def test_every_http_source_probe_gives_up_on_a_silent_port_within_its_bound(org, silent_server, short_bounds, kind):
    config = make_connector_config(org, kind=kind, url=silent_server.url)
    started = time.monotonic()

    diagnosis = config_test(config=config, secrets={"password": SECRET})

    assert time.monotonic() - started < 3
    assert not diagnosis.ok and SILENT in diagnosis.message


def test_a_gestsup_sync_against_a_silent_port_fails_in_french_instead_of_hanging(org, silent_server, short_bounds):
    config = make_connector_config(org, host="127.0.0.1", port=silent_server.port)
    config_password_set(config=config, password=SECRET)
    run = run_start(config=config, trigger=RunTrigger.USER)
    started = time.monotonic()

    run = run_execute(run)

    assert time.monotonic() - started < 3
    assert run.status == RunStatus.FAILED
    assert run.error_message.startswith(f"GestSup {SILENT}")


def test_the_gestsup_client_bounds_its_handshake_but_not_a_long_read(short_bounds):
    client = GestsupClient(host="127.0.0.1", port=3306, database="g", user="u", password="p")

    assert client._settings["connect_timeout"] == 0.5
    assert client._settings["read_timeout"] == client._settings["write_timeout"] == 0.5
    assert client.read_timeout == 600


def test_a_gestsup_probe_on_a_silent_port_is_a_diagnosis_not_an_exception(silent_server, short_bounds):
    diagnosis = diagnose(host="127.0.0.1", port=silent_server.port, database="g", user="u", password="p")

    assert not diagnosis.ok and diagnosis.message.startswith(f"GestSup {SILENT}")


def test_an_http_client_waits_no_longer_than_the_connect_bound_to_open_a_connection():
    client = SourceClient("http://127.0.0.1:9", timeout=60)

    assert client._http.timeout.connect == network.CONNECT_TIMEOUT
    assert client._http.timeout.read == 60
    client.close()


def test_an_answer_that_never_comes_is_a_timeout_said_like_any_network_failure(silent_server, sleeps):
    with SourceClient(silent_server.url, timeout=0.3, sleep=sleeps) as client, pytest.raises(SourceTimeout) as error:
        client.get_json("/status")

    assert str(error.value) == f"source {SILENT}"


def test_testing_a_throttled_source_does_not_wait_for_its_retry_after(org, httpserver, sleeps):
    httpserver.expect_request("/api/campaigns/summary").respond_with_json(
        {}, status=429, headers={"Retry-After": "120"}
    )
    config = make_connector_config(org, kind=ConnectorKind.GOPHISH, url=httpserver.url_for("/").rstrip("/"))

    diagnosis = config_test(config=config, secrets={"password": SECRET}, client_options={"sleep": sleeps})

    assert not diagnosis.ok and "limite les appels" in diagnosis.message
    assert sleeps.delays == []
