"""GoPhish as a source plug-in: its form fields, secrets, client, probe and sync.

Registered by `ConnectorsConfig.ready()`; the runner and the pages know it only through it.
"""

from gouvernail.connectors.choices import ConnectorKind
from gouvernail.connectors.sources import SCHEDULE, SecretField, Source, verify
from gouvernail.connectors.sync_base import SyncContext, SyncCounts


def _gophish_open(config, secrets, **options):
    from gouvernail.connectors.gophish.client import GophishClient

    return GophishClient(config.url, api_key=secrets["password"], verify=verify(config), **options)


def _gophish_probe(client) -> str:
    count = len(client.campaign_summaries())
    return f"Connexion réussie : la clé d'API est acceptée ({count} campagne{'s' if count > 1 else ''})."


def _gophish_sync(config, client, context: SyncContext) -> SyncCounts:
    from gouvernail.connectors.gophish.sync import sync

    return sync(config.organisation, client, progress=context.progress)


SOURCE = Source(
    kind=ConnectorKind.GOPHISH,
    feeds="Campagnes de phishing (agrégats par service, jamais nominatifs)",
    fields=("url", "ca_certificate", *SCHEDULE),
    required=("url",),
    secrets=(SecretField("password", "clé d'API", "GoPhish › Paramètres du compte › API Key."),),
    open=_gophish_open,
    probe=_gophish_probe,
    sync=_gophish_sync,
    help_texts={"url": "L'adresse du serveur d'administration (https://gophish.exemple.fr:3333)."},
    section="Campagnes et résultats",
)
