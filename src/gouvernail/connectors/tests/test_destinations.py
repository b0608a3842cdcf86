"""Issue 13, item 9: where a connector may connect (GOUVERNAIL_CONNECTOR_ALLOWED_NETWORKS).

By default loopback, link-local and unspecified addresses are refused; the setting opens such
ranges again (the test settings open loopback for the fakes). Every network-level failure
reads the same, so that « tester la connexion » cannot map which ports are open."""

import socket

import pymysql
import pytest
from django.core.checks import Error, Warning
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from gouvernail.connectors import network
from gouvernail.connectors.checks import check_allowed_networks
from gouvernail.connectors.gestsup.client import diagnose
from gouvernail.connectors.http import SourceClient, SourceUnreachable
from gouvernail.connectors.tests.fakes.common import SECRET
from gouvernail.connectors.tests.test_source_pages import SCHEDULE, diagnosis_of
from gouvernail.connectors.tests.test_views import closed_port

pytestmark = pytest.mark.django_db

REFUSED_BY_DEFAULT = [
    "127.0.0.1",
    "127.8.9.10",
    "::1",
    "169.254.169.254",
    "fe80::1",
    "0.0.0.0",
    "::",
    "::ffff:127.0.0.1",
]
ALLOWED_BY_DEFAULT = ["10.0.0.5", "172.16.4.2", "192.168.1.10", "203.0.113.7", "2001:db8::1"]


@pytest.fixture
def default_policy(settings):
    """Production's default: nothing opened."""
    settings.GOUVERNAIL_CONNECTOR_ALLOWED_NETWORKS = []


@pytest.fixture
def short_bounds(monkeypatch):
    monkeypatch.setattr(network, "PROBE_TIMEOUT", 0.5)
    monkeypatch.setattr(network, "CONNECT_TIMEOUT", 0.5)


@pytest.fixture
def connections(monkeypatch):
    """Every TCP connection the connectors open, recorded."""
    opened = []
    real = socket.create_connection

    def recording(address, *args, **kwargs):
        opened.append(address)
        return real(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", recording)
    return opened


#
# The rule
#


@pytest.mark.parametrize("address", REFUSED_BY_DEFAULT)
def test_loopback_link_local_and_unspecified_addresses_are_refused_by_default(default_policy, address):
    assert network.is_refused(address)


@pytest.mark.parametrize("address", ALLOWED_BY_DEFAULT)
def test_private_and_public_addresses_are_allowed_by_default(default_policy, address):
    assert not network.is_refused(address)


def test_the_setting_opens_only_the_ranges_it_names(settings):
    settings.GOUVERNAIL_CONNECTOR_ALLOWED_NETWORKS = ["127.0.0.0/8"]

    assert not network.is_refused("127.0.0.1") and not network.is_refused("::ffff:127.0.0.1")
    assert network.is_refused("::1") and network.is_refused("169.254.169.254")


def test_the_setting_is_read_from_a_comma_separated_environment_variable(monkeypatch):
    from gouvernail import settings as production

    monkeypatch.setenv("GOUVERNAIL_CONNECTOR_ALLOWED_NETWORKS", " 127.0.0.0/8, ::1/128 ")

    assert production.env_list("GOUVERNAIL_CONNECTOR_ALLOWED_NETWORKS") == ["127.0.0.0/8", "::1/128"]


def test_a_name_is_refused_when_any_of_its_addresses_is_refused(default_policy, monkeypatch):
    def resolve(host, port, *args, **kwargs):
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.5", port)),
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port)),
        ]

    monkeypatch.setattr(socket, "getaddrinfo", resolve)

    with pytest.raises(network.DestinationRefused, match="127.0.0.1"):
        network.checked_addresses("double.example", 443)


def test_the_connection_goes_to_the_checked_address_without_resolving_the_name_again(monkeypatch, httpserver):
    # A rebinding DNS answers loopback (allowed here) first, then the metadata address.
    httpserver.expect_request("/status").respond_with_json({"ok": True})
    real = socket.getaddrinfo
    asked = []

    def rebinding(host, port, *args, **kwargs):
        if host != "rebind.example":
            return real(host, port, *args, **kwargs)
        asked.append(host)
        address = "127.0.0.1" if len(asked) == 1 else "169.254.169.254"
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)

    with SourceClient(f"http://rebind.example:{httpserver.port}") as client:
        assert client.get_json("/status") == {"ok": True}
    assert asked == ["rebind.example"]


def test_the_metadata_address_is_refused_without_any_connection(default_policy, connections, sleeps):
    with SourceClient("http://169.254.169.254", sleep=sleeps) as client, pytest.raises(SourceUnreachable) as error:
        client.get_json("/latest/meta-data/")

    assert connections == []
    assert str(error.value) == "source injoignable : aucune connexion n'a pu être établie avec le serveur."


def test_gestsup_refuses_a_loopback_server_by_default_without_connecting(default_policy, monkeypatch):
    def never(**settings):
        raise AssertionError("no connection may be opened")

    monkeypatch.setattr(pymysql, "connect", never)

    diagnosis = diagnose(host="localhost", port=3306, database="gestsup", user="lecture", password=SECRET)

    assert not diagnosis.ok and diagnosis.message.startswith("GestSup injoignable : aucune connexion")


#
# One message for every network failure, on the page
#


def nextcloud_test(editor, url: str) -> str:
    data = {"url": url, "user": "admin", "password": SECRET, **SCHEDULE, "action": "test"}
    return diagnosis_of(editor.post("/collecte/nextcloud/", data))


def gestsup_test(editor, host: str, port: int) -> str:
    data = {
        "host": host,
        "port": port,
        "database": "gestsup",
        "user": "lecture",
        "password": SECRET,
        "timezone": "Europe/Paris",
        **SCHEDULE,
        "full_every": 24,
        "action": "test",
    }
    return diagnosis_of(editor.post("/collecte/gestsup/", data))


def test_by_default_a_referent_cannot_tell_an_open_port_from_a_closed_or_silent_one_on_loopback(
    org, editor, default_policy, httpserver, silent_server
):
    httpserver.expect_request("/ocs/v2.php/apps/serverinfo/api/v1/info").respond_with_json({})
    ports = [httpserver.port, closed_port(), silent_server.port]

    nextcloud = {nextcloud_test(editor, f"http://127.0.0.1:{port}") for port in ports}
    gestsup = {gestsup_test(editor, "127.0.0.1", port) for port in ports}

    assert nextcloud == {
        "danger: Nextcloud injoignable : aucune connexion n'a pu être établie avec le serveur. "
        + network.UNREACHABLE_ADVICE
    }
    assert gestsup == {
        "danger: GestSup injoignable : aucune connexion n'a pu être établie avec le serveur. "
        + network.UNREACHABLE_ADVICE
    }
    assert not httpserver.log and not silent_server.accepted


def test_a_closed_port_a_silent_port_and_an_unknown_name_read_the_same_where_loopback_is_allowed(
    org, editor, silent_server, short_bounds
):
    urls = [f"http://127.0.0.1:{closed_port()}", silent_server.url, "http://nulle-part.invalid"]

    nextcloud = {nextcloud_test(editor, url) for url in urls}
    gestsup = {
        gestsup_test(editor, host, port)
        for host, port in [
            ("127.0.0.1", closed_port()),
            ("127.0.0.1", silent_server.port),
            ("nulle-part.invalid", 3306),
        ]
    }

    assert len(nextcloud) == 1 and len(gestsup) == 1
    assert silent_server.accepted, "the silent port was reached here: loopback is allowed"


#
# System checks
#


def test_a_malformed_allowed_network_is_reported_by_a_system_check(settings):
    settings.GOUVERNAIL_CONNECTOR_ALLOWED_NETWORKS = ["127.0.0.0/8", "localhost", "10.0.0.0/33"]

    messages = check_allowed_networks()

    assert [(type(message), message.id) for message in messages] == [(Error, "connectors.E002")] * 2
    assert "« localhost » n'est pas un réseau CIDR" in messages[0].msg
    with pytest.raises(SystemCheckError):
        call_command("check", stdout=None)


def test_a_setting_that_is_not_a_list_is_reported_by_a_system_check(settings):
    settings.GOUVERNAIL_CONNECTOR_ALLOWED_NETWORKS = 127

    assert [message.id for message in check_allowed_networks()] == ["connectors.E001"]


def test_a_setting_opening_every_address_is_warned_about(settings):
    settings.GOUVERNAIL_CONNECTOR_ALLOWED_NETWORKS = ["0.0.0.0/0"]

    messages = check_allowed_networks()

    assert [(type(message), message.id) for message in messages] == [(Warning, "connectors.W001")]


def test_the_test_settings_pass_the_system_check():
    assert check_allowed_networks() == []
