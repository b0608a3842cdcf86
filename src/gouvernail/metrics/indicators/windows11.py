"""« Migration Windows 11 » — workstations migrated per site, those remaining on Windows 10,
the share by site and its progress over time (from stored measurements).

A workstation counts as migrated when the inventory classifies it Windows 11: a Windows that is
not a server, at build 22000 or later (`inventory/os_rules.py`). A Windows Server 2025 shares
build 26100 with Windows 11 24H2 and is never counted.
"""

from decimal import Decimal

from gouvernail.inventory.filtersets import EquipmentFilterSet
from gouvernail.metrics.builders import Dimension, Source, count_indicator, ratio_indicator
from gouvernail.metrics.registry import (
    Bars,
    Dashboard,
    Number,
    Section,
    Thresholds,
    Trend,
    register_dashboard,
    register_indicator,
)

FLEET = Source(EquipmentFilterSet, "inventory:equipment_list", "Inventaire du parc")
SITE = Dimension(
    "site", "site", "site", name_field="site__name", missing_params={"site_missing": "true"}, missing_label="Sans site"
)
IN_SERVICE = {"state": "en_service"}
RULE = (
    "Un poste est migré quand l'inventaire le classe Windows 11 : un Windows qui n'est pas un serveur, de "
    "build 22000 ou plus (un Windows Server 2025, build 26100, n'est pas un poste migré)."
)

register_indicator(
    count_indicator(
        code="w11_migres",
        label="Postes migrés sous Windows 11",
        definition=f"Équipements en service classés Windows 11, par site. {RULE}",
        unit="postes",
        source=FLEET,
        params=lambda period, today: {**IN_SERVICE, "os_class": "windows_11"},
        dimension=SITE,
        period_kind="snapshot",
        counts="postes",
    ),
    count_indicator(
        code="w11_restants",
        label="Postes restant sous Windows 10",
        definition="Équipements en service encore classés Windows 10 (build 10240 à 21999), par site.",
        unit="postes",
        source=FLEET,
        params=lambda period, today: {**IN_SERVICE, "os_class": "windows_10"},
        dimension=SITE,
        period_kind="snapshot",
        thresholds=Thresholds(Decimal(0), Decimal(10), higher_is_better=False),
        counts="postes",
    ),
    ratio_indicator(
        code="w11_taux",
        label="Part des postes Windows migrés",
        definition=(
            "Postes Windows 11 parmi les postes Windows 10 ou 11 en service, par site. Le lien ouvre les postes "
            "migrés. L'évolution relit les mesures enregistrées chaque mois."
        ),
        source=FLEET,
        numerator=lambda period, today: {**IN_SERVICE, "os_class": "windows_11"},
        denominator=lambda period, today: {**IN_SERVICE, "windows": "true"},
        dimension=SITE,
        period_kind="snapshot",
        thresholds=Thresholds(Decimal(95), Decimal(70)),
        counts="postes migrés",
    ),
)

register_dashboard(
    Dashboard(
        slug="migration-windows-11",
        title="Migration Windows 11",
        description="Avancement de la migration des postes de Windows 10 vers Windows 11, site par site.",
        source="inventaire du parc",
        order=30,
        sections=(
            Section(
                "Avancement",
                (
                    Number("w11_migres"),
                    Number("w11_restants"),
                    Number("w11_taux"),
                    Bars("w11_taux", title="Part des postes migrés par site"),
                    Bars("w11_migres", title="Postes migrés par site"),
                    Bars("w11_restants", title="Postes restant sous Windows 10 par site"),
                    Trend("w11_taux", periods=12, title="Part des postes migrés, mois par mois"),
                ),
            ),
        ),
    )
)
