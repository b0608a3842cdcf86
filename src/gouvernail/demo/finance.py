"""The IT budget of the demo (« Finances SI »): budget lines of the year of the load in the M57
nomenclature, an AP with its CP, engagements and mandats to date, and the 2026–2028 trajectory.

The study gives no amount at all: every figure here is synthetic and labelled so. The amounts
follow what the demo already holds — the synthetic contracts (annual amount TTC), the projects'
planned budgets, the roadmap's axes and years — so that the budget reads like the study's
organisation. Dates move with the reference date: the fiscal year is the year of the load and
the mandats are dated in its past months, so the execution « to date » is meaningful whenever
the demo is loaded. One mandat on an imputation without a budget line shows that an unmatched
row is kept and listed.
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from gouvernail.applications.models import Application
from gouvernail.core.models import Organisation
from gouvernail.demo.records import persist, synthetic_note
from gouvernail.finance.choices import REFERENCE_SCENARIO, ExecutionKind, Section
from gouvernail.finance.models import (
    Account,
    BudgetLine,
    ExecutionEntry,
    FinanceSettings,
    PaymentCredit,
    Programme,
    TrajectoryEntry,
)
from gouvernail.finance.services import accounts_seed
from gouvernail.steering.models import Project, RoadmapAxis
from gouvernail.vendors.models import Contract

FUNCTION = "020"  # administration générale de la collectivité: an internal IT service
CENT = Decimal("0.01")
# The roadmap of the study runs 2026–2028.
TRAJECTORY_YEARS = (2026, 2027, 2028)
INDEXATION = Decimal("2.00")  # synthetic yearly indexation of the running contracts

# Contract subjects (demo/vendors.py) → (account, roadmap axis). Telecoms go to 626, the
# operator's and hosts' services to 611, software maintenance to 6156; the SaaS account is
# uncertain in M57 (reference notes): the line says so.
CONTRACT_ACCOUNTS = {
    "Téléphonie": ("626", "Outils collaboratifs & messagerie"),
    "Accès internet": ("626", "Cybersécurité"),
    "Hébergement": ("611", "Support & exploitation SI"),
    "Suite finances": ("611", "Outils collaboratifs & messagerie"),
    "Abonnement": ("611", "Outils collaboratifs & messagerie"),
    "Licence et maintenance": ("6156", "Support & exploitation SI"),
    "Maintenance": ("6156", "Support & exploitation SI"),
    "Drive Nextcloud": ("611", "Outils collaboratifs & messagerie"),
    "Accompagnement et infogérance": ("611", "Gouvernance & pilotage SI"),
}
SAAS_NOTE = "Imputation d'un abonnement SaaS à vérifier dans le guide des imputations M57."


@dataclass(frozen=True)
class InvestmentSpec:
    """A synthetic investment line, fed by a demo project (its planned budget) or a fixed amount."""

    account: str
    label: str
    axis: str
    project: str = ""
    amount: str = ""
    committed_share: str = "0.80"
    paid_share: str = "0.50"


INVESTMENTS = (
    InvestmentSpec("2183", "Pare-feu centralisé et équipements réseau intersites", "Cybersécurité",
                   project="Firewall centralisé et réseau intersites"),
    InvestmentSpec("2185", "Matériel de téléphonie IP", "Outils collaboratifs & messagerie",
                   project="Téléphonie IP unifiée", committed_share="0.60", paid_share="0.30"),
    InvestmentSpec("2031", "Étude et accompagnement du déploiement M365", "Outils collaboratifs & messagerie",
                   project="Déploiement M365", committed_share="0.40", paid_share="0.00"),
    InvestmentSpec("2188", "Équipements de la salle de COPIL (écran, visioconférence)", "Gouvernance & pilotage SI",
                   amount="4500.00", committed_share="1.00", paid_share="1.00"),
)  # fmt: skip

OPERATING = (
    ("6184", "Formations agents (sécurité, téléphonie, outils numériques)", "Accompagnement & formation", "6000.00"),
    ("60632", "Petit équipement (claviers, écrans, câbles)", "Postes & environnement de travail", "3500.00"),
    ("6281", "Cotisations et adhésions (réseaux numériques des collectivités)", "Gouvernance & pilotage SI", "1200.00"),
)  # fmt: skip

# The AP of the workstation renewal (Windows 11): its CP per year of the roadmap.
PROGRAMME = {
    "label": "Renouvellement du parc et migration Windows 11",
    "amount": Decimal("120000.00"),
    "axis": "Postes & environnement de travail",
    "project": "Migration Windows 11",
    "credits": {2026: Decimal("48000.00"), 2027: Decimal("42000.00"), 2028: Decimal("30000.00")},
}

# Alternative scenario of the study's organisation choice, yearly, synthetic: scenario 3 replaces
# the outsourcing contract by a recruited RSI (staff costs, outside the IT chapters).
RECRUITMENT_YEARLY = Decimal("58000.00")


def cents(value) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def build_finance(organisation: Organisation, reference_date: date) -> list[BudgetLine]:
    """The demo's budget of the year of `reference_date`, its execution to date and trajectory."""
    accounts_seed(organisation=organisation, acting_user=None)
    accounts = {a.number: a for a in Account.objects.filter(organisation=organisation)}
    axes = {a.name: a for a in RoadmapAxis.objects.filter(organisation=organisation)}
    projects = {p.name: p for p in Project.objects.filter(organisation=organisation)}
    year = reference_date.year
    persist(FinanceSettings(organisation=organisation, hourly_support_cost=Decimal("35.00")))
    programme = _programme(organisation, axes, projects)
    lines = [
        *_contract_lines(organisation, accounts, axes, year),
        *_investment_lines(organisation, accounts, axes, projects, programme, year),
        *_operating_lines(organisation, accounts, axes, year),
    ]
    _execution(organisation, lines, reference_date)
    _trajectory(organisation, axes, lines, year)
    return lines


def _programme(organisation, axes, projects) -> Programme:
    programme = persist(
        Programme(
            organisation=organisation,
            code=f"AP-{TRAJECTORY_YEARS[0]}-01",
            label=PROGRAMME["label"],
            amount=PROGRAMME["amount"],
            voted_on=date(TRAJECTORY_YEARS[0], 3, 31),
            axis=axes.get(PROGRAMME["axis"]),
            project=projects.get(PROGRAMME["project"]),
            notes=synthetic_note("Montants inventés, cohérents avec le projet « Migration Windows 11 »."),
        )
    )
    # The CP span the roadmap's years (a study fact), whatever the year of the load.
    for credit_year, amount in PROGRAMME["credits"].items():
        persist(PaymentCredit(organisation=organisation, programme=programme, year=credit_year, amount=amount))
    return programme


def _contract_account(subject: str) -> tuple[str, str] | None:
    return next((value for prefix, value in CONTRACT_ACCOUNTS.items() if subject.startswith(prefix)), None)


def _contract_lines(organisation, accounts, axes, year) -> list[BudgetLine]:
    """One fonctionnement line per contract running in the year (its annual amount TTC)."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    applications = {
        a.contract_id: a for a in Application.objects.filter(organisation=organisation, contract__isnull=False)
    }
    lines = []
    contracts = Contract.objects.filter(organisation=organisation, start_date__lte=last, end_date__gte=first)
    for contract in contracts.select_related("vendor").order_by("reference"):
        mapping = _contract_account(contract.subject)
        if mapping is None or contract.annual_amount_ttc is None:
            continue  # the workstation supply contract is an investment (the AP's line)
        number, axis = mapping
        note = SAAS_NOTE if "SaaS" in contract.subject or "Abonnement" in contract.subject else ""
        lines.append(
            persist(
                BudgetLine(
                    organisation=organisation,
                    year=year,
                    section=Section.OPERATING,
                    account=accounts[number],
                    function=FUNCTION,
                    label=contract.subject[:200],
                    axis=axes.get(axis),
                    contract=contract,
                    application=applications.get(contract.pk),
                    primitive_amount=cents(contract.annual_amount_ttc),
                    indexation_percent=INDEXATION,
                    notes=synthetic_note(note),
                )
            )
        )
    return lines


def _investment_lines(organisation, accounts, axes, projects, programme, year) -> list[BudgetLine]:
    credit = programme.credits.filter(year=year).first()
    lines = []
    if credit is not None:  # a load outside the AP's years has no CP to spend
        lines.append(
            persist(
                BudgetLine(
                    organisation=organisation,
                    year=year,
                    section=Section.INVESTMENT,
                    account=accounts["2183"],
                    function=FUNCTION,
                    label="Postes de travail Windows 11 (renouvellement)",
                    programme=programme,
                    axis=programme.axis,
                    project=programme.project,
                    primitive_amount=credit.amount,
                    notes=synthetic_note("Crédits de paiement de l'AP pour l'exercice."),
                )
            )
        )
    for spec in INVESTMENTS:
        project = projects.get(spec.project)
        amount = Decimal(spec.amount) if spec.amount else (project.budget_planned if project else None)
        if amount is None:
            continue
        lines.append(
            persist(
                BudgetLine(
                    organisation=organisation,
                    year=year,
                    section=Section.INVESTMENT,
                    account=accounts[spec.account],
                    function=FUNCTION,
                    label=spec.label,
                    axis=axes.get(spec.axis),
                    project=project,
                    primitive_amount=cents(amount),
                    notes=synthetic_note(),
                )
            )
        )
    return lines


def _operating_lines(organisation, accounts, axes, year) -> list[BudgetLine]:
    return [
        persist(
            BudgetLine(
                organisation=organisation,
                year=year,
                section=Section.OPERATING,
                account=accounts[number],
                function=FUNCTION,
                label=label,
                axis=axes.get(axis),
                primitive_amount=Decimal(amount),
                # A décision modificative on the training line, to show DM in the totals.
                amendments_amount=Decimal("1500.00") if number == "6184" else Decimal("0.00"),
                notes=synthetic_note(),
            )
        )
        for number, label, axis, amount in OPERATING
    ]


def _execution(organisation, lines: list[BudgetLine], reference_date: date) -> None:
    """Engagements at the start of the year and mandats in the months already past: contracts
    are engaged for the year and paid by quarter; investments engaged then partly paid."""
    year = reference_date.year
    past_quarters = [q for q in (1, 4, 7, 10) if date(year, q, 15) < reference_date]
    number = 0

    def entry(line, kind, day, amount, subject):
        nonlocal number
        number += 1
        prefix = "E" if kind == ExecutionKind.COMMITMENT else "M"
        vendor = line.contract.vendor if line.contract_id else None
        persist(
            ExecutionEntry(
                organisation=organisation,
                year=year,
                kind=kind,
                reference=f"{prefix}{year}-{number:04d}",
                date=day,
                imputation=line.imputation,
                line=line,
                vendor=vendor,
                third_party=vendor.name if vendor else "Fournisseur (démonstration)",
                amount=cents(amount),
                subject=subject,
            )
        )

    start = min(date(year, 1, 15), reference_date)
    for line in lines:
        opened = line.primitive_amount + line.amendments_amount
        if line.contract_id:
            entry(line, ExecutionKind.COMMITMENT, start, opened, f"Engagement annuel — {line.label}"[:300])
            for quarter in past_quarters:
                entry(
                    line,
                    ExecutionKind.PAYMENT,
                    date(year, quarter, 15),
                    opened / 4,
                    f"Échéance trimestrielle — {line.label}"[:300],
                )
            continue
        spec = next((s for s in INVESTMENTS if s.label == line.label), None)
        committed = Decimal(spec.committed_share) if spec else Decimal("0.90")
        paid = Decimal(spec.paid_share) if spec else Decimal("0.55")
        if reference_date.month < 3:
            committed, paid = committed / 2, Decimal(0)  # early in the year, little is paid yet
        entry(line, ExecutionKind.COMMITMENT, start, opened * committed, f"Commande — {line.label}"[:300])
        if paid and past_quarters:
            entry(
                line,
                ExecutionKind.PAYMENT,
                date(year, past_quarters[-1], 15),
                opened * committed * paid,
                f"Facture — {line.label}"[:300],
            )
    if past_quarters:
        # An invoice on an imputation the budget has no line for: kept, listed as unmatched.
        persist(
            ExecutionEntry(
                organisation=organisation,
                year=year,
                kind=ExecutionKind.PAYMENT,
                reference=f"M{year}-9999",
                date=date(year, past_quarters[-1], 20),
                imputation=f"21-21838-{FUNCTION}",
                third_party="Revendeur matériel informatique",
                amount=Decimal("1290.00"),
                subject="Onduleurs pour les baies réseau (imputation sans ligne au budget SI)",
            )
        )


def _trajectory(organisation, axes, lines: list[BudgetLine], year: int) -> None:
    """The 2026–2028 trajectory by axis and section: the year's voted amounts, indexed for the
    contracts, the AP's CP for the workstations; and scenario 3 of the study (a recruited RSI
    instead of the outsourcing contract), with a synthetic staff cost."""
    by_axis: dict[tuple[str, str], Decimal] = {}
    outsourcing = Decimal(0)
    for line in lines:
        if line.programme_id:
            continue
        key = (line.axis.name if line.axis_id else "", line.section)
        by_axis[key] = by_axis.get(key, Decimal(0)) + line.primitive_amount + line.amendments_amount
        if line.contract_id and line.contract.subject.startswith("Accompagnement et infogérance"):
            outsourcing += line.primitive_amount
    credits = PROGRAMME["credits"]
    note = synthetic_note("Montant de trajectoire inventé pour la démonstration.")
    for planned_year in TRAJECTORY_YEARS:
        factor = (1 + INDEXATION / 100) ** max(planned_year - year, 0)
        for (axis, section), amount in by_axis.items():
            # Investments other than the AP are one-off: planned in the year of the load only.
            if section == Section.INVESTMENT and planned_year != year:
                continue
            base = amount * factor if section == Section.OPERATING else amount
            _planned(organisation, REFERENCE_SCENARIO, planned_year, section, axes.get(axis), base, note)
        _planned(
            organisation,
            REFERENCE_SCENARIO,
            planned_year,
            Section.INVESTMENT,
            axes.get(PROGRAMME["axis"]),
            credits[planned_year],
            note,
            label="Renouvellement du parc (CP de l'AP)",
        )
        scenario = "Scénario 3 — recrutement d'un RSI"
        _planned(
            organisation, scenario, planned_year, Section.OPERATING, axes.get("Gouvernance & pilotage SI"),
            RECRUITMENT_YEARLY - outsourcing * factor, note,
            label="Recrutement d'un RSI (CDD 3 ans) au lieu de l'infogérance : surcoût annuel",
        )  # fmt: skip


def _planned(organisation, scenario, year, section, axis, amount, note, label=""):
    label = label or f"{Section(section).label} — {axis.name if axis else 'hors axe'}"
    persist(
        TrajectoryEntry(
            organisation=organisation,
            scenario=scenario,
            year=year,
            section=section,
            axis=axis,
            label=label[:200],
            amount=cents(max(amount, Decimal(0))),
            notes=note,
        )
    )
