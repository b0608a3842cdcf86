"""« Nextcloud — usages & gouvernance » (source: the Nextcloud connector's snapshots).

Usage figures read the latest snapshot taken on or before the day (*utilisateur actif*:
logged in during the last 30 days, DESIGN.md); the monthly volume and active users read the
last snapshot of each month, so their trends can be recomputed for past months. On this board
« utilisateurs » always means active users, one figure per date; the breakdown by service counts
accounts (active or not, the size of each service's group for the small-group rule) and says
« comptes », so no two figures of the page claim to be the same thing with different values. Shared spaces
count the spaces still present, by service and by project, and those without an identified
responsible. Per-service user counts under GOUVERNAIL_MIN_GROUP_SIZE show « effectif
insuffisant », and so does the smallest service shown beside a lone hidden one, or the total when
nothing else can be hidden (core.privacy).
"""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from gouvernail.collaboration.filtersets import (
    NextcloudServiceUsageFilterSet,
    NextcloudSnapshotFilterSet,
    SharedSpaceFilterSet,
)
from gouvernail.collaboration.models import BYTES_PER_GB
from gouvernail.core.privacy import COMPLEMENT_RULE, suppress
from gouvernail.metrics.builders import INSUFFICIENT_GROUP, MISSING, Dimension, Source, count_indicator
from gouvernail.metrics.periods import Period
from gouvernail.metrics.registry import (
    TOTAL,
    Bars,
    Dashboard,
    Indicator,
    Number,
    Section,
    Thresholds,
    Trend,
    Value,
    register_dashboard,
    register_indicator,
)

SNAPSHOTS = Source(NextcloudSnapshotFilterSet, "collaboration:nextcloudsnapshot_list", "Relevés Nextcloud")
USAGES = Source(NextcloudServiceUsageFilterSet, "collaboration:nextcloudserviceusage_list", "Relevés Nextcloud")
SPACES = Source(SharedSpaceFilterSet, "collaboration:sharedspace_list", "Espaces partagés Nextcloud")

CURRENT = {"is_active": "true"}
ACCOUNTS_TOTAL = "Ensemble des comptes (actifs ou non)"


def latest(period: Period, today: date) -> dict:
    return {"latest_on": today.isoformat()}


def month_end(period: Period, today: date) -> dict:
    """The last snapshot of the month (of the days already past)."""
    return {"taken_from": period.start.isoformat(), "latest_on": min(period.end, today).isoformat()}


def gigabytes(value: int) -> Decimal:
    return (Decimal(value) / BYTES_PER_GB).quantize(Decimal("0.1"), ROUND_HALF_UP)


def snapshot_indicator(field: str, params, **entry) -> Indicator:
    """The value of `field` in the one snapshot `params` selects (none: no value, empty drill-down)."""

    def compute(organisation, period: Period, today: date) -> list[Value]:
        found = list(SNAPSHOTS.rows(organisation, params(period, today)).values_list(field, flat=True))
        if not found:
            return [Value(TOTAL, "Ensemble", None, 0)]
        raw = found[0]
        return [Value(TOTAL, "Ensemble", gigabytes(raw) if field == "total_bytes" else Decimal(raw), len(found))]

    return Indicator(
        compute=compute,
        records=lambda organisation, period, key, today: SNAPSHOTS.rows(organisation, params(period, today)),
        url=lambda period, key, today: SNAPSHOTS.url(params(period, today)),
        source=SNAPSHOTS.label,
        counts="relevés",
        **entry,
    )


def usage_params(key: str) -> dict:
    if key == TOTAL:
        return {}
    if key == MISSING:
        return {"no_service": "true"}
    return {"service": key}


def accounts_per_service_compute(organisation, period: Period, today: date) -> list[Value]:
    rows = USAGES.rows(organisation, {"snapshot_latest_on": today.isoformat()}).values_list(
        "service", "service__name", "users"
    )
    rows = sorted(rows, key=lambda r: (r[0] is None, (r[1] or "").lower()))
    suppression = suppress([users for _, _, users in rows])
    values = []
    for index, (service_id, name, users) in enumerate(rows):
        key, label = (str(service_id), name) if service_id is not None else (MISSING, "Sans service")
        if suppression.is_hidden(index):
            values.append(Value(key, label, None, None, hidden=INSUFFICIENT_GROUP))
        else:
            values.append(Value(key, label, Decimal(users), 1))
    if suppression.total_hidden:
        values.insert(0, Value(TOTAL, ACCOUNTS_TOTAL, None, None, hidden=INSUFFICIENT_GROUP))
    else:
        values.insert(0, Value(TOTAL, ACCOUNTS_TOTAL, Decimal(sum(r[2] for r in rows)), len(rows)))
    return values


SERVICE = Dimension(
    "service",
    "service",
    "service",
    name_field="service__name",
    missing_params={"no_service": "true"},
    missing_label="Sans service",
)
PROJECT = Dimension(
    "projet",
    "project",
    "project",
    name_field="project__name",
    missing_params={"no_project": "true"},
    missing_label="Sans projet",
)

INDICATORS = (
    snapshot_indicator(
        "active_users",
        latest,
        code="nextcloud_utilisateurs_actifs",
        label="Utilisateurs Nextcloud actifs (30 jours)",
        definition=(
            "Comptes connectés au moins une fois dans les 30 jours précédant le dernier relevé (serverinfo, "
            "« activeUsers.last1month »). Le lien ouvre ce relevé."
        ),
        unit="utilisateurs",
        period_kind="snapshot",
    ),
    snapshot_indicator(
        "active_users",
        month_end,
        code="nextcloud_utilisateurs_actifs_mois",
        label="Utilisateurs Nextcloud actifs (30 jours) en fin de mois",
        definition=(
            "Utilisateurs actifs (connectés dans les 30 jours) au dernier relevé du mois : la même définition que "
            "le chiffre du jour, lue à la fin de chaque mois."
        ),
        unit="utilisateurs",
        period_kind="month",
    ),
    snapshot_indicator(
        "total_bytes",
        latest,
        code="nextcloud_volume",
        label="Volume Nextcloud utilisé",
        definition=(
            "Volume occupé par les fichiers des utilisateurs et des espaces partagés au dernier relevé, en Go "
            "(1 Go = 1024³ octets, comme les affiche Nextcloud)."
        ),
        unit="Go",
        period_kind="snapshot",
        decimals=1,
    ),
    snapshot_indicator(
        "total_bytes",
        month_end,
        code="nextcloud_volume_mois",
        label="Volume Nextcloud utilisé (fin de mois)",
        definition="Volume occupé au dernier relevé du mois, en Go (1 Go = 1024³ octets).",
        unit="Go",
        period_kind="month",
        decimals=1,
    ),
    Indicator(
        code="nextcloud_comptes_service",
        label="Comptes Nextcloud par service",
        definition=(
            "Comptes Nextcloud au dernier relevé, actifs ou non, par service (les groupes Nextcloud sont rapprochés "
            "des services par le connecteur) : ce ne sont pas les utilisateurs actifs, qui ne comptent que les "
            "comptes connectés dans les 30 jours. Un service de moins de GOUVERNAIL_MIN_GROUP_SIZE comptes "
            "(5 par défaut) affiche "
            f"« effectif insuffisant ».{COMPLEMENT_RULE} Le lien ouvre la ligne du service dans le relevé."
        ),
        unit="comptes",
        source=USAGES.label,
        compute=accounts_per_service_compute,
        records=lambda organisation, period, key, today: USAGES.rows(
            organisation, {"snapshot_latest_on": today.isoformat(), **usage_params(key)}
        ),
        url=lambda period, key, today: USAGES.url({"snapshot_latest_on": today.isoformat(), **usage_params(key)}),
        dimension="service",
        hides_small_groups=True,
        period_kind="snapshot",
        counts="lignes de relevé",
    ),
    count_indicator(
        code="nextcloud_espaces",
        label="Espaces partagés",
        definition="Dossiers de groupe, dossiers d'équipe et dossiers partagés encore présents dans Nextcloud.",
        unit="espaces",
        source=SPACES,
        params=lambda period, today: CURRENT,
        period_kind="snapshot",
        counts="espaces",
    ),
    count_indicator(
        code="nextcloud_espaces_sans_responsable",
        label="Espaces sans responsable identifié",
        definition=(
            "Espaces partagés présents dont aucun responsable n'est désigné dans Gouvernail (Nextcloud ne connaît "
            "pas de propriétaire d'un dossier de groupe)."
        ),
        unit="espaces",
        source=SPACES,
        params=lambda period, today: {**CURRENT, "without_responsible": "true"},
        period_kind="snapshot",
        thresholds=Thresholds(Decimal(0), Decimal(2), higher_is_better=False),
        counts="espaces",
    ),
    count_indicator(
        code="nextcloud_espaces_service",
        label="Espaces partagés par service",
        definition="Espaces partagés présents, par service qu'ils servent.",
        unit="espaces",
        source=SPACES,
        params=lambda period, today: CURRENT,
        dimension=SERVICE,
        period_kind="snapshot",
        counts="espaces",
    ),
    count_indicator(
        code="nextcloud_espaces_projet",
        label="Espaces partagés par projet",
        definition="Espaces partagés présents, par projet qu'ils servent.",
        unit="espaces",
        source=SPACES,
        params=lambda period, today: CURRENT,
        dimension=PROJECT,
        period_kind="snapshot",
        counts="espaces",
    ),
)
register_indicator(*INDICATORS)

register_dashboard(
    Dashboard(
        slug="nextcloud",
        title="Nextcloud — usages & gouvernance",
        description=(
            "Adoption du drive Nextcloud, volume occupé et son évolution, espaces partagés et leurs responsables."
        ),
        source="Nextcloud (serverinfo, API de provisionnement, dossiers de groupe)",
        order=80,
        sections=(
            Section(
                "Usages",
                (
                    Number("nextcloud_utilisateurs_actifs"),
                    Number("nextcloud_volume"),
                    Trend("nextcloud_volume_mois", periods=12, title="Volume utilisé en fin de mois (Go)"),
                    Trend(
                        "nextcloud_utilisateurs_actifs_mois",
                        periods=12,
                        title="Utilisateurs actifs (30 jours) au dernier relevé de chaque mois",
                    ),
                    Bars("nextcloud_comptes_service"),
                ),
            ),
            Section(
                "Gouvernance des espaces partagés",
                (
                    Number("nextcloud_espaces"),
                    Number("nextcloud_espaces_sans_responsable"),
                    Bars("nextcloud_espaces_service"),
                    Bars("nextcloud_espaces_projet"),
                ),
            ),
        ),
    )
)

__all__ = ("INDICATORS",)
