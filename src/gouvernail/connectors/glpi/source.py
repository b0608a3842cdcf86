"""GLPI as a source plug-in: its form fields, secrets, client, probe and sync.

Registered by `ConnectorsConfig.ready()`; the runner and the pages know it only through it.
"""

from gouvernail.connectors.choices import ConnectorKind
from gouvernail.connectors.sources import REQUEST_INDICATORS, SCHEDULE, SecretField, Source, requests_cover, verify
from gouvernail.connectors.sync_base import SyncContext, SyncCounts
from gouvernail.servicedesk.choices import RequestSource


def _glpi_open(config, secrets, **options):
    from gouvernail.connectors.glpi.client import GlpiClient

    return GlpiClient(
        config.url,
        user_token=secrets["password"],
        app_token=secrets.get("app_token", ""),
        verify=verify(config),
        **options,
    )


def _glpi_probe(client) -> str:
    client.probe()
    return "Connexion réussie : session GLPI ouverte, ordinateurs et tickets lisibles."


def _glpi_sync(config, client, context: SyncContext) -> SyncCounts:
    from gouvernail.connectors.glpi.sync import sync

    return sync(
        config.organisation,
        client,
        progress=context.progress,
        run=context.run,
        full=context.full,
        since=context.since,
    )


SOURCE = Source(
    kind=ConnectorKind.GLPI,
    feeds="Parc (ordinateurs, système) et demandes, à la place de GestSup",
    fields=("url", "ca_certificate", *SCHEDULE),
    required=("url",),
    secrets=(
        SecretField("password", "jeton d'API de l'utilisateur", "Préférences de l'utilisateur › Clé d'accès distant."),
        SecretField(
            "app_token",
            "jeton de l'application (App-Token)",
            "Configuration › Générale › API, client de l'API ; seulement si ce client en définit un.",
            required=False,
        ),
    ),
    open=_glpi_open,
    probe=_glpi_probe,
    sync=_glpi_sync,
    incremental=True,
    covers=requests_cover(RequestSource.GLPI),
    history_codes=REQUEST_INDICATORS,
    help_texts={"url": "L'adresse de l'API REST, terminée par apirest.php (https://glpi.exemple.fr/apirest.php)."},
)
