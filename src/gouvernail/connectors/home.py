"""What the imports and the connectors bring to the home page (core.home): the syncs that
failed or fell behind, and two first steps of a new organisation."""

from datetime import timedelta

from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from gouvernail.connectors.choices import ConnectorKind, ImportStatus, RunStatus
from gouvernail.connectors.models import ConnectorConfig, ImportRecord, SyncRun
from gouvernail.core import home
from gouvernail.inventory.models import Equipment
from gouvernail.servicedesk.models import Request

# A source synced at least daily is behind after two days without a success; one synced less
# often (up to weekly) after eight.
DAILY = 24 * 60
STALE_AFTER = timedelta(days=2)
STALE_AFTER_SLOW = timedelta(days=8)
SERVICE_DESKS = (ConnectorKind.GESTSUP, ConnectorKind.GLPI)


def syncs_needing_attention(membership, today):
    """The scheduled sources whose last run failed, or whose last success is too old."""
    now = timezone.now()
    runs = SyncRun.objects.filter(config=OuterRef("pk")).order_by("-started_at", "-pk")
    successes = runs.filter(status=RunStatus.SUCCEEDED).order_by("-finished_at", "-pk")
    return (
        ConnectorConfig.objects.visible_to(membership)
        .filter(enabled=True)
        .annotate(
            last_status=Subquery(runs.values("status")[:1]), last_ok=Subquery(successes.values("finished_at")[:1])
        )
        .filter(
            Q(last_status=RunStatus.FAILED)
            | Q(last_ok__lt=now - STALE_AFTER, interval_minutes__lte=DAILY)
            | Q(last_ok__lt=now - STALE_AFTER_SLOW)
        )
    )


def register() -> None:
    home.register(
        home.Todo(
            "synchronisation en échec ou en retard",
            "synchronisations en échec ou en retard",
            "connectors:index",
            "connectors",
            syncs_needing_attention,
            roles=home.OPERATORS,
            order=50,
        ),
        home.FirstStep(
            "Importer le référentiel",
            "Parc, applications, prestataires, contrats, personnes : depuis vos tableurs (XLSX, ODS, CSV).",
            "connectors:import_upload",
            "collecte",
            lambda org: (
                ImportRecord.objects.filter(organisation=org, status=ImportStatus.DONE),
                Equipment.objects.filter(organisation=org),
            ),
            links=(("modèles de classeurs", "connectors:import_upload#modeles"),),
            order=10,
        ),
        home.FirstStep(
            "Connecter l'outil de demandes (GestSup, GLPI)",
            "Renseignez le serveur et le compte de lecture, puis lancez une première synchronisation.",
            "connectors:index",
            "connectors",
            lambda org: (
                SyncRun.objects.filter(organisation=org, status=RunStatus.SUCCEEDED, config__kind__in=SERVICE_DESKS),
                Request.objects.filter(organisation=org),
            ),
            order=20,
        ),
    )
