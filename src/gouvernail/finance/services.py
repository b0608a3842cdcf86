"""Writes of the finance domain: the shipped nomenclature, the settings row, the forecast of a
budget line proposed from what feeds it, and the payment credits of an AP checked together."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from gouvernail.core.formatting import display
from gouvernail.core.models import Organisation, User
from gouvernail.core.services import save_as
from gouvernail.finance.choices import Section
from gouvernail.finance.models import (
    ZERO,
    Account,
    BudgetLine,
    FinanceSettings,
    PaymentCredit,
    Programme,
    euros_text,
    to_cents,
)
from gouvernail.finance.nomenclature import M57_IT_ACCOUNTS


@transaction.atomic
def accounts_seed(*, organisation: Organisation, acting_user: User | None) -> list[Account]:
    """Adds the shipped M57 accounts the organisation does not have yet (by number); an account
    the organisation already edited is left as it is. Returns the accounts created."""
    existing = set(Account.objects.filter(organisation=organisation).values_list("number", flat=True))
    created = []
    for section, chapter, number, title, note in M57_IT_ACCOUNTS:
        if number in existing:
            continue
        account = Account(
            organisation=organisation, section=section, chapter=chapter, number=number, title=title, note=note
        )
        created.append(save_as(account, acting_user))
    return created


def settings_for(organisation: Organisation) -> FinanceSettings:
    """The organisation's finance settings, or the defaults (unsaved) until it sets them: a
    page that reads them never writes."""
    return FinanceSettings.objects.filter(organisation=organisation).first() or FinanceSettings(
        organisation=organisation
    )


@dataclass
class Forecast:
    """The proposal for next year of a line, with what it is computed from (shown to the user)."""

    amount: Decimal
    basis: str
    details: list[str] = field(default_factory=list)


def forecast_propose(line: BudgetLine, *, today: date | None = None) -> Forecast:
    """What the line should need next year, from what feeds it, in this order:
    the AP's crédits de paiement for next year; the contract's annual amount (TTC, else HT),
    indexed, if it still runs or renews tacitly; the project's budget not yet spent; else the
    crédits ouverts of this year carried forward."""
    next_year = line.year + 1
    if line.programme_id:
        credit = line.programme.credits.filter(year=next_year).first()
        amount = credit.amount if credit else ZERO
        return Forecast(amount, f"Crédits de paiement {next_year} de l'{line.programme}")
    if line.contract_id:
        contract = line.contract
        base = contract.annual_amount_ttc if contract.annual_amount_ttc is not None else contract.annual_amount_ht
        runs = contract.tacit_renewal or (contract.end_date is not None and contract.end_date >= date(next_year, 1, 1))
        if base is not None:
            if not runs:
                return Forecast(ZERO, f"Contrat {contract.reference} terminé avant {next_year}, sans reconduction")
            factor = 1 + line.indexation_percent / 100
            tax = "TTC" if contract.annual_amount_ttc is not None else "HT"
            details = [
                f"Montant annuel {tax} : {euros_text(base)}",
                f"Indexation : {display(line.indexation_percent)} %",
            ]
            return Forecast(to_cents(base * factor), f"Contrat {contract.reference}", details)
    if line.project_id and line.section == Section.INVESTMENT:
        project = line.project
        if project.budget_planned is not None:
            left = max(project.budget_planned - (project.budget_spent or ZERO), ZERO)
            details = [
                f"Budget prévu : {euros_text(project.budget_planned)}",
                f"Consommé : {euros_text(project.budget_spent or ZERO)}",
            ]
            return Forecast(to_cents(left), f"Reste du budget du projet « {project.name} »", details)
    opened = line.primitive_amount + line.amendments_amount + line.carried_over_amount
    return Forecast(to_cents(opened), "Reconduction des crédits ouverts de l'exercice")


@transaction.atomic
def forecast_apply(*, line: BudgetLine, acting_user: User | None) -> BudgetLine:
    """Writes the proposed forecast on the line (the user adjusts it afterwards in the form)."""
    line.forecast_amount = forecast_propose(line).amount
    line.row_version += 1  # an edit form opened before must not overwrite the proposal
    return save_as(line, acting_user)


@transaction.atomic
def credits_set(*, programme: Programme, amounts: dict[int, Decimal], acting_user: User | None) -> list[PaymentCredit]:
    """Sets the crédits de paiement of an AP for several years at once: all or nothing, and
    never beyond the AP's amount."""
    total = sum((Decimal(v) for v in amounts.values()), ZERO)
    kept = programme.credits.exclude(year__in=amounts.keys())
    total += sum((c.amount for c in kept), ZERO)
    if total > programme.amount:
        ceiling = euros_text(programme.amount)
        raise ValidationError({"amount": f"Les crédits de paiement ({euros_text(total)}) dépassent l'AP ({ceiling})."})
    rows = []
    for year, amount in sorted(amounts.items()):
        row = PaymentCredit.objects.filter(programme=programme, year=year).first()
        if row is None:
            row = PaymentCredit(organisation_id=programme.organisation_id, programme=programme, year=year)
        else:
            row.row_version += 1
        row.amount = to_cents(Decimal(amount))
        row.clean_fields(exclude=["organisation", "programme"])  # the sum is checked above, all years at once
        rows.append(save_as(row, acting_user))
    return rows
