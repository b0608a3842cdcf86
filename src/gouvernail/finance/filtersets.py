import django_filters

from gouvernail.core.filtersets import OrganisationFilterSet
from gouvernail.finance.choices import Section
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
    "AccountFilterSet",
    "BudgetLineFilterSet",
    "ExecutionEntryFilterSet",
    "FinanceSettingsFilterSet",
    "PaymentCreditFilterSet",
    "ProgrammeFilterSet",
    "TrajectoryEntryFilterSet",
)


class AccountFilterSet(OrganisationFilterSet):
    search_fields = ("number", "title", "chapter", "note")

    class Meta:
        model = Account
        fields = ("q", "section", "chapter", "is_active")


class ProgrammeFilterSet(OrganisationFilterSet):
    search_fields = ("code", "label", "notes")

    class Meta:
        model = Programme
        fields = ("q", "axis", "project", "is_closed")


class PaymentCreditFilterSet(OrganisationFilterSet):
    search_fields = ("programme__code", "programme__label")

    class Meta:
        model = PaymentCredit
        fields = ("q", "programme", "year")


class BudgetLineFilterSet(OrganisationFilterSet):
    """The lines of the budget; the drill-downs of the « Budget SI » dashboard are these filters."""

    search_fields = ("label", "account__number", "account__title", "function", "notes")

    account_number = django_filters.CharFilter(field_name="account__number", label="Compte (nature)")
    chapter = django_filters.CharFilter(field_name="account__chapter", label="Chapitre")
    axis_missing = django_filters.BooleanFilter(field_name="axis", lookup_expr="isnull", label="Sans axe")
    with_remaining = django_filters.BooleanFilter(method="filter_with_remaining", label="Avec reste à réaliser")
    with_payments = django_filters.BooleanFilter(method="filter_with_payments", label="Avec des mandats")

    class Meta:
        model = BudgetLine
        fields = (
            "q",
            "year",
            "section",
            "chapter",
            "account_number",
            "function",
            "axis",
            "programme",
            "contract",
            "project",
            "application",
            "service",
        )

    def filter_with_remaining(self, queryset, name, value):
        rows = queryset.with_amounts() if "remaining" not in queryset.query.annotations else queryset
        return rows.filter(remaining__gt=0) if value else rows.filter(remaining=0)

    def filter_with_payments(self, queryset, name, value):
        rows = queryset.with_amounts() if "mandated" not in queryset.query.annotations else queryset
        return rows.exclude(mandated=0) if value else rows.filter(mandated=0)


class ExecutionEntryFilterSet(OrganisationFilterSet):
    search_fields = ("reference", "imputation", "third_party", "siret", "subject")

    unmatched = django_filters.BooleanFilter(field_name="line", lookup_expr="isnull", label="Sans ligne budgétaire")
    section = django_filters.ChoiceFilter(field_name="line__section", choices=Section.choices, label="Section")

    class Meta:
        model = ExecutionEntry
        fields = ("q", "year", "kind", "line", "vendor", "unmatched", "section")


class TrajectoryEntryFilterSet(OrganisationFilterSet):
    search_fields = ("label", "scenario", "notes")

    class Meta:
        model = TrajectoryEntry
        fields = ("q", "scenario", "year", "section", "axis")


class FinanceSettingsFilterSet(OrganisationFilterSet):
    class Meta:
        model = FinanceSettings
        fields = ("q",)
