"""« Budget SI » — the IT budget of the current fiscal year in the M57 nomenclature: crédits
ouverts and mandaté by section, taux d'exécution, part du fonctionnement, reste à réaliser,
spending per agent and per workstation, and the gap to the trajectory.

Every amount is a sum over budget lines of the year, computed by `BudgetLine.objects
.with_amounts()` (the path of the lists, the exports and the COPIL slide); its drill-down is
the budget line list filtered to exactly the lines summed (count = number of lines)."""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Sum

from gouvernail.core.choices import PersonKind
from gouvernail.core.models import Person
from gouvernail.finance.choices import REFERENCE_SCENARIO, Section
from gouvernail.finance.filtersets import BudgetLineFilterSet, TrajectoryEntryFilterSet
from gouvernail.finance.models import ZERO
from gouvernail.inventory.choices import EquipmentFamily, EquipmentState
from gouvernail.inventory.models import Equipment
from gouvernail.metrics.builders import TOTAL_LABEL, Source
from gouvernail.metrics.registry import (
    TOTAL,
    Bars,
    Dashboard,
    Indicator,
    Number,
    Table,
    Thresholds,
    Value,
    register_dashboard,
    register_indicator,
)
from gouvernail.metrics.registry import Section as DashboardSection

LINES = Source(BudgetLineFilterSet, "finance:budgetline_list", "Budget SI (lignes budgétaires)")
TRAJECTORY = Source(TrajectoryEntryFilterSet, "finance:trajectoryentry_list", "Trajectoire pluriannuelle")
SECTIONS = tuple(Section.choices)
WORKSTATIONS = (EquipmentFamily.DESKTOP, EquipmentFamily.LAPTOP)
CENT = Decimal("0.01")


def year_params(today, key: str = TOTAL, **extra) -> dict:
    params = {"year": today.year, **extra}
    if key != TOTAL:
        params["section"] = key
    return params


def line_rows(organisation, params: dict):
    return LINES.rows(organisation, params).with_amounts()


def per_section(organisation, today, measure, *, extra: dict | None = None) -> list[Value]:
    """[total, investissement, fonctionnement] of `measure(totals)` over the year's lines, from
    one grouped query; `count` is the number of lines summed."""
    grouped = line_rows(organisation, year_params(today, **(extra or {}))).totals_by_section()
    return [
        Value(
            key,
            label,
            measure(grouped["total" if key == TOTAL else key]),
            grouped["total" if key == TOTAL else key]["count"],
        )
        for key, label in ((TOTAL, TOTAL_LABEL), *SECTIONS)
    ]


def amount_indicator(*, code: str, field: str, extra: dict | None = None, **entry) -> Indicator:
    """A sum in euros of one amount of the year's lines, overall and by section."""

    def compute(organisation, period, today):
        return per_section(organisation, today, lambda totals: totals[field], extra=extra)

    return Indicator(
        code=code,
        compute=compute,
        records=lambda organisation, period, key, today: line_rows(
            organisation, year_params(today, key, **(extra or {}))
        ),
        url=lambda period, key, today: LINES.url(year_params(today, key, **(extra or {}))),
        source=LINES.label,
        unit="€",
        decimals=2,
        dimension="section",
        period_kind="snapshot",
        counts="lignes budgétaires",
        **entry,
    )


def execution_rate(totals: dict) -> Decimal | None:
    if not totals["opened"]:
        return None
    return (Decimal(100) * totals["mandated"] / totals["opened"]).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def operating_share_compute(organisation, period, today):
    grouped = line_rows(organisation, year_params(today)).totals_by_section()
    everything, operating = grouped["total"]["opened"], grouped[Section.OPERATING]
    value = None
    if everything:
        value = (Decimal(100) * operating["opened"] / everything).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return [Value(TOTAL, TOTAL_LABEL, value, operating["count"])]


def spending_per(denominator):
    """Mandaté of the year ÷ a headcount (agents, workstations), overall and by section."""

    def compute(organisation, period, today):
        count = denominator(organisation)
        values = per_section(organisation, today, lambda totals: totals["mandated"], extra={"with_payments": "true"})
        for value in values:
            value.value = (value.value / count).quantize(CENT, ROUND_HALF_UP) if count and value.count else None
        return values

    return compute


def active_agents(organisation) -> int:
    return Person.objects.filter(organisation=organisation, is_active=True, kind=PersonKind.AGENT).count()


def workstations(organisation) -> int:
    rows = Equipment.objects.filter(organisation=organisation, state=EquipmentState.IN_SERVICE)
    return rows.filter(family__in=WORKSTATIONS).count()


def trajectory_params(today, key: str = TOTAL) -> dict:
    params = {"year": today.year, "scenario": REFERENCE_SCENARIO}
    if key != TOTAL:
        params["section"] = key
    return params


def trajectory_gap_compute(organisation, period, today):
    """Planned in the reference trajectory for the year − mandaté on the year's lines."""
    planned = {section: [ZERO, 0] for section in Section.values}
    for row in (
        TRAJECTORY.rows(organisation, trajectory_params(today))
        .values("section")
        .annotate(total=Sum("amount"), n=Count("pk"))
    ):
        planned[row["section"]] = [row["total"] or ZERO, row["n"]]
    mandated = line_rows(organisation, year_params(today)).totals_by_section()
    values = []
    for key, label in ((TOTAL, TOTAL_LABEL), *SECTIONS):
        sections = Section.values if key == TOTAL else [key]
        amount = sum((planned[s][0] for s in sections), ZERO)
        count = sum(planned[s][1] for s in sections)
        spent = mandated["total" if key == TOTAL else key]["mandated"]
        values.append(Value(key, label, amount - spent if count else None, count))
    return values


SECTION_OF_YEAR = "de l'exercice en cours"

register_indicator(
    amount_indicator(
        code="budget_credits_ouverts",
        field="opened",
        label="Crédits ouverts",
        definition=(
            f"Somme, sur les lignes budgétaires SI {SECTION_OF_YEAR}, du budget primitif, des décisions "
            "modificatives et des reports de l'exercice précédent ; par section."
        ),
    ),
    amount_indicator(
        code="budget_mandate",
        field="mandated",
        label="Mandaté",
        definition=f"Somme des mandats rattachés aux lignes budgétaires SI {SECTION_OF_YEAR} ; par section.",
        extra={"with_payments": "true"},
    ),
    amount_indicator(
        code="budget_reste_a_realiser",
        field="remaining",
        label="Reste à réaliser",
        definition=(
            f"Par ligne budgétaire SI {SECTION_OF_YEAR} : engagé non mandaté (engagements − mandats, "
            "jamais négatif), sommé ; par section. Les rattachements de fonctionnement ne sont pas déduits."
        ),
        extra={"with_remaining": "true"},
    ),
    Indicator(
        code="budget_taux_execution",
        label="Taux d'exécution",
        definition=f"Mandaté ÷ crédits ouverts des lignes budgétaires SI {SECTION_OF_YEAR}, en % ; par section.",
        unit="%",
        source=LINES.label,
        compute=lambda organisation, period, today: per_section(organisation, today, execution_rate),
        records=lambda organisation, period, key, today: line_rows(organisation, year_params(today, key)),
        url=lambda period, key, today: LINES.url(year_params(today, key)),
        dimension="section",
        period_kind="snapshot",
        decimals=1,
        thresholds=Thresholds(Decimal(70), Decimal(40)),
        counts="lignes budgétaires",
    ),
    Indicator(
        code="budget_part_fonctionnement",
        label="Part du fonctionnement",
        definition=(
            f"Crédits ouverts de la section de fonctionnement ÷ crédits ouverts des deux sections, lignes SI "
            f"{SECTION_OF_YEAR}, en % (le reste est l'investissement). Le lien ouvre les lignes de fonctionnement."
        ),
        unit="%",
        source=LINES.label,
        compute=operating_share_compute,
        records=lambda organisation, period, key, today: line_rows(organisation, year_params(today, Section.OPERATING)),
        url=lambda period, key, today: LINES.url(year_params(today, Section.OPERATING)),
        period_kind="snapshot",
        decimals=1,
        counts="lignes de fonctionnement",
    ),
    Indicator(
        code="budget_depense_par_agent",
        label="Dépense SI par agent",
        definition=(
            f"Mandaté des lignes budgétaires SI {SECTION_OF_YEAR} ÷ agents actifs du référentiel (élus exclus). "
            "Le lien ouvre les lignes mandatées."
        ),
        unit="€ / agent",
        source=LINES.label,
        compute=spending_per(active_agents),
        records=lambda organisation, period, key, today: line_rows(
            organisation, year_params(today, key, with_payments="true")
        ),
        url=lambda period, key, today: LINES.url(year_params(today, key, with_payments="true")),
        dimension="section",
        period_kind="snapshot",
        decimals=2,
        counts="lignes budgétaires mandatées",
    ),
    Indicator(
        code="budget_depense_par_poste",
        label="Dépense SI par poste de travail",
        definition=(
            f"Mandaté des lignes budgétaires SI {SECTION_OF_YEAR} ÷ PC fixes et portables en service. "
            "Le lien ouvre les lignes mandatées."
        ),
        unit="€ / poste",
        source=LINES.label,
        compute=spending_per(workstations),
        records=lambda organisation, period, key, today: line_rows(
            organisation, year_params(today, key, with_payments="true")
        ),
        url=lambda period, key, today: LINES.url(year_params(today, key, with_payments="true")),
        dimension="section",
        period_kind="snapshot",
        decimals=2,
        counts="lignes budgétaires mandatées",
    ),
    Indicator(
        code="budget_ecart_trajectoire",
        label="Écart à la trajectoire",
        definition=(
            f"Montants prévus {SECTION_OF_YEAR} dans la trajectoire de référence − mandaté des lignes SI de "
            "l'exercice ; positif quand moins a été dépensé que prévu. Le lien ouvre les montants prévus."
        ),
        unit="€",
        source=TRAJECTORY.label,
        compute=trajectory_gap_compute,
        records=lambda organisation, period, key, today: TRAJECTORY.rows(organisation, trajectory_params(today, key)),
        url=lambda period, key, today: TRAJECTORY.url(trajectory_params(today, key)),
        dimension="section",
        period_kind="snapshot",
        decimals=2,
        counts="montants prévus",
    ),
)

register_dashboard(
    Dashboard(
        slug="budget-si",
        title="Budget SI",
        description=(
            "Budget informatique de l'exercice en nomenclature M57 : crédits, exécution, reste à réaliser et "
            "écart à la trajectoire pluriannuelle."
        ),
        source="lignes budgétaires, engagements et mandats, trajectoire pluriannuelle",
        order=80,
        sections=(
            DashboardSection(
                "Exécution de l'exercice",
                (
                    Number("budget_credits_ouverts"),
                    Number("budget_mandate"),
                    Number("budget_taux_execution"),
                    Number("budget_reste_a_realiser"),
                    Table("budget_credits_ouverts", title="Crédits ouverts par section"),
                    Bars("budget_taux_execution", title="Taux d'exécution par section"),
                ),
            ),
            DashboardSection(
                "Structure et ratios",
                (
                    Number("budget_part_fonctionnement"),
                    Number("budget_depense_par_agent"),
                    Number("budget_depense_par_poste"),
                    Number("budget_ecart_trajectoire"),
                    Table("budget_ecart_trajectoire", title="Écart à la trajectoire par section"),
                ),
            ),
        ),
    )
)
