"""Nextcloud as a source plug-in: its form fields, secrets, client, probe and sync.

Registered by `ConnectorsConfig.ready()`; the runner and the pages know it only through it.
"""

from gouvernail.connectors.choices import ConnectorKind
from gouvernail.connectors.sources import SCHEDULE, SecretField, Source, verify
from gouvernail.connectors.sync_base import SyncContext, SyncCounts


def _nextcloud_open(config, secrets, **options):
    from gouvernail.connectors.nextcloud.client import NextcloudClient

    return NextcloudClient(
        config.url, username=config.user, app_password=secrets["password"], verify=verify(config), **options
    )


def _nextcloud_probe(client) -> str:
    from gouvernail.connectors.nextcloud.mapper import map_server_info

    server = map_server_info(client.server_info())
    version = f" {server.version}" if server.version else ""
    return f"Connexion réussie : Nextcloud{version} répond et le compte a les droits d'administration."


def _nextcloud_sync(config, client, context: SyncContext) -> SyncCounts:
    from gouvernail.connectors.nextcloud.sync import sync

    return sync(config.organisation, client, progress=context.progress, group_services=config.group_services)


SOURCE = Source(
    kind=ConnectorKind.NEXTCLOUD,
    feeds="Usages Nextcloud par service et espaces partagés",
    fields=("url", "user", "ca_certificate", "group_services", *SCHEDULE),
    required=("url", "user"),
    secrets=(
        SecretField(
            "password",
            "mot de passe d'application",
            "Paramètres personnels › Sécurité › Créer un mot de passe d'application "
            "(jamais le mot de passe du compte).",
        ),
    ),
    open=_nextcloud_open,
    probe=_nextcloud_probe,
    sync=_nextcloud_sync,
    labels={"user": "compte administrateur"},
    help_texts={
        "url": "L'adresse de l'instance (https://cloud.exemple.fr).",
        "user": "Un membre du groupe « admin » : les statistiques du serveur et la liste des comptes "
        "l'exigent. La collecte ne modifie rien.",
    },
    section="Nextcloud",
)
