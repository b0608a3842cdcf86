"""Vendors (from the seed), their contacts, and the synthetic contracts of the demo.

The study names the vendors but gives no contract: the sixteen contracts below are invented.
Their dates are offsets in months from the reference date (the day of the load), so that the
dashboard « Contrats : en cours ; à renouveler < 12 mois » always has something to show:
some notice deadlines fall within the next twelve months, two have already passed while the
contract still runs, and one contract has ended.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from gouvernail.core.models import Organisation
from gouvernail.demo.records import persist, synthetic_note
from gouvernail.vendors.models import Contract, Vendor, VendorContact

VAT_RATE = Decimal("1.20")

OUTSOURCER = "Prestataire infogérance (attributaire du marché)"
RESELLER = "Revendeur matériel informatique"


@dataclass(frozen=True)
class ContractSpec:
    """A synthetic contract. `start` is in months from the first day of the reference month.

    With k = start + duration − notice, the notice deadline falls within the next twelve
    months when 2 ≤ k ≤ 12 and has passed when k ≤ 0 (the contract still runs while
    start + duration ≥ 1); see the module docstring.
    """

    vendor: str
    subject: str
    start: int
    duration: int
    notice: int
    amount_ht: str
    tacit_renewal: bool = False
    is_structuring: bool = False
    procurement_reference: str = ""
    applications: tuple[str, ...] = ()
    note: str = ""


CONTRACTS: tuple[ContractSpec, ...] = (
    ContractSpec(
        "Orange", "Téléphonie mobile et fixe (Modulo Carte)", -40, 48, 3, "18600.00",
        is_structuring=True, procurement_reference="MAPA-2022-05",
        note="Marché structurant télécoms ; migration de la flotte mobile en cours.",
    ),
    ContractSpec(
        "Orange", "Accès internet et liens intersites (fibre)", -12, 36, 3, "9800.00",
        is_structuring=True, procurement_reference="MAPA-2024-02",
    ),
    ContractSpec(
        "SFR", "Téléphonie mobile (flotte historique)", -33, 36, 3, "4200.00", is_structuring=True,
        note="Préavis dépassé : la flotte migre chez Orange avant l'échéance.",
    ),
    ContractSpec(
        "OVH", "Hébergement web, nom de domaine et messagerie MX Plan", -8, 12, 1, "480.00", tacit_renewal=True,
    ),
    ContractSpec(
        "OVH", "Hébergement de la base de données GestSup", -3, 12, 1, "360.00", tacit_renewal=True,
    ),
    ContractSpec(
        "Berger-Levrault", "Suite finances et ressources humaines (SaaS)", -24, 36, 6, "14500.00",
        procurement_reference="MAPA-2023-04", applications=("Berger-Levrault",),
    ),
    ContractSpec(
        "AÏGA", "Abonnement iNoé et Espace Familles", -20, 36, 3, "6900.00",
        procurement_reference="MAPA-2024-03", applications=("iNoé",),
    ),
    ContractSpec(
        "AÏGA", "Abonnement iMuse (école de musique)", -10, 12, 2, "1850.00", tacit_renewal=True,
        applications=("iMuse",), note="Préavis dépassé : reconduction tacite pour un an.",
    ),
    ContractSpec(
        "AÏGA", "Abonnement Noé (remplacé par iNoé)", -56, 36, 3, "5200.00", note="Contrat échu, remplacé par iNoé.",
    ),
    ContractSpec(
        "3P", "Licence et maintenance Marchés Publics 3P", -5, 12, 2, "2400.00", tacit_renewal=True,
        applications=("Marchés Publics 3P",),
    ),
    ContractSpec(
        "COGILAB", "Maintenance SurfPass (via le revendeur FATECH)", -14, 24, 2, "1250.00", applications=("SurfPass",),
    ),
    ContractSpec(
        "NG Analytics", "Drive Nextcloud et OnlyOffice entreprise (licences, hébergement, infogérance)", -30, 36, 3,
        "11800.00", applications=("Nextcloud",),
    ),
    ContractSpec(
        "GestSup", "Abonnement support et mises à jour GestSup", -1, 12, 1, "600.00", tacit_renewal=True,
        applications=("GestSup",),
    ),
    ContractSpec(
        "Libriciel SCOP", "Abonnement i-Parapheur (SaaS)", -2, 36, 3, "3100.00", applications=("i-Parapheur",),
    ),
    ContractSpec(
        RESELLER, "Fourniture de postes de travail (accord-cadre)", -6, 24, 1, "38000.00",
        procurement_reference="AC-2025-01", note="Renouvellement des postes Windows 10.",
    ),
    ContractSpec(
        # Three complete months before the load date: its service levels have three months measured.
        OUTSOURCER, "Accompagnement et infogérance du SI", -3, 48, 6, "42000.00", is_structuring=True,
        procurement_reference="2025-SI-01",
        note="Marché issu de la consultation « accompagnement / infogérance SI » (scénario 1 de l'étude).",
    ),
)  # fmt: skip


def build_vendors(organisation: Organisation, seed_vendors: list[dict]) -> dict[str, Vendor]:
    vendors = {}
    for entry in seed_vendors:
        notes = entry.get("notes", "")
        vendor = persist(
            Vendor(
                organisation=organisation,
                name=entry["name"],
                typology=entry["typology"],
                is_critical=entry.get("is_critical", False),
                notes=synthetic_note(notes) if entry.get("synthetic") else notes,
            )
        )
        for contact in entry.get("contacts") or ():
            persist(
                VendorContact(
                    organisation=organisation,
                    vendor=vendor,
                    role=contact["role"],
                    label=contact.get("label", ""),
                    email=contact.get("email", ""),
                    url=contact.get("url", ""),
                )
            )
        vendors[vendor.name] = vendor
    return vendors


def build_contracts(
    organisation: Organisation, vendors: dict[str, Vendor], reference_date: date
) -> dict[str, Contract]:
    """Creates CONTRACTS; returns the contract of each application that has one, by application name."""
    first_of_month = reference_date.replace(day=1)
    by_application = {}
    for number, spec in enumerate(CONTRACTS, start=1):
        start = first_of_month + relativedelta(months=spec.start)
        amount = Decimal(spec.amount_ht)
        contract = persist(
            Contract(
                organisation=organisation,
                reference=f"CT-{start.year}-{number:03d}",
                subject=spec.subject,
                vendor=vendors[spec.vendor],
                start_date=start,
                duration_months=spec.duration,
                notice_months=spec.notice,
                tacit_renewal=spec.tacit_renewal,
                annual_amount_ht=amount,
                annual_amount_ttc=(amount * VAT_RATE).quantize(Decimal("0.01")),
                procurement_reference=spec.procurement_reference,
                is_structuring=spec.is_structuring,
                notes=synthetic_note(spec.note),
            )
        )
        by_application.update(dict.fromkeys(spec.applications, contract))
    return by_application
