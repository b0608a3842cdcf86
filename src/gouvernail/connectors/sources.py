"""What the runner and the pages need to know of each HTTP source, in one place.

A `Source` names the configuration fields its page shows (and which of them are required),
its secrets, how to open its client from a configuration, how to probe it (« tester la
connexion ») and how to run its sync. Adding a source is a new entry here plus its package
(`client`, `mapper`, `sync`); the runner, the pages, the `sync` command and the worker
follow. GestSup reads a database, not HTTP: the runner keeps its own path for it, and its
entry here only describes its form.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings

from gouvernail.connectors.choices import ConnectorKind
from gouvernail.connectors.sync_base import Progress, SyncCounts

__all__ = ("SOURCES", "SecretField", "Source", "source_for")


@dataclass(frozen=True)
class SecretField:
    name: str
    label: str
    help_text: str = ""
    # GLPI's App-Token exists only if the API client defines one: the others are needed.
    required: bool = True


@dataclass(frozen=True)
class Source:
    kind: str
    # What the source feeds, shown on the connectors' overview.
    feeds: str
    fields: tuple[str, ...]
    required: tuple[str, ...]
    secrets: tuple[SecretField, ...]
    # (config, {secret name: value}, **client options) -> a client to use as a context manager;
    # the options (`timeout`, `sleep`) reach the `SourceClient`.
    open: Callable | None = None
    # (client) -> French sentence of success; raises SourceError
    probe: Callable | None = None
    # (config, client, progress) -> SyncCounts
    sync: Callable[..., SyncCounts] | None = None
    labels: dict[str, str] = field(default_factory=dict)
    help_texts: dict[str, str] = field(default_factory=dict)
    # The heading of the run's counts in its log (« Équipements », « Campagnes »…).
    section: str = ""

    @property
    def label(self) -> str:
        return ConnectorKind(self.kind).label


def _verify(config):
    return config.ca_certificate or True


def _token_provider(config, secrets, scope, options):
    from gouvernail.connectors.graph.auth import AUTHORITY_HOST, MsalTokenProvider
    from gouvernail.connectors.http import DEFAULT_TIMEOUT

    authority = getattr(settings, "GOUVERNAIL_ENTRA_AUTHORITY", "") or AUTHORITY_HOST
    return MsalTokenProvider(
        tenant_id=config.tenant_id,
        client_id=config.client_id,
        client_secret=secrets["password"],
        scope=scope,
        authority_host=authority,
        verify=_verify(config),
        # Instance discovery asks Microsoft's public cloud: not for another authority.
        instance_discovery=None if authority == AUTHORITY_HOST else False,
        # The token is asked within the same bounds as the source (a probe waits a few seconds).
        timeout=options.get("timeout", DEFAULT_TIMEOUT),
    )


#
# Nextcloud
#


def _nextcloud_open(config, secrets, **options):
    from gouvernail.connectors.nextcloud.client import NextcloudClient

    return NextcloudClient(
        config.url, username=config.user, app_password=secrets["password"], verify=_verify(config), **options
    )


def _nextcloud_probe(client) -> str:
    from gouvernail.connectors.nextcloud.mapper import map_server_info

    server = map_server_info(client.server_info())
    version = f" {server.version}" if server.version else ""
    return f"Connexion réussie : Nextcloud{version} répond et le compte a les droits d'administration."


def _nextcloud_sync(config, client, progress: Progress | None) -> SyncCounts:
    from gouvernail.connectors.nextcloud.sync import sync

    return sync(config.organisation, client, progress=progress, group_services=config.group_services)


#
# GoPhish
#


def _gophish_open(config, secrets, **options):
    from gouvernail.connectors.gophish.client import GophishClient

    return GophishClient(config.url, api_key=secrets["password"], verify=_verify(config), **options)


def _gophish_probe(client) -> str:
    count = len(client.campaign_summaries())
    return f"Connexion réussie : la clé d'API est acceptée ({count} campagne{'s' if count > 1 else ''})."


def _gophish_sync(config, client, progress: Progress | None) -> SyncCounts:
    from gouvernail.connectors.gophish.sync import sync

    return sync(config.organisation, client, progress=progress)


#
# Microsoft Entra ID / Intune
#


def _graph_open(config, secrets, **options):
    from gouvernail.connectors.graph.auth import GRAPH_SCOPE
    from gouvernail.connectors.graph.client import GRAPH_URL, GraphClient

    return GraphClient(
        token_provider=_token_provider(config, secrets, GRAPH_SCOPE, options),
        base_url=config.url or GRAPH_URL,
        verify=_verify(config),
        **options,
    )


def _graph_probe(client) -> str:
    client.probe()
    return "Connexion réussie : jeton obtenu, utilisateurs et appareils Intune lisibles."


def _graph_sync(config, client, progress: Progress | None) -> SyncCounts:
    from gouvernail.connectors.graph.sync import sync

    return sync(config.organisation, client, progress=progress)


#
# GLPI
#


def _glpi_open(config, secrets, **options):
    from gouvernail.connectors.glpi.client import GlpiClient

    return GlpiClient(
        config.url,
        user_token=secrets["password"],
        app_token=secrets.get("app_token", ""),
        verify=_verify(config),
        **options,
    )


def _glpi_probe(client) -> str:
    client.probe()
    return "Connexion réussie : session GLPI ouverte, ordinateurs et tickets lisibles."


def _glpi_sync(config, client, progress: Progress | None) -> SyncCounts:
    from gouvernail.connectors.glpi.sync import sync

    return sync(config.organisation, client, progress=progress)


#
# Defender for Endpoint
#


def _defender_open(config, secrets, **options):
    from gouvernail.connectors.antivirus.client import DEFENDER_URL, DefenderClient
    from gouvernail.connectors.graph.auth import DEFENDER_SCOPE

    return DefenderClient(
        token_provider=_token_provider(config, secrets, DEFENDER_SCOPE, options),
        base_url=config.url or DEFENDER_URL,
        verify=_verify(config),
        **options,
    )


def _defender_probe(client) -> str:
    client.probe()
    return "Connexion réussie : jeton obtenu et liste des machines lisible."


def _defender_sync(config, client, progress: Progress | None) -> SyncCounts:
    from gouvernail.connectors.antivirus.sync import sync

    return sync(config.organisation, client, progress=progress)


SCHEDULE = ("interval_minutes", "enabled")
ENTRA_HELP = {
    "tenant_id": "Entra ID › Vue d'ensemble › ID de l'annuaire (locataire).",
    "client_id": "L'inscription d'application dédiée à Gouvernail, avec des permissions d'application en lecture.",
}

SOURCES: dict[str, Source] = {
    source.kind: source
    for source in (
        Source(
            kind=ConnectorKind.GESTSUP,
            feeds="Demandes du service SI et parc (tickets, équipements)",
            fields=("host", "port", "database", "user", "table_prefix", "timezone", *SCHEDULE, "full_every"),
            required=("host", "database", "user"),
            secrets=(SecretField("password", "mot de passe"),),
        ),
        Source(
            kind=ConnectorKind.GLPI,
            feeds="Parc (ordinateurs, système) et demandes, à la place de GestSup",
            fields=("url", "ca_certificate", *SCHEDULE),
            required=("url",),
            secrets=(
                SecretField(
                    "password", "jeton d'API de l'utilisateur", "Préférences de l'utilisateur › Clé d'accès distant."
                ),
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
            help_texts={
                "url": "L'adresse de l'API REST, terminée par apirest.php (https://glpi.exemple.fr/apirest.php)."
            },
        ),
        Source(
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
        ),
        Source(
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
        ),
        Source(
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
        ),
        Source(
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
        ),
    )
}


def source_for(kind: str) -> Source:
    return SOURCES[kind]
