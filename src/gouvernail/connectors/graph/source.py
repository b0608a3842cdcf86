"""Microsoft Entra ID / Intune (Graph) as a source plug-in: its form fields, secrets, client, probe and sync.

Registered by `ConnectorsConfig.ready()`; the runner and the pages know it only through it.
"""

from gouvernail.connectors.choices import ConnectorKind
from gouvernail.connectors.sources import ENTRA_HELP, SCHEDULE, SecretField, Source, token_provider, verify
from gouvernail.connectors.sync_base import SyncContext, SyncCounts


def _graph_open(config, secrets, **options):
    from gouvernail.connectors.graph.auth import GRAPH_SCOPE
    from gouvernail.connectors.graph.client import GRAPH_URL, GraphClient

    return GraphClient(
        token_provider=token_provider(config, secrets, GRAPH_SCOPE, options),
        base_url=config.url or GRAPH_URL,
        verify=verify(config),
        **options,
    )


def _graph_probe(client) -> str:
    client.probe()
    return "Connexion réussie : jeton obtenu, utilisateurs et appareils Intune lisibles."


def _graph_sync(config, client, context: SyncContext) -> SyncCounts:
    from gouvernail.connectors.graph.sync import sync

    return sync(config.organisation, client, progress=context.progress, run=context.run)


SOURCE = Source(
    kind=ConnectorKind.GRAPH,
    feeds="Système des appareils Intune (migration Windows 11) et couverture MFA",
    fields=("tenant_id", "client_id", *SCHEDULE),
    required=("tenant_id", "client_id"),
    secrets=(SecretField("password", "secret client", "Inscription d'application › Certificats et secrets."),),
    open=_graph_open,
    probe=_graph_probe,
    sync=_graph_sync,
    help_texts=ENTRA_HELP,
    section="Équipements",
)
