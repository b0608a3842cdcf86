"""Defender for Endpoint as a source plug-in: its form fields, secrets, client, probe and sync.

Registered by `ConnectorsConfig.ready()`; the runner and the pages know it only through it.
"""

from gouvernail.connectors.choices import ConnectorKind
from gouvernail.connectors.sources import ENTRA_HELP, SCHEDULE, SecretField, Source, token_provider, verify
from gouvernail.connectors.sync_base import SyncContext, SyncCounts


def _defender_open(config, secrets, **options):
    from gouvernail.connectors.antivirus.client import DEFENDER_URL, DefenderClient
    from gouvernail.connectors.graph.auth import DEFENDER_SCOPE

    return DefenderClient(
        token_provider=token_provider(config, secrets, DEFENDER_SCOPE, options),
        base_url=config.url or DEFENDER_URL,
        verify=verify(config),
        **options,
    )


def _defender_probe(client) -> str:
    client.probe()
    return "Connexion réussie : jeton obtenu et liste des machines lisible."


def _defender_sync(config, client, context: SyncContext) -> SyncCounts:
    from gouvernail.connectors.antivirus.sync import sync

    return sync(config.organisation, client, progress=context.progress, run=context.run)


SOURCE = Source(
    kind=ConnectorKind.DEFENDER,
    feeds="État antivirus des postes (Defender for Endpoint)",
    fields=("tenant_id", "client_id", "url", *SCHEDULE),
    required=("tenant_id", "client_id"),
    secrets=(SecretField("password", "secret client", "Permission d'application Machine.Read.All accordée."),),
    open=_defender_open,
    probe=_defender_probe,
    sync=_defender_sync,
    help_texts={
        **ENTRA_HELP,
        "url": "Laissez vide pour https://api.security.microsoft.com, ou le serveur le plus proche "
        "(https://eu.api.security.microsoft.com).",
    },
    section="Équipements",
)
