"""The finance figures read by the pages, the indicators, the exports and the COPIL slide:
all from `BudgetLine.objects.with_amounts()`, so that they agree everywhere."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, Sum

from gouvernail.applications.models import Application
from gouvernail.finance.choices import REFERENCE_SCENARIO, ExecutionKind, Section
from gouvernail.finance.models import ZERO, BudgetLine, ExecutionEntry, TrajectoryEntry, to_cents
from gouvernail.finance.services import settings_for
from gouvernail.servicedesk.models import Request
from gouvernail.steering.models import RoadmapAxis

NO_AXIS = "Hors axe"


def lines_of(organisation, year: int | None = None):
    rows = BudgetLine.objects.filter(organisation=organisation).with_amounts()
    return rows.filter(year=year) if year is not None else rows


def summary(organisation, year: int) -> dict[str, dict[str, Decimal]]:
    """Totals of the year by section and overall: {"investissement": {...}, ..., "total": {...}}."""
    grouped = lines_of(organisation, year).totals_by_section()  # one query
    return {key: {name: value for name, value in totals.items() if name != "count"} for key, totals in grouped.items()}


def execution_rate(totals: dict[str, Decimal]) -> Decimal | None:
    """Mandaté ÷ crédits ouverts, in percent (one decimal)."""
    if not totals["opened"]:
        return None
    return (Decimal(100) * totals["mandated"] / totals["opened"]).quantize(Decimal("0.1"))


@dataclass
class TrajectoryRow:
    axis: str
    section: str
    planned: dict[int, Decimal]  # per year, the scenario's amounts
    executed: dict[int, Decimal]  # per year, mandaté on the lines of that axis and section

    def gap(self, year: int) -> Decimal:
        """Plan − execution: positive when less was spent than planned."""
        return self.planned.get(year, ZERO) - self.executed.get(year, ZERO)


def scenarios(organisation) -> list[str]:
    names = set(TrajectoryEntry.objects.filter(organisation=organisation).values_list("scenario", flat=True))
    return sorted(names, key=lambda name: (name != REFERENCE_SCENARIO, name))


def trajectory(organisation, years: list[int], scenario: str = REFERENCE_SCENARIO) -> list[TrajectoryRow]:
    """The pluriannual trajectory by roadmap axis and section: planned amounts of the scenario and
    what was mandated on the budget lines of the same axis and section, per year."""
    planned = (
        TrajectoryEntry.objects.filter(organisation=organisation, scenario=scenario, year__in=years)
        .values("axis__name", "section", "year")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    executed = (
        lines_of(organisation)
        .filter(year__in=years)
        .values("axis__name", "section", "year")
        .annotate(total=Sum("mandated"))
        .order_by()
    )
    rows: dict[tuple[str, str], TrajectoryRow] = {}
    for source, attribute in ((planned, "planned"), (executed, "executed")):
        for item in source:
            key = (item["axis__name"] or NO_AXIS, item["section"])
            row = rows.setdefault(key, TrajectoryRow(key[0], key[1], {}, {}))
            getattr(row, attribute)[item["year"]] = getattr(row, attribute).get(item["year"], ZERO) + (
                item["total"] or ZERO
            )
    order = {
        name: i
        for i, name in enumerate(RoadmapAxis.objects.filter(organisation=organisation).values_list("name", flat=True))
    }
    return sorted(rows.values(), key=lambda r: (order.get(r.axis, len(order)), r.section))


def trajectory_totals(rows: list[TrajectoryRow], years: list[int]) -> dict[str, dict[int, Decimal]]:
    totals = {"planned": defaultdict(lambda: ZERO), "executed": defaultdict(lambda: ZERO)}
    for row in rows:
        for year in years:
            totals["planned"][year] += row.planned.get(year, ZERO)
            totals["executed"][year] += row.executed.get(year, ZERO)
    return {name: dict(values) for name, values in totals.items()}


@dataclass
class ApplicationCost:
    """The full yearly cost of one application and its parts."""

    application: Application
    contract: Decimal
    lines: Decimal
    support: Decimal
    support_minutes: int

    @property
    def total(self) -> Decimal:
        return self.contract + self.lines + self.support

    @property
    def per_user(self) -> Decimal | None:
        users = self.application.users_count
        return to_cents(self.total / users) if users else None


def application_costs(organisation, year: int) -> list[ApplicationCost]:
    """Coût complet par application for the year, highest first:
    - contract: the annual amount (TTC, else HT) of its contract, if the contract runs in the year;
    - lines: mandaté of the year on the budget lines linked to the application and not to that
      contract (licences, hosting, maintenance paid outside it), so nothing is counted twice;
    - support: minutes spent on the year's requests whose category or sub-category names the
      application, × the organisation's hourly support cost."""
    hourly = settings_for(organisation).hourly_support_cost
    applications = Application.objects.filter(organisation=organisation).select_related("contract")
    by_line = defaultdict(lambda: ZERO)
    for item in (
        lines_of(organisation, year)
        .filter(application__isnull=False)
        .values("application", "contract", "mandated")
        .order_by()
    ):
        by_line[(item["application"], item["contract"])] += item["mandated"]
    requests = Request.objects.filter(organisation=organisation, opened_at__year=year, time_spent_minutes__isnull=False)
    costs = []
    for application in applications:
        contract = application.contract
        contract_amount = ZERO
        if contract is not None and _runs_in(contract, year):
            base = contract.annual_amount_ttc if contract.annual_amount_ttc is not None else contract.annual_amount_ht
            contract_amount = base or ZERO
        lines = sum(
            (
                amount
                for (app, contract_id), amount in by_line.items()
                if app == application.pk and (contract is None or contract_id != contract.pk)
            ),
            ZERO,
        )
        name = application.name
        minutes = (
            requests.filter(Q(category__iexact=name) | Q(subcategory__iexact=name)).aggregate(
                m=Sum("time_spent_minutes")
            )["m"]
            or 0
        )
        support = to_cents(hourly * minutes / 60)
        costs.append(ApplicationCost(application, contract_amount, lines, support, minutes))
    return sorted(costs, key=lambda c: (-c.total, c.application.name))


def _runs_in(contract, year: int) -> bool:
    from datetime import date

    if contract.start_date > date(year, 12, 31):
        return False
    return contract.end_date is None or contract.end_date >= date(year, 1, 1)


def unmatched_entries(organisation, year: int | None = None):
    rows = ExecutionEntry.objects.filter(organisation=organisation, line__isnull=True)
    return rows.filter(year=year) if year is not None else rows


__all__ = (
    "NO_AXIS",
    "ApplicationCost",
    "ExecutionKind",
    "TrajectoryRow",
    "application_costs",
    "execution_rate",
    "lines_of",
    "scenarios",
    "summary",
    "trajectory",
    "trajectory_totals",
    "unmatched_entries",
)


def copil_budget(organisation, year: int, years: list[int] | None = None) -> dict | None:
    """« Budget et trajectoire » of the COPIL pack, as JSON-ready values: the year's totals by
    section (the dashboard's figures, same query path) and the reference trajectory against the
    mandaté. None when the organisation has no budget line for the year and no trajectory."""
    from gouvernail.finance.models import euros_text

    years = years or [year, year + 1, year + 2]
    totals = summary(organisation, year)
    rows = trajectory(organisation, years)
    if not lines_of(organisation, year).exists() and not rows:
        return None
    sections = []
    for key, label in (
        (Section.INVESTMENT, "Investissement"),
        (Section.OPERATING, "Fonctionnement"),
        ("total", "Total"),
    ):
        amounts = totals[key]
        rate = execution_rate(amounts)
        sections.append(
            {
                "label": label,
                "opened": str(amounts["opened"]),
                "opened_display": euros_text(amounts["opened"]),
                "mandated_display": euros_text(amounts["mandated"]),
                "remaining_display": euros_text(amounts["remaining"]),
                "rate_display": "—" if rate is None else f"{str(rate).replace('.', ',')} %",
            }
        )
    planned = trajectory_totals(rows, years)
    return {
        "year": year,
        "sections": sections,
        "trajectory": [
            {
                "year": each,
                "planned": float(planned["planned"].get(each, ZERO)),
                "executed": float(planned["executed"].get(each, ZERO)),
                "planned_display": euros_text(planned["planned"].get(each, ZERO)),
                "executed_display": euros_text(planned["executed"].get(each, ZERO)),
            }
            for each in years
        ],
    }
