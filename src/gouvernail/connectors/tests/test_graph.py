from datetime import date

import pytest

from gouvernail.connectors.graph.auth import GRAPH_SCOPE, MsalTokenProvider, StaticTokenProvider
from gouvernail.connectors.graph.client import GraphClient
from gouvernail.connectors.graph.mapper import map_device, map_users
from gouvernail.connectors.http import (
    AuthenticationRefused,
    ServerError,
    SourceTimeout,
    SourceUnreachable,
    UnexpectedResponse,
)
from gouvernail.connectors.tests.conftest import assert_secret_absent
from gouvernail.connectors.tests.fakes.common import SECRET
from gouvernail.connectors.tests.fakes.graph import ACCESS_TOKEN, CLIENT_ID, TENANT, FakeGraph
from gouvernail.inventory.choices import OsClass


def user(n, *, enabled=True, department="Finances", sign_in=None, guest=False):
    item = {
        "id": f"u{n}",
        "displayName": f"Agent {n}",
        "userPrincipalName": f"Agent{n}@mairie.example",
        "mail": None if n == 0 else f"agent{n}@mairie.example",
        "accountEnabled": enabled,
        "department": department,
        "userType": "Guest" if guest else "Member",
        "mobilePhone": "+33 6 00 00 00 00",
    }
    if sign_in is not None:
        item["signInActivity"] = sign_in
    return item


USERS = [
    user(
        0,
        sign_in={
            "lastSignInDateTime": "2026-11-02T08:00:00Z",
            "lastSuccessfulSignInDateTime": None,
            "lastNonInteractiveSignInDateTime": "2026-11-20T07:59:59.1234567Z",
        },
    ),
    user(
        1,
        sign_in={"lastSignInDateTime": "2026-11-25T08:00:00Z", "lastSuccessfulSignInDateTime": "2026-11-24T08:00:00Z"},
    ),
    user(2, enabled=False, department="Urbanisme"),
    user(3, department=None, guest=True, sign_in=None),
    user(4, sign_in={"lastSignInDateTime": "2026-10-01T08:00:00Z", "unknownNewField": 1}),
]
REGISTRATIONS = [
    {
        "id": f"u{n}",
        "userPrincipalName": f"agent{n}@mairie.example",
        "userDisplayName": f"Agent {n}",
        "userType": "member",
        "isAdmin": False,
        "isMfaRegistered": n % 2 == 1,
        "isMfaCapable": n % 2 == 1,
        "methodsRegistered": ["microsoftAuthenticatorPush"] if n % 2 else [],
        "lastUpdatedDateTime": "2026-11-01T00:00:00Z",
    }
    for n in range(5)
]
DEVICES = [
    {
        "id": "d1",
        "deviceName": "PC-COMPTA-01",
        "operatingSystem": "Windows",
        "osVersion": "10.0.22631.4317",
        "complianceState": "compliant",
        "lastSyncDateTime": "2026-11-27T22:10:00Z",
        "serialNumber": "5CG1234XYZ",
        "model": "EliteBook 840",
        "manufacturer": "HP",
        "isEncrypted": True,
        "managedDeviceOwnerType": "company",
        "azureADDeviceId": "aaaa-bbbb",
        "userPrincipalName": "agent1@mairie.example",
    },
    {
        "id": "d2",
        "deviceName": "PC-URBA-02",
        "operatingSystem": "Windows",
        "osVersion": "10.0.19045.5011",
        "complianceState": "noncompliant",
        "lastSyncDateTime": "0001-01-01T00:00:00Z",
        "serialNumber": "0",
        "isEncrypted": False,
        "managedDeviceOwnerType": "company",
        "azureADDeviceId": "00000000-0000-0000-0000-000000000000",
    },
    {
        "id": "d3",
        "deviceName": "iPhone de l'accueil",
        "operatingSystem": "iOS",
        "osVersion": "18.1",
        "complianceState": "inGracePeriod",
        "serialNumber": "F2LXK0ABCD",
        "managedDeviceOwnerType": "personal",
    },
]


@pytest.fixture
def graph(httpserver):
    return FakeGraph(httpserver, users=USERS, registrations=REGISTRATIONS, devices=DEVICES).install()


def client_for(fake, sleeps, *, token=ACCESS_TOKEN, timeout=5.0):
    return GraphClient(token_provider=StaticTokenProvider(token), base_url=fake.url, sleep=sleeps, timeout=timeout)


def test_it_pages_users_and_joins_mfa_registration(graph, sleeps):
    with client_for(graph, sleeps) as client:
        users = client.users()
        registrations = client.registration_details()
    assert users.sign_in_available and len(users.items) == 5
    assert [r.args.get("$skiptoken") for r in graph.requests if r.path == "/v1.0/users"] == [None, "2", "4"]
    mapped = {u.remote_id: u for u in map_users(users.items, registrations, sign_in_available=True)}
    assert mapped["u0"].email == "agent0@mairie.example"  # no mail: the UPN, lower-cased
    assert mapped["u0"].last_sign_in == date(2026, 11, 20)  # latest attempt before the field existed
    assert mapped["u1"].last_sign_in == date(2026, 11, 24)  # the successful one wins
    assert mapped["u2"].enabled is False and mapped["u2"].last_sign_in is None
    assert mapped["u3"].is_guest and mapped["u3"].department == ""
    assert [mapped[f"u{n}"].mfa_registered for n in range(5)] == [False, True, False, True, False]
    assert "mobilePhone" not in graph.requests[0].args["$select"]
    assert graph.requests[0].args["$top"] == "120"  # Graph's ceiling once signInActivity is selected


def test_without_premium_licence_users_come_without_sign_ins(httpserver, sleeps):
    fake = FakeGraph(httpserver, users=USERS, registrations=REGISTRATIONS, premium=False).install()
    with client_for(fake, sleeps) as client:
        users = client.users()
        registrations = client.registration_details()
    assert not users.sign_in_available and len(users.items) == 5
    assert registrations is None
    mapped = map_users(users.items, registrations, sign_in_available=False)
    assert all(u.last_sign_in is None and not u.sign_in_known and u.mfa_registered is None for u in mapped)
    assert [u.enabled for u in mapped] == [True, True, False, True, True]


def test_it_maps_intune_devices_to_fleet_facts(graph, sleeps):
    with client_for(graph, sleeps) as client:
        devices = [map_device(item) for item in client.managed_devices()]
    first, second, phone = devices
    assert (first.serial, first.os_class, first.compliance, first.encrypted) == (
        "5CG1234XYZ",
        OsClass.WINDOWS_11,
        "compliant",
        True,
    )
    assert first.last_sync.isoformat() == "2026-11-27T22:10:00+00:00"
    assert (second.serial, second.os_class, second.last_sync, second.entra_device_id) == (
        "",
        OsClass.WINDOWS_10,
        None,
        "",
    )
    assert phone.personal and phone.os_class == OsClass.OTHER and phone.model == ""
    assert not hasattr(first, "user") and "agent1" not in repr(devices)


def test_a_bad_token_is_refused(graph, sleeps, all_logs):
    with client_for(graph, sleeps, token="faux-" + SECRET) as client, pytest.raises(AuthenticationRefused) as refused:
        client.managed_devices()
    assert refused.value.code == "InvalidAuthenticationToken" and refused.value.status == 401
    assert_secret_absent(all_logs, refused.value, secret="faux-" + SECRET)


def test_throttling_mid_paging_is_honoured(graph, sleeps):
    graph.faults.add("users:2", "throttle", times=1, retry_after="11")
    graph.faults.add("users:3", "throttle", times=1, retry_after=None)
    with client_for(graph, sleeps) as client:
        assert len(client.users().items) == 5
    assert sleeps.delays == [11.0, 5.0]  # no Retry-After: a default pause


def test_a_server_error_mid_paging_fails_the_list(graph, sleeps):
    graph.faults.add("managedDevices:2", "error", times=2, status=503)
    with client_for(graph, sleeps) as client, pytest.raises(ServerError, match="managedDevices"):
        client.managed_devices()


def test_a_slow_graph_times_out(graph, sleeps):
    graph.faults.add("users:1", "slow", delay=0.6)
    with client_for(graph, sleeps, timeout=0.2) as client, pytest.raises(SourceTimeout):
        client.users()


def test_bad_json_and_a_missing_value_list_are_unexpected(httpserver, graph, sleeps):
    graph.faults.add("managedDevices:1", "bad_json")
    with client_for(graph, sleeps) as client, pytest.raises(UnexpectedResponse, match="JSON"):
        client.managed_devices()


def test_a_next_link_to_another_host_is_not_followed(httpserver, sleeps):
    httpserver.expect_request("/v1.0/users").respond_with_json(
        {"value": [], "@odata.nextLink": "https://attaquant.example/v1.0/users?$skiptoken=x"}
    )
    client = GraphClient(
        token_provider=StaticTokenProvider(ACCESS_TOKEN), base_url=httpserver.url_for("/"), sleep=sleeps
    )
    with client, pytest.raises(UnexpectedResponse, match="autre serveur"):
        client.users()


# --- The real msal token provider, against a fake Entra ID over loopback TLS ---------------


def provider(entra, *, secret=SECRET, client_id=CLIENT_ID, tenant=TENANT):
    return MsalTokenProvider(
        tenant_id=tenant,
        client_id=client_id,
        client_secret=secret,
        authority_host=entra.authority_host,
        verify=entra.cert,
        instance_discovery=False,
        timeout=5,
    )


def test_msal_gets_an_app_only_token_that_graph_accepts(entra, graph, sleeps, all_logs):
    tokens = provider(entra)
    with GraphClient(token_provider=tokens, base_url=graph.url, sleep=sleeps) as client:
        assert len(client.managed_devices()) == 3
        client.users()
    request = entra.token_requests[0]
    assert (request["grant_type"], request["client_id"], request["scope"]) == (
        "client_credentials",
        CLIENT_ID,
        GRAPH_SCOPE,
    )
    assert len(entra.token_requests) == 1  # cached across the four Graph calls
    assert_secret_absent(all_logs)


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"secret": "expire-" + SECRET}, "invalid_client AADSTS7000215"),
        ({"client_id": "99999999-0000-0000-0000-000000000000"}, "unauthorized_client AADSTS700016"),
        ({"tenant": "inconnu"}, "tenant"),
    ],
)
def test_entra_refusals_are_french_and_keep_the_secret(entra, all_logs, options, expected):
    with pytest.raises(AuthenticationRefused) as refused:
        provider(entra, **options).token()
    assert refused.value.code == expected
    assert str(refused.value).startswith("Microsoft Entra ID")
    assert_secret_absent(all_logs, refused.value)
    assert_secret_absent(all_logs, refused.value, secret="expire-" + SECRET)


def test_an_untrusted_certificate_is_not_accepted(entra):
    tokens = MsalTokenProvider(
        tenant_id=TENANT,
        client_id=CLIENT_ID,
        client_secret=SECRET,
        authority_host=entra.authority_host,
        instance_discovery=False,
        timeout=5,
    )
    with pytest.raises(SourceUnreachable):
        tokens.token()
