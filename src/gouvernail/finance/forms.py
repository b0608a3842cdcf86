from gouvernail.core.forms import OrganisationModelForm
from gouvernail.finance.models import (
    Account,
    BudgetLine,
    ExecutionEntry,
    FinanceSettings,
    PaymentCredit,
    Programme,
    TrajectoryEntry,
)

__all__ = (
    "AccountForm",
    "BudgetLineForm",
    "ExecutionEntryForm",
    "FinanceSettingsForm",
    "PaymentCreditForm",
    "ProgrammeForm",
    "TrajectoryEntryForm",
)


class AccountForm(OrganisationModelForm):
    class Meta(OrganisationModelForm.Meta):
        model = Account
        fields = ("section", "chapter", "number", "title", "note", "is_active")


class ProgrammeForm(OrganisationModelForm):
    class Meta(OrganisationModelForm.Meta):
        model = Programme
        fields = ("code", "label", "amount", "voted_on", "axis", "project", "is_closed", "notes")


class PaymentCreditForm(OrganisationModelForm):
    class Meta(OrganisationModelForm.Meta):
        model = PaymentCredit
        fields = ("programme", "year", "amount")


class BudgetLineForm(OrganisationModelForm):
    class Meta(OrganisationModelForm.Meta):
        model = BudgetLine
        fields = (
            "year",
            "section",
            "account",
            "function",
            "service",
            "label",
            "programme",
            "axis",
            "contract",
            "project",
            "application",
            "primitive_amount",
            "amendments_amount",
            "carried_over_amount",
            "indexation_percent",
            "forecast_amount",
            "notes",
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["account"].queryset = self.fields["account"].queryset.filter(is_active=True)


class ExecutionEntryForm(OrganisationModelForm):
    class Meta(OrganisationModelForm.Meta):
        model = ExecutionEntry
        fields = (
            "year",
            "kind",
            "reference",
            "date",
            "imputation",
            "line",
            "vendor",
            "third_party",
            "siret",
            "amount",
            "subject",
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line"].queryset = self.fields["line"].queryset.select_related("account")


class TrajectoryEntryForm(OrganisationModelForm):
    class Meta(OrganisationModelForm.Meta):
        model = TrajectoryEntry
        fields = ("scenario", "year", "section", "axis", "label", "amount", "notes")


class FinanceSettingsForm(OrganisationModelForm):
    class Meta(OrganisationModelForm.Meta):
        model = FinanceSettings
        fields = ("hourly_support_cost",)
