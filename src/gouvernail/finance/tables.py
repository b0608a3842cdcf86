import django_tables2 as tables

from gouvernail.core.tables import AmountColumn, BaseTable, BooleanColumn
from gouvernail.finance.models import (
    ZERO,
    Account,
    BudgetLine,
    ExecutionEntry,
    FinanceSettings,
    PaymentCredit,
    Programme,
    TrajectoryEntry,
    euros_text,
)

__all__ = (
    "AccountTable",
    "BudgetLineTable",
    "ExecutionEntryTable",
    "FinanceSettingsTable",
    "PaymentCreditTable",
    "ProgrammeTable",
    "TrajectoryEntryTable",
)


class AccountTable(BaseTable):
    number = tables.Column(linkify=True)
    is_active = BooleanColumn()

    class Meta(BaseTable.Meta):
        model = Account
        fields = ("section", "chapter", "number", "title", "note", "is_active")
        empty_text = "Aucun compte : ajoutez ceux de la nomenclature M57 que le budget SI utilise."


class ProgrammeTable(BaseTable):
    code = tables.Column(linkify=True)
    amount = AmountColumn()
    axis = tables.Column(linkify=True)
    project = tables.Column(linkify=True)
    is_closed = BooleanColumn()

    class Meta(BaseTable.Meta):
        model = Programme
        fields = ("code", "label", "amount", "voted_on", "axis", "project", "is_closed")
        empty_text = "Aucune autorisation de programme."


class PaymentCreditTable(BaseTable):
    programme = tables.Column(linkify=True)
    year = tables.Column(linkify=lambda record: record.get_absolute_url())
    amount = AmountColumn()

    class Meta(BaseTable.Meta):
        model = PaymentCredit
        fields = ("programme", "year", "amount")
        empty_text = "Aucun crédit de paiement."


def total_of(field: str):
    """The column's footer: the sum over every filtered row (not only the page), so that the
    list a dashboard number opens visibly adds up to it."""

    def footer(table) -> str:
        total = sum((getattr(row, field) or ZERO for row in table.data), ZERO)
        return euros_text(total)

    return footer


class BudgetLineTable(BaseTable):
    """One row per imputation, amounts as numbers in the exports: the layout a finance
    department reads. Each amount column ends with the total of the filtered lines."""

    imputation = tables.Column(
        footer="Total",
        verbose_name="Imputation",
        accessor="imputation",
        orderable=False,
        linkify=lambda record: record.get_absolute_url(),
    )
    chapter = tables.Column(verbose_name="Chapitre", accessor="account__chapter")
    account = tables.Column(verbose_name="Compte", accessor="account__number")
    primitive_amount = AmountColumn(verbose_name="BP (€)", footer=total_of("primitive_amount"))
    amendments_amount = AmountColumn(verbose_name="DM (€)", footer=total_of("amendments_amount"))
    opened = AmountColumn(verbose_name="Crédits ouverts (€)", footer=total_of("opened"))
    engaged = AmountColumn(verbose_name="Engagé (€)", footer=total_of("engaged"))
    mandated = AmountColumn(verbose_name="Mandaté (€)", footer=total_of("mandated"))
    remaining = AmountColumn(verbose_name="Reste à réaliser (€)", footer=total_of("remaining"))
    forecast_amount = AmountColumn(verbose_name="Prévision N+1 (€)")

    class Meta(BaseTable.Meta):
        model = BudgetLine
        fields = (
            "year",
            "section",
            "imputation",
            "chapter",
            "account",
            "function",
            "label",
            "primitive_amount",
            "amendments_amount",
            "opened",
            "engaged",
            "mandated",
            "remaining",
            "forecast_amount",
        )
        empty_text = "Aucune ligne budgétaire ne correspond."


class ExecutionEntryTable(BaseTable):
    reference = tables.Column(linkify=lambda record: record.get_absolute_url(), empty_values=())
    date = tables.DateColumn(format="d/m/Y")
    line = tables.Column(linkify=True)
    vendor = tables.Column(linkify=True)
    amount = AmountColumn()

    class Meta(BaseTable.Meta):
        model = ExecutionEntry
        fields = (
            "year",
            "kind",
            "reference",
            "date",
            "imputation",
            "line",
            "third_party",
            "siret",
            "vendor",
            "amount",
            "subject",
        )
        empty_text = "Aucun engagement ni mandat ne correspond."

    def render_reference(self, value, record):
        return value or "(sans n°)"


class TrajectoryEntryTable(BaseTable):
    label = tables.Column(linkify=True)
    axis = tables.Column(linkify=True)
    amount = AmountColumn()

    class Meta(BaseTable.Meta):
        model = TrajectoryEntry
        fields = ("scenario", "year", "section", "axis", "label", "amount")
        empty_text = "Aucun montant de trajectoire ne correspond."


class FinanceSettingsTable(BaseTable):
    hourly_support_cost = AmountColumn(linkify=lambda record: record.get_absolute_url())

    class Meta(BaseTable.Meta):
        model = FinanceSettings
        fields = ("hourly_support_cost",)
        empty_text = "Aucun paramètre : les valeurs par défaut s'appliquent."
