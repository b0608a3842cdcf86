"""« Prestataires & contrats » — the organisation's dependency on its IT vendors: active and
critical vendors, by typology, running contracts, those to renew within 12 months (with their
notice deadline), structuring procurements; and the « qualité de service du prestataire »: the
contracts' service levels over the last three months, met or not, with their penalties."""

from decimal import Decimal

from django.urls import reverse

from gouvernail.core.formatting import display
from gouvernail.metrics.builders import Dimension, Source, count_indicator
from gouvernail.metrics.registry import (
    Bars,
    Dashboard,
    Number,
    Section,
    Table,
    Thresholds,
    register_dashboard,
    register_indicator,
)
from gouvernail.vendors.choices import ProcurementStatus, VendorTypology
from gouvernail.vendors.filtersets import (
    ContractFilterSet,
    ProcurementFilterSet,
    ServiceLevelMeasurementFilterSet,
    VendorFilterSet,
)
from gouvernail.vendors.models import Contract
from gouvernail.vendors.quality import service_quality

VENDORS = Source(VendorFilterSet, "vendors:vendor_list", "Référentiel des prestataires")
CONTRACTS = Source(ContractFilterSet, "vendors:contract_list", "Contrats")
PROCUREMENTS = Source(ProcurementFilterSet, "vendors:procurement_list", "Marchés publics")
SLA_MEASUREMENTS = Source(
    ServiceLevelMeasurementFilterSet, "vendors:servicelevelmeasurement_list", "Mesures des niveaux de service"
)
ACTIVE = {"is_active": "true"}


def contracts_to_renew(organisation, today):
    """The contracts to renew, soonest notice deadline first: what to denounce or renegotiate."""
    rows = Contract.objects.filter(organisation=organisation).to_renew(today).select_related("vendor")
    lines = []
    for contract in rows.order_by("notice_deadline", "end_date", "reference")[:15]:
        passed = contract.notice_deadline is not None and contract.notice_deadline < today
        notice = display(contract.notice_deadline) or "—"
        lines.append(
            (
                {"text": str(contract), "url": contract.get_absolute_url()},
                contract.vendor.name,
                display(contract.end_date),
                f"{notice} (dépassée)" if passed else notice,
                "Oui" if contract.tacit_renewal else "Non",
            )
        )
    columns = ("Contrat", "Prestataire", "Fin", "Date limite de dénonciation", "Reconduction tacite")
    return columns, lines, reverse(CONTRACTS.url_name) + "?to_renew=true"


def service_quality_rows(organisation, today):
    """Each service level, its target, its last three months (value and « tenu » / « non tenu »,
    a link to the measurement, computed ones saying how many requests they average) and the
    penalties owed."""
    quality = service_quality(organisation, today)
    months = quality["months"] if quality else []
    columns = ("Engagement", "Contrat (prestataire)", "Cible", *(m["label"] for m in months), "Pénalités")
    lines = []
    for row in quality["rows"] if quality else []:
        cells = []
        for cell in row["months"]:
            if cell is None:
                cells.append("non mesuré")
                continue
            text = f"{cell['display']} — {cell['verdict']}"
            if cell["is_computed"]:
                text += f" ({cell['request_count']} demandes)"
            cells.append({"text": text, "url": cell["url"]})
        lines.append(
            (
                row["label"],
                f"{row['contract']} ({row['vendor']})",
                row["target"],
                *cells,
                row["penalties_display"],
            )
        )
    return columns, lines, reverse(SLA_MEASUREMENTS.url_name)


register_indicator(
    count_indicator(
        code="prestataires_actifs",
        label="Prestataires SI actifs",
        definition="Prestataires du référentiel marqués actifs.",
        unit="prestataires",
        source=VENDORS,
        params=lambda period, today: ACTIVE,
        period_kind="snapshot",
        counts="prestataires",
    ),
    count_indicator(
        code="prestataires_critiques",
        label="Prestataires critiques / structurants",
        definition=(
            "Prestataires actifs dont l'arrêt bloquerait un service essentiel (case « critique / structurant »)."
        ),
        unit="prestataires",
        source=VENDORS,
        params=lambda period, today: {**ACTIVE, "is_critical": "true"},
        period_kind="snapshot",
        counts="prestataires",
    ),
    count_indicator(
        code="prestataires_typologie",
        label="Prestataires actifs par typologie",
        definition="Prestataires actifs par typologie : télécoms, hébergement, logiciels métiers, support…",
        unit="prestataires",
        source=VENDORS,
        params=lambda period, today: ACTIVE,
        dimension=Dimension("typologie", "typology", "typology", choices=tuple(VendorTypology.choices)),
        period_kind="snapshot",
        counts="prestataires",
    ),
    count_indicator(
        code="contrats_en_cours",
        label="Contrats en cours",
        definition="Contrats dont la date de début est passée et la date de fin pas encore atteinte.",
        unit="contrats",
        source=CONTRACTS,
        params=lambda period, today: {"active": "true"},
        period_kind="snapshot",
        counts="contrats",
    ),
    count_indicator(
        code="contrats_a_renouveler",
        label="Contrats à renouveler sous 12 mois",
        definition=(
            "Contrats en cours qui se terminent dans les 12 mois. La date limite de dénonciation est la date de "
            "fin moins le préavis ; le tableau signale celles qui sont dépassées."
        ),
        unit="contrats",
        source=CONTRACTS,
        params=lambda period, today: {"to_renew": "true"},
        period_kind="snapshot",
        thresholds=Thresholds(Decimal(2), Decimal(5), higher_is_better=False),
        counts="contrats",
    ),
    count_indicator(
        code="marches_structurants",
        label="Marchés structurants",
        definition="Procédures de marché public marquées structurantes (télécoms, infogérance…), par état.",
        unit="marchés",
        source=PROCUREMENTS,
        params=lambda period, today: {"is_structuring": "true"},
        dimension=Dimension("état", "status", "status", choices=tuple(ProcurementStatus.choices)),
        period_kind="snapshot",
        counts="marchés",
    ),
    count_indicator(
        code="engagements_non_tenus",
        label="Engagements de service non tenus",
        definition=(
            "Mesures mensuelles des niveaux de service des contrats (disponibilité, délais de prise en charge et "
            "de résolution calculés depuis les demandes attribuées au prestataire, rapport mensuel reçu) qui "
            "n'atteignent pas leur cible, pour le dernier mois complet."
        ),
        unit="engagements",
        source=SLA_MEASUREMENTS,
        params=lambda period, today: {"met": "false", "month": period.start.isoformat()},
        thresholds=Thresholds(Decimal(0), Decimal(1), higher_is_better=False),
        counts="mesures",
    ),
)

register_dashboard(
    Dashboard(
        slug="prestataires-contrats",
        title="Prestataires & contrats",
        description="Dépendance aux prestataires, contrats à renouveler et marchés structurants.",
        source="référentiel des prestataires, contrats et marchés",
        order=60,
        sections=(
            Section(
                "Prestataires",
                (
                    Number("prestataires_actifs"),
                    Number("prestataires_critiques"),
                    Bars("prestataires_typologie"),
                ),
            ),
            Section(
                "Contrats et marchés",
                (
                    Number("contrats_en_cours"),
                    Number("contrats_a_renouveler"),
                    Number("marches_structurants"),
                    Table("contrats_a_renouveler", rows=contracts_to_renew, title="Contrats à renouveler"),
                    Table("marches_structurants"),
                ),
            ),
            Section(
                "Qualité de service du prestataire",
                (
                    Number("engagements_non_tenus"),
                    Table(
                        "engagements_non_tenus",
                        rows=service_quality_rows,
                        title="Niveaux de service des contrats sur les trois derniers mois",
                    ),
                ),
                description=(
                    "Engagements de service (SLA) des contrats : cible, mesures des trois derniers mois complets "
                    "(saisies depuis le rapport du prestataire, ou calculées depuis les demandes du support "
                    "attribuées au prestataire) et pénalités dues."
                ),
            ),
        ),
    )
)
