"""What the runner and the pages know of a source: its `Source`, and the registry of them.

A `Source` names the configuration fields its page shows (and which of them are required),
its secrets, how to open its client from a configuration, how to probe it (« tester la
connexion ») and how to run its sync. Each source package exports one (`SOURCE` in its
`source` module: GestSup, GLPI, Nextcloud, GoPhish, Graph, Defender), which
`ConnectorsConfig.ready()` registers here; the runner has one run path for all of them, and
the pages, the `sync` command and the worker follow. Adding a source is a new package with
its `source` module and one line in `SOURCE_MODULES`.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings

from gouvernail.connectors.choices import ConnectorKind
from gouvernail.connectors.schema import Setting, narrowed
from gouvernail.connectors.sync_base import SyncCounts

__all__ = ("SOURCES", "SOURCE_MODULES", "SecretField", "Source", "register", "source_for")


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
    # What its page shows: its settings (`connectors.schema.CATALOGUE`, stored in the
    # configuration's JSON `settings`) and the common fields (time zone, schedule).
    fields: tuple[str, ...]
    required: tuple[str, ...]
    secrets: tuple[SecretField, ...]
    # (config, {secret name: value}, **client options) -> a client to use as a context manager;
    # the options (`timeout`, `sleep`) reach the `SourceClient`.
    open: Callable | None = None
    # (client) -> French sentence of success; raises SourceError
    probe: Callable | None = None
    # (config, client, SyncContext) -> SyncCounts (with its high_water_mark when incremental)
    sync: Callable[..., SyncCounts] | None = None
    labels: dict[str, str] = field(default_factory=dict)
    help_texts: dict[str, str] = field(default_factory=dict)
    # The heading of the run's counts in its log (« Équipements », « Campagnes »…).
    section: str = ""
    # What else than SourceError a source raises with a French message for the run log.
    errors: tuple[type[Exception], ...] = ()
    # Reads only what changed since the last run's high-water mark, with a full run every
    # `full_every` runs (see `connectors.watermark`); the others read everything each run.
    incremental: bool = False
    # (organisation) -> the first day its data cover (None: nothing dated), for the history of
    # indicators computed after the first successful sync; None for a source without history.
    covers: Callable | None = None
    # The indicators its data feed, computed for those past periods.
    history_codes: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return ConnectorKind(self.kind).label

    @property
    def schema(self) -> tuple[Setting, ...]:
        """The source's own settings, with its requirements, labels and help."""
        return narrowed(self.fields, self.required, self.labels, self.help_texts)


def verify(config):
    return config.ca_certificate or True


def token_provider(config, secrets, scope, options):
    from gouvernail.connectors.graph.auth import AUTHORITY_HOST, MsalTokenProvider
    from gouvernail.connectors.http import DEFAULT_TIMEOUT

    authority = getattr(settings, "GOUVERNAIL_ENTRA_AUTHORITY", "") or AUTHORITY_HOST
    return MsalTokenProvider(
        tenant_id=config.tenant_id,
        client_id=config.client_id,
        client_secret=secrets["password"],
        scope=scope,
        authority_host=authority,
        verify=verify(config),
        # Instance discovery asks Microsoft's public cloud: not for another authority.
        instance_discovery=None if authority == AUTHORITY_HOST else False,
        # The token is asked within the same bounds as the source (a probe waits a few seconds).
        timeout=options.get("timeout", DEFAULT_TIMEOUT),
    )


# The indicators a ticket source feeds (« Charge & capacité du service SI »).
REQUEST_INDICATORS = (
    "demandes_mois",
    "demandes_trimestre",
    "demandes_par_agent",
    "demandes_famille",
    "demandes_par_service",
    "delai_traitement",
    "demandes_recurrentes_taux",
)


def requests_cover(request_source: str) -> Callable:
    """`Source.covers` of a ticket source: the local day its oldest request was opened."""

    def covers(organisation):
        from django.db.models import Min
        from django.utils import timezone

        from gouvernail.servicedesk.models import Request

        first = Request.objects.filter(organisation=organisation, source=request_source).aggregate(
            first=Min("opened_at")
        )["first"]
        return timezone.localdate(first) if first is not None else None

    return covers


SCHEDULE = ("interval_minutes", "enabled")
ENTRA_HELP = {
    "tenant_id": "Entra ID › Vue d'ensemble › ID de l'annuaire (locataire).",
    "client_id": "L'inscription d'application dédiée à Gouvernail, avec des permissions d'application en lecture.",
}


# The source packages, in the order the connectors' page lists them.
SOURCE_MODULES = (
    "gouvernail.connectors.gestsup.source",
    "gouvernail.connectors.glpi.source",
    "gouvernail.connectors.nextcloud.source",
    "gouvernail.connectors.gophish.source",
    "gouvernail.connectors.graph.source",
    "gouvernail.connectors.antivirus.source",
)

SOURCES: dict[str, Source] = {}


def register(source: Source) -> Source:
    SOURCES[source.kind] = source
    return source


def register_all() -> None:
    """Called by `ConnectorsConfig.ready()`: each package's `SOURCE`."""
    from importlib import import_module

    for module in SOURCE_MODULES:
        register(import_module(module).SOURCE)


def source_for(kind: str) -> Source:
    return SOURCES[kind]
