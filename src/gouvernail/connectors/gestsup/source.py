"""GestSup as a source plug-in: it reads a MariaDB database, not HTTP, yet runs like the others.

Registered by `ConnectorsConfig.ready()`; the runner and the pages know it only through it.
"""

from gouvernail.connectors.choices import ConnectorKind
from gouvernail.connectors.gestsup.client import ConnectionProblem
from gouvernail.connectors.schema import UNMATCHED_SERVICES, UNMATCHED_SITES
from gouvernail.connectors.sources import REQUEST_INDICATORS, SCHEDULE, SecretField, Source, requests_cover
from gouvernail.connectors.sync_base import SyncContext, SyncCounts
from gouvernail.servicedesk.choices import RequestSource


def _gestsup_open(config, secrets, **options):
    from gouvernail.connectors.gestsup.client import GestsupClient

    # A probe holds a web request (its `timeout` is a few seconds): every read of it is short.
    bounds = {"read_timeout": options["timeout"]} if "timeout" in options else {}
    return GestsupClient(
        host=config.host,
        port=config.port,
        database=config.database,
        user=config.user,
        password=secrets["password"],
        table_prefix=config.table_prefix,
        **bounds,
    )


def _gestsup_probe(client) -> str:
    version = client.check()
    return f"Connexion réussie : GestSup {version}, toutes les tables nécessaires sont lisibles."


class GestsupCounts(SyncCounts):
    """Requests and equipment apart, as the run log shows them."""

    def __init__(self, result):
        super().__init__(warnings=result.warnings)
        self.result = result
        for name in ("created", "updated", "unchanged", "deleted", "unmatched"):
            setattr(self, name, getattr(result.requests, name) + getattr(result.equipment, name))
        self.high_water_mark = result.high_water_mark
        self.rows_read = result.rows_read

    def sections(self, heading: str) -> dict[str, dict[str, int]]:
        sections = {"demandes": self.result.requests.as_dict(), "équipements": self.result.equipment.as_dict()}
        # What matched nothing, with its tickets: the mapping to complete (and its proposals).
        if self.result.unmatched_services:
            sections[UNMATCHED_SERVICES] = self.result.unmatched_services
        if self.result.unmatched_sites:
            sections[UNMATCHED_SITES] = self.result.unmatched_sites
        return sections


def _gestsup_sync(config, client, context: SyncContext) -> SyncCounts:
    from gouvernail.connectors.gestsup.sync import synchronise

    client.check()
    options = {"batch_size": context.batch_size} if context.batch_size else {}
    result = synchronise(
        organisation=config.organisation,
        client=client,
        timezone=config.timezone,
        full=context.full,
        since=context.since,
        progress=context.progress,
        run=context.run,
        service_mapping=config.service_mapping,
        **options,
    )
    return GestsupCounts(result)


SOURCE = Source(
    kind=ConnectorKind.GESTSUP,
    feeds="Demandes du service SI et parc (tickets, équipements)",
    fields=(
        "host",
        "port",
        "database",
        "user",
        "table_prefix",
        "service_mapping",
        "timezone",
        *SCHEDULE,
        "full_every",
    ),
    required=("host", "database", "user"),
    secrets=(SecretField("password", "mot de passe"),),
    open=_gestsup_open,
    probe=_gestsup_probe,
    sync=_gestsup_sync,
    errors=(ConnectionProblem,),
    incremental=True,
    covers=requests_cover(RequestSource.GESTSUP),
    history_codes=REQUEST_INDICATORS,
)
