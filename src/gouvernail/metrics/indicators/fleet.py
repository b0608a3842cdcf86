"""« Patrimoine et soutenabilité » — the fleet by type, its average age, new vs refurbished,
assigned vs not, and the renewals projected over 24 months by quarter with their budget.

Renewal ages and unit costs per type have defaults here and are configurable per instance
(settings `GOUVERNAIL_RENEWAL_AGE_YEARS` and `GOUVERNAIL_RENEWAL_UNIT_COST`, merged over them).
"""

from collections import defaultdict
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import Count, Q

from gouvernail.inventory.choices import Condition, EquipmentFamily
from gouvernail.inventory.filtersets import EquipmentFilterSet
from gouvernail.metrics.builders import Dimension, Source, count_indicator
from gouvernail.metrics.periods import Period
from gouvernail.metrics.registry import (
    TOTAL,
    Bars,
    Dashboard,
    Indicator,
    Number,
    Section,
    StackedBars,
    Table,
    Value,
    register_dashboard,
    register_indicator,
)

FLEET = Source(EquipmentFilterSet, "inventory:equipment_list", "Inventaire du parc")
IN_SERVICE = {"state": "en_service"}
FAMILY = Dimension("type", "family", "family", choices=tuple(EquipmentFamily.choices))
CONDITION = Dimension("état à l'achat", "condition", "condition", choices=tuple(Condition.choices))
FAMILY_LABELS = dict(EquipmentFamily.choices)

# Age (years) at which a device of each type is due for renewal, and what replacing one costs (€ TTC).
RENEWAL_AGE_YEARS = {
    "pc_fixe": 6,
    "pc_portable": 5,
    "tablette": 4,
    "smartphone": 4,
    "serveur": 7,
    "reseau": 8,
    "imprimante": 7,
    "autre": 6,
}
UNIT_COST = {
    "pc_fixe": 900,
    "pc_portable": 1200,
    "tablette": 450,
    "smartphone": 350,
    "serveur": 6000,
    "reseau": 1500,
    "imprimante": 900,
    "autre": 300,
}
HORIZON_QUARTERS = 8  # 24 months
OVERDUE = "echus"


def renewal_ages() -> dict[str, int]:
    return {**RENEWAL_AGE_YEARS, **getattr(settings, "GOUVERNAIL_RENEWAL_AGE_YEARS", {})}


def unit_costs() -> dict[str, int]:
    return {**UNIT_COST, **getattr(settings, "GOUVERNAIL_RENEWAL_UNIT_COST", {})}


#
# Average age
#


def age_params(period, today, key=TOTAL) -> dict:
    params = {**IN_SERVICE, "purchase_known": "true"}
    return {**params, "family": key} if key != TOTAL else params


def average_age_compute(organisation, period, today: date) -> list[Value]:
    """Mean age in years of the devices in service with a purchase date, overall and per type.
    Grouped by (type, purchase date) in the database; a device without a date is left out."""
    rows = FLEET.rows(organisation, age_params(period, today)).values("family", "purchase_date").annotate(n=Count("pk"))
    days, counts = defaultdict(int), defaultdict(int)
    for row in rows:
        days[row["family"]] += (today - row["purchase_date"]).days * row["n"]
        counts[row["family"]] += row["n"]

    def years(total_days: int, count: int) -> Decimal | None:
        return (
            (Decimal(total_days) / count / Decimal("365.25")).quantize(Decimal("0.1"), ROUND_HALF_UP) if count else None
        )

    values = [Value(TOTAL, "Ensemble", years(sum(days.values()), sum(counts.values())), sum(counts.values()))]
    for family, label in EquipmentFamily.choices:
        if counts[family]:
            values.append(Value(family, label, years(days[family], counts[family]), counts[family]))
    return values


#
# Assigned or not
#


def assignment_compute(organisation, period, today: date) -> list[Value]:
    counts = FLEET.rows(organisation, IN_SERVICE).aggregate(
        yes=Count("pk", filter=Q(assigned_to__isnull=False)), no=Count("pk", filter=Q(assigned_to__isnull=True))
    )
    return [
        Value(TOTAL, "Ensemble", Decimal(counts["yes"] + counts["no"]), counts["yes"] + counts["no"]),
        Value("true", "Affectés à un agent", Decimal(counts["yes"]), counts["yes"]),
        Value("false", "Non affectés (partagés, stock)", Decimal(counts["no"]), counts["no"]),
    ]


def assignment_params(key: str) -> dict:
    return {**IN_SERVICE, **({"assigned": key} if key != TOTAL else {})}


#
# Renewals
#


def renewal_quarters(today: date) -> list[Period]:
    first = Period.quarter(today)
    return [first.shift(i) for i in range(HORIZON_QUARTERS)]


def renewal_params(today: date, key: str) -> dict:
    """Devices of one type whose renewal age falls in one quarter (or before the first: « échus »)."""
    quarter_key, _, family = key.partition("|")
    ages = renewal_ages()
    first = renewal_quarters(today)[0]
    years = relativedelta(years=ages[family])
    params = {**IN_SERVICE, "family": family, "purchase_known": "true"}
    if quarter_key == OVERDUE:
        return {**params, "purchased_before": (first.start - years).isoformat()}
    quarter = Period.parse(quarter_key)
    return {
        **params,
        "purchased_from": (quarter.start - years).isoformat(),
        "purchased_before": (quarter.end + relativedelta(days=1) - years).isoformat(),
    }


def renewal_buckets(organisation, today: date) -> dict[str, int]:
    """{"2027-T1|pc_portable": n, "echus|pc_fixe": n, …}: one query grouped by (type, date)."""
    rows = FLEET.rows(organisation, {**IN_SERVICE, "purchase_known": "true"})
    rows = rows.values("family", "purchase_date").annotate(n=Count("pk"))
    quarters = renewal_quarters(today)
    first = quarters[0].start
    ages = renewal_ages()
    buckets: dict[str, int] = defaultdict(int)
    for row in rows:
        due = add_years(row["purchase_date"], ages.get(row["family"], 6))
        if due < first:
            buckets[f"{OVERDUE}|{row['family']}"] += row["n"]
            continue
        # Quarters ahead of the first one, by arithmetic (this runs once per distinct date).
        index = (due.year - first.year) * 4 + (due.month - first.month) // 3
        if index < len(quarters):
            buckets[f"{quarters[index].key}|{row['family']}"] += row["n"]
    return buckets


def add_years(day: date, years: int) -> date:
    """`day` + `years`, 29 February becoming 28 February (as relativedelta does, but cheaper)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def renewal_categories(today: date) -> list[tuple[str, str]]:
    """« Déjà échus », then the 8 quarters ahead: the bars of the renewals chart, even when empty."""
    return [(OVERDUE, "Déjà échus")] + [(q.key, q.label) for q in renewal_quarters(today)]


def renewal_keys(today: date) -> list[tuple[str, str]]:
    keys = renewal_categories(today)
    return [(f"{k}|{family}", f"{label} · {FAMILY_LABELS[family]}") for k, label in keys for family in FAMILY_LABELS]


def renewals_compute(organisation, period, today: date, *, budget: bool = False) -> list[Value]:
    buckets = renewal_buckets(organisation, today)
    costs = unit_costs()
    values = []
    for key, label in renewal_keys(today):
        count = buckets.get(key, 0)
        if count:
            amount = count * costs.get(key.partition("|")[2], 0) if budget else count
            values.append(Value(key, label, Decimal(amount), count))
    total_count = sum(v.count for v in values)
    total = sum((v.value for v in values), Decimal(0))
    return [Value(TOTAL, "Ensemble (24 mois, échus compris)", total, total_count), *values]


def renewal_records(organisation, period, key, today):
    if key == TOTAL:
        keys = [k for k, _ in renewal_keys(today)]
        rows = FLEET.rows(organisation, {**IN_SERVICE, "purchase_known": "true"}).none()
        for each in keys:
            rows = rows | FLEET.rows(organisation, renewal_params(today, each))
        return rows
    return FLEET.rows(organisation, renewal_params(today, key))


def renewal_url(period, key, today):
    return None if key == TOTAL else FLEET.url(renewal_params(today, key))


AGE_RULE = (
    "Âge de renouvellement par type (années) : "
    + ", ".join(f"{FAMILY_LABELS[f]} {a}" for f, a in RENEWAL_AGE_YEARS.items())
    + ". Paramétrable (GOUVERNAIL_RENEWAL_AGE_YEARS)."
)
COST_RULE = (
    "Coût unitaire estimé par type (€ TTC) : "
    + ", ".join(f"{FAMILY_LABELS[f]} {c}" for f, c in UNIT_COST.items())
    + ". Paramétrable (GOUVERNAIL_RENEWAL_UNIT_COST)."
)

register_indicator(
    count_indicator(
        code="parc_type",
        label="Équipements en service par type",
        definition="Équipements au statut « en service », par type (PC fixes, portables, tablettes, mobiles…).",
        unit="équipements",
        source=FLEET,
        params=lambda period, today: IN_SERVICE,
        dimension=FAMILY,
        period_kind="snapshot",
        counts="équipements",
    ),
    Indicator(
        code="parc_age_moyen",
        label="Ancienneté moyenne du parc",
        definition=(
            "Moyenne, en années, de (aujourd'hui − date d'achat) des équipements en service dont la date d'achat "
            "est connue ; les équipements sans date d'achat sont exclus (le lien ouvre ceux qui sont comptés)."
        ),
        unit="ans",
        source=FLEET.label,
        compute=average_age_compute,
        records=lambda organisation, period, key, today: FLEET.rows(organisation, age_params(period, today, key)),
        url=lambda period, key, today: FLEET.url(age_params(period, today, key)),
        dimension="type",
        period_kind="snapshot",
        decimals=1,
        counts="équipements datés",
    ),
    count_indicator(
        code="parc_etat_achat",
        label="Équipements neufs et reconditionnés",
        definition="Équipements en service selon leur état à l'achat : neuf ou reconditionné.",
        unit="équipements",
        source=FLEET,
        params=lambda period, today: IN_SERVICE,
        dimension=CONDITION,
        period_kind="snapshot",
        counts="équipements",
    ),
    Indicator(
        code="parc_affectation",
        label="Équipements affectés et non affectés",
        definition="Équipements en service affectés à un agent, ou non affectés (postes partagés, stock, EPN).",
        unit="équipements",
        source=FLEET.label,
        compute=assignment_compute,
        records=lambda organisation, period, key, today: FLEET.rows(organisation, assignment_params(key)),
        url=lambda period, key, today: FLEET.url(assignment_params(key)),
        dimension="affectation",
        period_kind="snapshot",
        counts="équipements",
    ),
    Indicator(
        code="parc_renouvellements",
        label="Renouvellements projetés à 24 mois",
        definition=(
            "Équipements en service dont l'âge de renouvellement de leur type tombe dans chacun des 8 prochains "
            f"trimestres, ou est déjà dépassé (« déjà échus »). {AGE_RULE}"
        ),
        unit="équipements",
        source=FLEET.label,
        compute=renewals_compute,
        records=renewal_records,
        url=renewal_url,
        dimension="trimestre · type",
        period_kind="snapshot",
        counts="équipements",
    ),
    Indicator(
        code="parc_renouvellements_budget",
        label="Budget estimé des renouvellements à 24 mois",
        definition=f"Nombre d'équipements à renouveler par trimestre et par type × coût unitaire du type. {COST_RULE}",
        unit="€",
        source=FLEET.label,
        compute=lambda organisation, period, today: renewals_compute(organisation, period, today, budget=True),
        records=renewal_records,
        url=renewal_url,
        dimension="trimestre · type",
        period_kind="snapshot",
        counts="équipements",
    ),
)

register_dashboard(
    Dashboard(
        slug="patrimoine",
        title="Patrimoine et soutenabilité",
        description="Composition, âge et renouvellement du parc, avec le budget à prévoir sur 24 mois.",
        source="inventaire du parc",
        order=40,
        sections=(
            Section(
                "Composition",
                (
                    Number("parc_type"),
                    Number("parc_age_moyen"),
                    Number("parc_etat_achat", "reconditionne", "Équipements reconditionnés"),
                    Number("parc_affectation", "false", "Équipements non affectés"),
                    Bars("parc_type"),
                    Bars("parc_age_moyen", title="Ancienneté moyenne par type (ans)"),
                    Table("parc_etat_achat"),
                    Table("parc_affectation"),
                ),
            ),
            Section(
                "Renouvellements à 24 mois",
                (
                    Number("parc_renouvellements"),
                    Number("parc_renouvellements_budget"),
                    StackedBars(
                        "parc_renouvellements",
                        title="Équipements à renouveler par trimestre, par type",
                        categories=renewal_categories,
                    ),
                    Table("parc_renouvellements_budget", title="Budget estimé par trimestre et par type (€)"),
                ),
            ),
        ),
    )
)
