from datetime import UTC, date, datetime

import pytest

from gouvernail.connectors.antivirus.client import DefenderClient
from gouvernail.connectors.antivirus.exports import ExportError, parse_export
from gouvernail.connectors.antivirus.mapper import latest_per_host, map_machine
from gouvernail.connectors.graph.auth import DEFENDER_SCOPE, MsalTokenProvider, StaticTokenProvider
from gouvernail.connectors.http import AuthenticationRefused, ServerError, SourceTimeout, UnexpectedResponse
from gouvernail.connectors.tests.conftest import assert_secret_absent
from gouvernail.connectors.tests.fakes.common import SECRET
from gouvernail.connectors.tests.fakes.defender import FakeDefender, machine
from gouvernail.connectors.tests.fakes.graph import ACCESS_TOKEN, CLIENT_ID, TENANT
from gouvernail.inventory.choices import AntivirusStatus as AV
from gouvernail.inventory.choices import OsClass

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
MACHINES = [
    machine(1),
    machine(2, platform="Windows10", build=19045, last_seen="2026-11-01T08:00:00Z"),
    machine(3, platform="WindowsServer2025", build=26100, health="ImpairedCommunication"),
    machine(4, onboarding="CanBeOnboarded", health="Unknown"),
    machine(5, host="PC-001.mairie.local", last_seen="2026-10-01T08:00:00Z"),  # re-onboarded duplicate
]


@pytest.fixture
def fake(httpserver):
    return FakeDefender(httpserver, MACHINES).install()


def client_for(fake, sleeps, *, token=ACCESS_TOKEN, timeout=5.0):
    return DefenderClient(token_provider=StaticTokenProvider(token), base_url=fake.url, sleep=sleeps, timeout=timeout)


@pytest.mark.parametrize("next_links", [False, True])
def test_it_pages_machines_and_derives_protection(httpserver, sleeps, next_links):
    fake = FakeDefender(httpserver, MACHINES, next_links=next_links).install()
    with client_for(fake, sleeps) as client:
        facts = latest_per_host(map_machine(item, now=NOW) for item in client.machines(page_size=2))
    assert [r.args.get("$skip") for r in fake.requests] == [None, "2", "4"]
    by_host = {fact.hostname: fact for fact in facts}
    assert list(by_host) == ["pc-001", "pc-002", "pc-003", "pc-004"]
    assert by_host["pc-001"].last_seen == date(2026, 11, 27)  # the duplicate seen earlier is dropped
    assert [by_host[h].status for h in by_host] == [AV.UP_TO_DATE, AV.UNKNOWN, AV.UNKNOWN, AV.DISABLED]
    assert [by_host[h].os_class for h in by_host] == [
        OsClass.WINDOWS_11,
        OsClass.WINDOWS_10,
        OsClass.OTHER,
        OsClass.WINDOWS_11,
    ]
    assert by_host["pc-001"].os_version == "10.0.22631" and by_host["pc-001"].fqdn == "pc-001.mairie.local"
    assert "10.0.0.12" not in repr(facts)


def test_a_wrong_token_is_refused(fake, sleeps, all_logs):
    with client_for(fake, sleeps, token="x" + SECRET) as client, pytest.raises(AuthenticationRefused) as refused:
        list(client.machines())
    assert refused.value.code == "Unauthorized" and "/api/machines" in str(refused.value)
    assert_secret_absent(all_logs, refused.value, secret="x" + SECRET)


def test_msal_asks_for_the_defender_resource(entra, fake, sleeps, all_logs):
    tokens = MsalTokenProvider(
        tenant_id=TENANT,
        client_id=CLIENT_ID,
        client_secret=SECRET,
        scope=DEFENDER_SCOPE,
        authority_host=entra.authority_host,
        verify=entra.cert,
        instance_discovery=False,
    )
    with DefenderClient(token_provider=tokens, base_url=fake.url, sleep=sleeps) as client:
        assert len(list(client.machines())) == 5
    assert entra.token_requests[0]["scope"] == DEFENDER_SCOPE
    assert_secret_absent(all_logs)


def test_throttling_waits_as_asked(fake, sleeps):
    fake.faults.add("machines:2", "throttle", retry_after="60")
    with client_for(fake, sleeps) as client:
        assert len(list(client.machines(page_size=2))) == 5
    assert sleeps.delays == [60.0]


def test_a_500_mid_paging_fails(fake, sleeps):
    fake.faults.add("machines:3", "error", times=2)
    with client_for(fake, sleeps) as client, pytest.raises(ServerError):
        list(client.machines(page_size=2))


def test_timeout_and_bad_json(fake, sleeps):
    fake.faults.add("machines:1", "slow", delay=0.6)
    with client_for(fake, sleeps, timeout=0.2) as client, pytest.raises(SourceTimeout):
        list(client.machines())
    fake.faults.add("machines:1", "bad_json")
    with client_for(fake, sleeps) as client, pytest.raises(UnexpectedResponse):
        list(client.machines())


# --- CSV exports ----------------------------------------------------------------------------

INTUNE = (
    "DeviceId,DeviceName,DeviceState,PendingFullScan,MalwareProtectionEnabled,RealTimeProtectionEnabled,"
    "SignatureUpdateOverdue,EngineVersion,LastReportedDateTime,UPN,UserEmail,UserName\n"
    "d1,PC-001,Clean,False,True,True,False,1.1.24,2026-11-27 08:00:00.0000000,a@m.fr,a@m.fr,Agent A\n"
    "d2,PC-002,Clean,False,True,True,True,1.1.24,2026-11-20 08:00:00.0000000,b@m.fr,b@m.fr,Agent B\n"
    "d3,PC-003,Critical,False,True,False,False,1.1.24,,c@m.fr,c@m.fr,Agent C\n"
)
ESET_FR = (
    "Nom de l'ordinateur;Système d'exploitation;Produit de sécurité;Dernière connexion;Statut de protection\n"
    "PC-010.mairie.local;Windows 11 Professionnel;ESET Endpoint Security;27/11/2026 08:15;Protégé\n"
    "PC-011;Windows 10 Professionnel;ESET Endpoint Security;02/10/2026;Obsolète\n"
    "\n"
    "PC-012;;ESET Endpoint Security;;Non protégé\n"
)
BITDEFENDER = "Endpoint Name,FQDN,Last Seen,Status,Extra column\nSRV-01,srv-01.mairie.local,2026-11-27,Managed,x\n"


def test_it_reads_intune_defender_agents_report():
    facts = parse_export(INTUNE.encode())
    assert [(f.hostname, f.status) for f in facts] == [
        ("pc-001", AV.UP_TO_DATE),
        ("pc-002", AV.OUTDATED),
        ("pc-003", AV.DISABLED),
    ]
    assert facts[0].product == "Microsoft Defender Antivirus" and facts[0].last_seen == date(2026, 11, 27)
    assert facts[2].last_seen is None
    assert "Agent" not in repr(facts) and "a@m.fr" not in repr(facts)


def test_it_reads_a_french_eset_export_in_windows_1252():
    facts = parse_export(ESET_FR.encode("cp1252"))
    assert [(f.hostname, f.status, f.last_seen) for f in facts] == [
        ("pc-010", AV.UP_TO_DATE, date(2026, 11, 27)),
        ("pc-011", AV.OUTDATED, date(2026, 10, 2)),
        ("pc-012", AV.DISABLED, None),
    ]
    assert facts[0].product == "ESET Endpoint Security" and facts[0].os_class == OsClass.WINDOWS_11


def test_a_bitdefender_export_takes_the_product_from_the_caller():
    (fact,) = parse_export(BITDEFENDER, product="Bitdefender GravityZone")
    assert (fact.hostname, fact.product, fact.status) == ("srv-01", "Bitdefender GravityZone", AV.UP_TO_DATE)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("Produit;Statut\nESET;Protégé\n", "Ligne 1 : aucune colonne ne donne le nom de la machine"),
        ("Hostname;Last seen\nPC-1;hier\n", "Ligne 2, colonne « Last seen » : date illisible « hier »"),
        ("Hostname;Status\nPC-1;OK\nPC-2;peut-être\n", "Ligne 3, colonne « Status » : état « peut-être » non reconnu"),
        ("Hostname;Status\n;OK\n", "Ligne 2, colonne « Hostname » : le nom de la machine est vide"),
        (
            INTUNE.replace("True,True,False,1.1.24,2026-11-27", "True,Peut-être,False,1.1.24,2026-11-27"),
            "Ligne 2, colonne « RealTimeProtectionEnabled » : « Peut-être » n'est ni vrai ni faux",
        ),
        ("", "Le fichier est vide"),
    ],
)
def test_an_unreadable_export_is_refused_with_line_and_column(content, message):
    with pytest.raises(ExportError) as error:
        parse_export(content)
    assert message in str(error.value)


def test_a_sparse_machine_record_degrades_without_failing(httpserver, sleeps):
    sparse = {
        "id": "old1",
        "computerDnsName": "MAIRIE\\PC-ANCIEN",
        "osPlatform": "Windows10",
        "healthStatus": "Active",
        "onboardingStatus": "Onboarded",
    }
    fake = FakeDefender(httpserver, [sparse, {"id": "nameless", "onboardingStatus": "Onboarded"}]).install()
    with client_for(fake, sleeps) as client:
        facts = [map_machine(item, now=NOW) for item in client.machines()]
    fact, nameless = facts
    assert nameless is None
    assert (fact.hostname, fact.last_seen, fact.os_version) == ("pc-ancien", None, "")
    assert fact.status == AV.UNKNOWN  # never seen: cannot be called protected
    assert fact.os_class == OsClass.WINDOWS_10  # from the platform name alone
