from django import forms

from gouvernail.core.forms import OrganisationModelForm, style_widgets
from gouvernail.finance.choices import ExecutionKind
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
    "ExecutionImportForm",
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


class ExecutionImportForm(forms.Form):
    """The finance software's export to import, and the nature of its rows when it does not say."""

    file = forms.FileField(
        label="Fichier exporté du logiciel financier",
        help_text="CSV, XLSX, XLS ou ODS avec au moins les colonnes date, imputation et montant ; "
        "facultatives : tiers, SIRET, objet, type de pièce, n° de pièce, exercice.",
    )
    default_kind = forms.ChoiceField(
        label="Nature des lignes sans type de pièce",
        choices=ExecutionKind.choices,
        initial=ExecutionKind.PAYMENT,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)
