"""The five HTTP sources as the runner sees them: a configuration pointing at the source's fake
on loopback, the référentiel rows its sync matches against, and where to break each call.

Shared by `test_source_runs.py` and `test_source_runs_surfaces.py`, which go through the runner
only (`run_start` / `run_execute`, `config_test`, `run_due_syncs`, the `sync` command). Graph and
Defender get their token from msal against the fake Entra ID (`entra` fixture): the settings'
authority points there and the configuration holds the fake's certificate, pasted as PEM.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from gouvernail.connectors.choices import ConnectorKind, RunStatus, RunTrigger
from gouvernail.connectors.graph.sync import ACCOUNTS_SECTION
from gouvernail.connectors.models import SyncRun
from gouvernail.connectors.runner import config_password_set, run_execute, run_start
from gouvernail.connectors.tests.fakes.common import SECRET, SleepRecorder
from gouvernail.connectors.tests.fakes.defender import FakeDefender
from gouvernail.connectors.tests.fakes.glpi import APP_TOKEN, USER_TOKEN, FakeGlpi
from gouvernail.connectors.tests.fakes.gophish import API_KEY, FakeGophish
from gouvernail.connectors.tests.fakes.graph import CLIENT_ID, TENANT, FakeGraph
from gouvernail.connectors.tests.fakes.nextcloud import GIB, USERNAME, FakeNextcloud, account
from gouvernail.connectors.tests.privacy import stored_rows
from gouvernail.connectors.tests.test_antivirus_sync import MACHINES
from gouvernail.connectors.tests.test_glpi_sync import COMPUTERS, TICKETS
from gouvernail.connectors.tests.test_gophish_sync import RECIPIENTS, STAFF
from gouvernail.connectors.tests.test_graph import DEVICES, REGISTRATIONS, USERS
from gouvernail.connectors.tests.test_nextcloud_sync import accounts, folders
from gouvernail.core.models import Service
from gouvernail.metrics.models import Measurement
from gouvernail.testing.factories.connectors import make_connector_config
from gouvernail.testing.factories.core import make_membership, make_person, make_service
from gouvernail.testing.factories.inventory import make_equipment

# The client waits no longer than this in the timeout cases; the fake sleeps longer.
SHORT_TIMEOUT = 0.2
SLOW_ANSWER = 0.6
# French words each failure class puts in the run log (see connectors.errors).
FAILURE_WORDS = {
    "credentials": "refus",
    "forbidden": "les droits sont insuffisants",
    "throttling": "limite les appels",
    "server_error": "est en erreur",
    "timeout": "n'a pas répondu à temps",
    "unexpected": "Réponse inattendue",
    "unexpected_shape": "Réponse inattendue",
}


@dataclass(frozen=True)
class Case:
    kind: str
    # (httpserver) -> the installed fake
    fake: Callable
    # (fake) -> the configuration's own fields
    fields: Callable
    secrets: dict[str, str]
    # (organisation) -> None: the référentiel rows the sync meets
    prepare: Callable
    # The call of the fake that fails in the forbidden, throttling, timeout and unexpected cases…
    first_call: str
    # …and the one that fails mid-paging, after `grow(fake)` made the data span several pages.
    later_page: str
    grow: Callable
    # The run's (created, updated, unchanged, deleted) and `details`, as the source's own sync
    # tests count them on the same data.
    counts: tuple[int, int, int, int]
    details: dict
    probe: str
    # An indicator the run's after_sync recomputes from what it wrote: (code, its values).
    measurement: tuple[str, list[int]]
    needs_entra: bool = False
    # (httpserver) -> the fake playing an older release, for a source whose versions differ
    older: Callable | None = None
    wrong_secret: dict[str, str] = field(default_factory=lambda: {"password": "faux-" + SECRET[::-1]})

    def __str__(self) -> str:
        return self.kind


def counted(*, created=0, updated=0, unchanged=0, deleted=0, unmatched=0) -> dict[str, int]:
    return {
        "créés": created,
        "modifiés": updated,
        "inchangés": unchanged,
        "supprimés": deleted,
        "non rapprochés": unmatched,
    }


def fleet(*names_and_serials):
    def prepare(organisation):
        for name, serial in names_and_serials:
            make_equipment(organisation, name, serial=serial)

    return prepare


def service_named(organisation, name):
    # GoPhish's staff and Nextcloud's groups share « Finances » when all kinds run in one organisation.
    return Service.objects.filter(organisation=organisation, name=name).first() or make_service(organisation, name)


def staff(organisation):
    services = {name: service_named(organisation, name) for name in sorted(set(STAFF.values()))}
    for index, (email, service) in enumerate(STAFF.items()):
        person = make_person(organisation, f"Agent {index}", first_name="", service=services[service])
        make_membership(organisation, email, person=person)


def nextcloud_services(organisation):
    for name in ("Finances", "Urbanisme", "Élus"):
        service_named(organisation, name)


def more_accounts(fake):
    # The client reads accounts 200 at a time: 201 make a second page.
    fake.users = [account(f"agent{i}", ["Finances"], used=GIB, last_login_s=1718000000) for i in range(201)]


def entra_fields(fake, entra) -> dict:
    certificate = Path(entra.cert).read_text()
    return {"tenant_id": TENANT, "client_id": CLIENT_ID, "url": fake.url, "ca_certificate": certificate}


CASES = (
    Case(
        kind=ConnectorKind.GLPI,
        fake=lambda server: FakeGlpi(server, computers=COMPUTERS, tickets=TICKETS, max_range=2).install(),
        fields=lambda fake, entra: {"url": fake.url},
        secrets={"password": USER_TOKEN, "app_token": APP_TOKEN},
        prepare=fleet(("AUTRE-NOM", "sn00001"), ("pc-002.mairie.local", "")),
        first_call="Computer:0",
        later_page="Ticket:2",
        grow=lambda fake: None,  # two rows a page: the tickets already span two
        counts=(4, 2, 0, 0),
        details={
            "équipements": counted(created=1, updated=2),
            "demandes": counted(created=3),
            "avertissements": [],
        },
        probe="Connexion réussie : session GLPI ouverte, ordinateurs et tickets lisibles.",
        measurement=("w11_migres", [2, 2]),  # total, and the « aucun » dimension
        older=lambda server: FakeGlpi(server, computers=COMPUTERS, tickets=TICKETS, legacy=True).install(),
    ),
    Case(
        kind=ConnectorKind.NEXTCLOUD,
        fake=lambda server: FakeNextcloud(server, users=accounts(), folders=folders()).install(),
        fields=lambda fake, entra: {"url": fake.url, "user": USERNAME},
        secrets={"password": SECRET},
        prepare=nextcloud_services,
        first_call="serverinfo",
        later_page="users:2",
        grow=more_accounts,
        counts=(3, 0, 0, 0),
        details={
            "Nextcloud": counted(created=3),
            "avertissements": [
                "Groupes Nextcloud rattachés à aucun service (à compléter dans les paramètres du connecteur) : "
                "DGS, Stagiaires."
            ],
        },
        probe="Connexion réussie : Nextcloud 31.0.5.1 répond et le compte a les droits d'administration.",
        measurement=("nextcloud_utilisateurs_actifs", [95]),  # serverinfo's last month
        older=lambda server: FakeNextcloud(server, legacy=True, users=accounts(), folders=folders()).install(),
    ),
    Case(
        kind=ConnectorKind.GOPHISH,
        fake=lambda server: FakeGophish(server, {4: RECIPIENTS, 5: RECIPIENTS[:2]}).install(),
        fields=lambda fake, entra: {"url": fake.url},
        secrets={"password": API_KEY},
        prepare=staff,
        first_call="summaries",
        later_page="results:5",
        grow=lambda fake: None,
        counts=(6, 0, 0, 0),
        details={"Campagnes et résultats": counted(created=6), "avertissements": []},
        probe="Connexion réussie : la clé d'API est acceptée (2 campagnes).",
        measurement=("phishing_taux_clic_campagne", [40, 100]),
        older=lambda server: FakeGophish(server, {4: RECIPIENTS}, legacy=True).install(),
    ),
    Case(
        kind=ConnectorKind.GRAPH,
        fake=lambda server: FakeGraph(server, users=USERS, registrations=REGISTRATIONS, devices=DEVICES).install(),
        fields=entra_fields,
        secrets={"password": SECRET},
        prepare=fleet(("ANCIEN-NOM", "5cg1234xyz"), ("pc-urba-02.mairie.local", "")),
        first_call="users:1",
        later_page="managedDevices:2",
        grow=lambda fake: None,
        counts=(0, 2, 0, 0),
        details={
            "Équipements": counted(updated=2, unmatched=1)
            | {"comptes actifs": 3, "MFA enregistrée": 1, "MFA inconnue": 0},
            # No person of the référentiel carries these accounts' e-mails: counted, never stored.
            ACCOUNTS_SECTION: counted(unmatched=5),
            "avertissements": [],
        },
        probe="Connexion réussie : jeton obtenu, utilisateurs et appareils Intune lisibles.",
        measurement=("w11_migres", [1, 1]),
        needs_entra=True,
    ),
    Case(
        kind=ConnectorKind.DEFENDER,
        fake=lambda server: FakeDefender(server, MACHINES, next_links=True, max_page=2).install(),
        fields=entra_fields,
        secrets={"password": SECRET},
        # Not pc-002, which GLPI's fleet holds: all five kinds share one organisation in a test.
        prepare=fleet(*((name, "") for name in ("PC-001", "SRV-FICHIERS", "PC-004"))),
        first_call="machines:1",
        later_page="machines:2",
        grow=lambda fake: None,
        counts=(0, 3, 0, 0),
        details={
            "Équipements": counted(updated=3, unmatched=2),
            "avertissements": ["Machines absentes de l'inventaire (ou en double) : pc-002, pc-inconnu."],
        },
        probe="Connexion réussie : jeton obtenu et liste des machines lisible.",
        measurement=("av_proteges", [1]),
        needs_entra=True,
    ),
)


@dataclass
class Configured:
    """One source configured in an organisation, its fake, and the sleeps its client asked for."""

    case: Case
    config: object
    fake: object
    sleeps: SleepRecorder = field(default_factory=SleepRecorder)

    def options(self, **extra) -> dict:
        return {"sleep": self.sleeps, **extra}

    def run(self, **client_options) -> SyncRun:
        run = run_start(config=self.config, trigger=RunTrigger.USER)
        return run_execute(run, client_options=self.options(**client_options))

    def break_call(self, failure: str, *, probe: bool = False) -> dict:
        """Makes the fake fail the way `failure` says; returns the client options it needs.
        A connection test reads one item: its server error comes on the first call."""
        faults, case = self.fake.faults, self.case
        if failure == "credentials":
            for name, value in case.wrong_secret.items():
                config_password_set(config=self.config, name=name, password=value)
        elif failure == "forbidden":  # a valid account without the read permission
            faults.add(case.first_call, "error", status=403, times=99)
        elif failure == "throttling":
            faults.add(case.first_call, "throttle", times=99, retry_after="1")
        elif failure == "server_error" and probe:
            faults.add(case.first_call, "error", times=99)
        elif failure == "server_error":
            case.grow(self.fake)
            faults.add(case.later_page, "error", times=99)
        elif failure == "timeout":
            faults.add(case.first_call, "slow", delay=SLOW_ANSWER)
            return {"timeout": SHORT_TIMEOUT}
        elif failure == "unexpected":
            faults.add(case.first_call, "bad_json")
        elif failure == "unexpected_shape":
            faults.add(case.first_call, "wrong_shape")
        return {}


def configure(case: Case, organisation, httpserver, request) -> Configured:
    """Installs the case's fake, its référentiel rows and its configuration with its secrets.
    The fake Entra ID (and the settings pointing msal at it) only for the sources that need it."""
    entra = None
    if case.needs_entra:
        entra = request.getfixturevalue("entra")
        request.getfixturevalue("settings").GOUVERNAIL_ENTRA_AUTHORITY = entra.authority_host
    fake = case.fake(httpserver)
    case.prepare(organisation)
    config = make_connector_config(organisation, kind=case.kind, **case.fields(fake, entra))
    for name, value in case.secrets.items():
        config_password_set(config=config, name=name, password=value)
    return Configured(case, config, fake)


def data_rows(*, exclude=("connectors.SyncRun",)) -> set[str]:
    """Every stored row but the run log's (a failed run adds its own line there)."""
    return {row for row in stored_rows() if not row.startswith(tuple(f"{label} " for label in exclude))}


def measurements(organisation) -> list[tuple]:
    return list(
        Measurement.objects.filter(organisation=organisation)
        .order_by("code", "period_key", "dimension_key")
        .values_list("code", "period_key", "dimension_key", "value")
    )


SUCCEEDED, FAILED = RunStatus.SUCCEEDED, RunStatus.FAILED
