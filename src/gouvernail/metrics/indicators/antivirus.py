"""« Antivirus » — the security dashboard: protected computers among those in service, by product,
and the list of the unprotected ones (devices, not people: listing them is the point); and the
directory accounts (Entra ID): MFA coverage, by service under the minimum group size, and the
dormant accounts. Those two open the person list, which only roles that read people may see."""

from datetime import date, timedelta
from decimal import Decimal

from gouvernail.core.filtersets import PersonFilterSet
from gouvernail.core.formatting import display
from gouvernail.inventory.filtersets import (
    COMPUTER_FAMILIES,
    NO_PRODUCT,
    PROTECTION_FRESHNESS_DAYS,
    EquipmentFilterSet,
    protected_q,
)
from gouvernail.inventory.models import Equipment
from gouvernail.metrics.builders import SERVICE, Dimension, Source, count_indicator, ratio_indicator
from gouvernail.metrics.periods import Period
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

FLEET = Source(EquipmentFilterSet, "inventory:equipment_list", "Inventaire du parc (états antivirus)")
COMPUTERS = {"state": "en_service", "computer": "true"}
PRODUCT = Dimension(
    "produit",
    "antivirus_product",
    "antivirus_product",
    missing_params={"antivirus_product": NO_PRODUCT},
    missing_label="Aucun ou non renseigné",
)
RULE = (
    f"Un poste est protégé quand il est en service et que son antivirus s'est déclaré activé et à jour dans les "
    f"{PROTECTION_FRESHNESS_DAYS} derniers jours. Sont comptés les ordinateurs : PC fixes, portables et serveurs."
)
UNPROTECTED = {**COMPUTERS, "protected": "false"}

PEOPLE = Source(PersonFilterSet, "core:person_list", "Annuaire Microsoft Entra ID (comptes rapprochés des personnes)")
DORMANT_DAYS = 90
ACCOUNTS_RULE = (
    "Sont comptés les comptes Entra ID rapprochés d'une personne du référentiel (par son adresse e-mail "
    "professionnelle, à défaut par celle de son compte Gouvernail), les comptes invités exclus."
)


def mfa_known(period: Period, today: date) -> dict:
    return {"account_enabled": "true", "mfa_known": "true"}


def dormant(period: Period, today: date) -> dict:
    return {"account_enabled": "true", "signed_in_before": (today - timedelta(days=DORMANT_DAYS)).isoformat()}


def unprotected_devices(organisation, today):
    rows = (
        Equipment.objects.filter(organisation=organisation, state="en_service", family__in=COMPUTER_FAMILIES)
        .exclude(protected_q(today))
        .select_related("site")
        .order_by("antivirus_seen", "name")[:20]
    )
    lines = [
        (
            {"text": device.name, "url": device.get_absolute_url()},
            device.site.name if device.site_id else "",
            device.antivirus_product or "—",
            device.get_antivirus_status_display(),
            display(device.antivirus_seen),
        )
        for device in rows
    ]
    return ("Équipement", "Site", "Antivirus", "État", "Dernier état le"), lines, FLEET.url(UNPROTECTED)


register_indicator(
    count_indicator(
        code="av_proteges",
        label="Postes protégés",
        definition=RULE,
        unit="postes",
        source=FLEET,
        params=lambda period, today: {**COMPUTERS, "protected": "true"},
        period_kind="snapshot",
        counts="postes",
    ),
    ratio_indicator(
        code="av_taux",
        label="Part des postes protégés",
        definition=f"Postes protégés ÷ ordinateurs en service. {RULE}",
        source=FLEET,
        numerator=lambda period, today: {**COMPUTERS, "protected": "true"},
        denominator=lambda period, today: COMPUTERS,
        period_kind="snapshot",
        thresholds=Thresholds(Decimal(95), Decimal(85)),
        counts="postes protégés",
    ),
    count_indicator(
        code="av_produit",
        label="Ordinateurs par antivirus",
        definition="Ordinateurs en service selon le produit antivirus remonté (ou aucun).",
        unit="postes",
        source=FLEET,
        params=lambda period, today: COMPUTERS,
        dimension=PRODUCT,
        period_kind="snapshot",
        counts="postes",
    ),
    count_indicator(
        code="av_non_proteges",
        label="Postes non protégés",
        definition=f"Ordinateurs en service qui ne sont pas protégés. {RULE}",
        unit="postes",
        source=FLEET,
        params=lambda period, today: UNPROTECTED,
        period_kind="snapshot",
        thresholds=Thresholds(Decimal(0), Decimal(5), higher_is_better=False),
        counts="postes",
    ),
)

register_indicator(
    ratio_indicator(
        code="mfa_taux",
        label="Couverture MFA",
        definition=(
            "Comptes activés ayant enregistré une double authentification (MFA) ÷ comptes activés dont l'état MFA "
            "est connu. Un état inconnu (licence sans le rapport d'enregistrement) n'est compté ni d'un côté ni "
            f"de l'autre. {ACCOUNTS_RULE} Par service, un service en deçà de l'effectif minimal (5 personnes "
            "par défaut) n'est pas détaillé."
        ),
        source=PEOPLE,
        numerator=lambda period, today: {**mfa_known(period, today), "mfa_registered": "true"},
        denominator=mfa_known,
        dimension=SERVICE,
        period_kind="snapshot",
        thresholds=Thresholds(Decimal(95), Decimal(80)),
        counts="comptes avec MFA",
    ),
    count_indicator(
        code="comptes_inactifs",
        label="Comptes inactifs",
        definition=(
            f"Comptes activés dont la dernière connexion date de plus de {DORMANT_DAYS} jours. Les comptes sans "
            "date de connexion connue (licence Entra ID sans P1/P2, ou jamais connectés) ne sont pas comptés. "
            f"{ACCOUNTS_RULE}"
        ),
        unit="comptes",
        source=PEOPLE,
        params=dormant,
        period_kind="snapshot",
        thresholds=Thresholds(Decimal(0), Decimal(5), higher_is_better=False),
        counts="comptes",
    ),
)

register_dashboard(
    Dashboard(
        slug="antivirus",
        title="Antivirus",
        description=(
            "Protection antivirus des ordinateurs en service, par produit, et les postes à traiter ; "
            "double authentification et comptes inactifs de l'annuaire."
        ),
        source="inventaire du parc (états remontés par les consoles antivirus), annuaire Microsoft Entra ID",
        order=70,
        sections=(
            Section(
                "Protection",
                (Number("av_proteges"), Number("av_taux"), Number("av_non_proteges"), Bars("av_produit")),
            ),
            Section("Postes non protégés", (Table("av_non_proteges", rows=unprotected_devices),)),
            Section(
                "Comptes et MFA",
                (Number("mfa_taux"), Number("comptes_inactifs"), Bars("mfa_taux")),
                description="Comptes Entra ID rapprochés des personnes du référentiel ; par service, un effectif "
                "insuffisant masque la valeur.",
            ),
        ),
    )
)
