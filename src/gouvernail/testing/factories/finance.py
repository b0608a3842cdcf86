"""Builders for the rows of the `finance` app: a valid row with sensible defaults, overridable."""

from datetime import date
from decimal import Decimal

from gouvernail.core.models import Organisation
from gouvernail.finance.choices import ExecutionKind, Section
from gouvernail.finance.models import (
    Account,
    BudgetLine,
    ExecutionEntry,
    FinanceSettings,
    PaymentCredit,
    Programme,
    TrajectoryEntry,
)

SECTION_OF_CHAPTER = {"20": Section.INVESTMENT, "21": Section.INVESTMENT, "23": Section.INVESTMENT}


def make_account(organisation: Organisation, number: str = "2183", **fields) -> Account:
    chapter = fields.pop("chapter", "21" if number.startswith("21") else "011")
    defaults = {"section": SECTION_OF_CHAPTER.get(chapter, Section.OPERATING), "title": "Matériel informatique"}
    return Account.objects.create(organisation=organisation, number=number, chapter=chapter, **{**defaults, **fields})


def make_programme(organisation: Organisation, code: str = "AP-2026-01", **fields) -> Programme:
    defaults = {"label": "Renouvellement du parc", "amount": Decimal("90000.00")}
    return Programme.objects.create(organisation=organisation, code=code, **{**defaults, **fields})


def make_credit(programme: Programme, year: int = 2026, amount: str = "30000.00") -> PaymentCredit:
    return PaymentCredit.objects.create(
        organisation_id=programme.organisation_id, programme=programme, year=year, amount=Decimal(amount)
    )


def make_line(organisation: Organisation, account: Account | None = None, **fields) -> BudgetLine:
    account = account or make_account(organisation)
    defaults = {
        "year": 2026,
        "section": account.section,
        "function": "020",
        "label": "Postes de travail",
        "primitive_amount": Decimal("10000.00"),
    }
    return BudgetLine.objects.create(organisation=organisation, account=account, **{**defaults, **fields})


def make_entry(
    organisation: Organisation, line: BudgetLine | None, amount: str = "1000.00", **fields
) -> ExecutionEntry:
    defaults = {
        "year": line.year if line else 2026,
        "kind": ExecutionKind.PAYMENT,
        "date": date(2026, 3, 1),
        "imputation": line.imputation if line else "21-2183-020",
    }
    return ExecutionEntry.objects.create(
        organisation=organisation, line=line, amount=Decimal(amount), **{**defaults, **fields}
    )


def make_trajectory_entry(organisation: Organisation, **fields) -> TrajectoryEntry:
    defaults = {
        "year": 2026,
        "section": Section.INVESTMENT,
        "label": "Renouvellement des postes",
        "amount": Decimal("20000"),
    }
    return TrajectoryEntry.objects.create(organisation=organisation, **{**defaults, **fields})


def make_finance_settings(organisation: Organisation, **fields) -> FinanceSettings:
    return FinanceSettings.objects.create(organisation=organisation, **fields)
