from datetime import date

import django_filters
from django.db.models import Exists, OuterRef

from gouvernail.core.filtersets import OrganisationFilterSet
from gouvernail.vendors.models import (
    Candidate,
    Contract,
    Criterion,
    Lot,
    ProcedureStep,
    Procurement,
    Score,
    ServiceLevel,
    ServiceLevelMeasurement,
    Vendor,
    VendorContact,
)

__all__ = (
    "CandidateFilterSet",
    "ContractFilterSet",
    "CriterionFilterSet",
    "LotFilterSet",
    "ProcedureStepFilterSet",
    "ProcurementFilterSet",
    "ScoreFilterSet",
    "VendorContactFilterSet",
    "VendorFilterSet",
)


class VendorFilterSet(OrganisationFilterSet):
    search_fields = ("name", "notes")

    class Meta:
        model = Vendor
        fields = ("q", "typology", "is_critical", "is_active")


class VendorContactFilterSet(OrganisationFilterSet):
    search_fields = ("vendor__name", "label", "email")

    class Meta:
        model = VendorContact
        fields = ("q", "vendor", "role")


class ContractFilterSet(OrganisationFilterSet):
    search_fields = ("reference", "subject", "vendor__name", "procurement_reference")

    to_renew = django_filters.BooleanFilter(method="filter_to_renew", label="À renouveler sous 12 mois")
    active = django_filters.BooleanFilter(method="filter_active", label="En cours")
    notice_due = django_filters.BooleanFilter(method="filter_notice_due", label="Dénonciation sous 90 jours")
    end_date_after = django_filters.DateFilter(field_name="end_date", lookup_expr="gte", label="Fin après le")
    end_date_before = django_filters.DateFilter(field_name="end_date", lookup_expr="lte", label="Fin avant le")

    class Meta:
        model = Contract
        fields = ("q", "vendor", "is_structuring", "tacit_renewal", "to_renew", "active", "notice_due")

    def filter_to_renew(self, queryset, name, value):
        renewing = queryset.to_renew(date.today())
        return renewing if value else queryset.exclude(pk__in=renewing.values("pk"))

    def filter_notice_due(self, queryset, name, value):
        due = queryset.notice_due(date.today())
        return due if value else queryset.exclude(pk__in=due.values("pk"))

    def filter_active(self, queryset, name, value):
        running = queryset.active_on(date.today())
        return running if value else queryset.exclude(pk__in=running.values("pk"))


#
# Procurements
#


class ProcurementFilterSet(OrganisationFilterSet):
    search_fields = ("reference", "subject", "notes", "awarded_vendor__name")

    late = django_filters.BooleanFilter(method="filter_late", label="Avec des étapes en retard")

    class Meta:
        model = Procurement
        fields = ("q", "procedure_type", "status", "is_structuring", "awarded_vendor", "late")

    def filter_late(self, queryset, name, value):
        late_steps = ProcedureStep.objects.late(date.today()).filter(procurement=OuterRef("pk"))
        return queryset.filter(Exists(late_steps) if value else ~Exists(late_steps))


class LotFilterSet(OrganisationFilterSet):
    search_fields = ("title", "procurement__reference", "procurement__subject")

    class Meta:
        model = Lot
        fields = ("q", "procurement")


class ProcedureStepFilterSet(OrganisationFilterSet):
    search_fields = ("name", "notes", "procurement__reference", "procurement__subject")

    late = django_filters.BooleanFilter(method="filter_late", label="En retard")
    due_after = django_filters.DateFilter(method="filter_due_after", label="Échéance à partir du")
    due_before = django_filters.DateFilter(method="filter_due_before", label="Échéance jusqu'au")

    class Meta:
        model = ProcedureStep
        fields = ("q", "procurement", "is_done", "late", "due_after", "due_before")

    def filter_late(self, queryset, name, value):
        late = queryset.late(date.today())
        return late if value else queryset.exclude(pk__in=late.values("pk"))

    def filter_due_after(self, queryset, name, value):
        return queryset.with_due().filter(due__gte=value)

    def filter_due_before(self, queryset, name, value):
        return queryset.with_due().filter(due__lte=value)


class CriterionFilterSet(OrganisationFilterSet):
    search_fields = ("name", "description", "procurement__reference")

    class Meta:
        model = Criterion
        fields = ("q", "procurement")


class CandidateFilterSet(OrganisationFilterSet):
    search_fields = ("name", "notes", "vendor__name", "procurement__reference")

    class Meta:
        model = Candidate
        fields = ("q", "procurement", "vendor", "is_admissible")


class ScoreFilterSet(OrganisationFilterSet):
    search_fields = ("candidate__name", "criterion__name", "justification")

    procurement = django_filters.ModelChoiceFilter(
        field_name="candidate__procurement", queryset=Procurement.objects.all(), label="Marché"
    )

    class Meta:
        model = Score
        fields = ("q", "procurement")


class ServiceLevelFilterSet(OrganisationFilterSet):
    search_fields = ("label", "contract__reference")

    class Meta:
        model = ServiceLevel
        fields = ("q", "contract", "indicator")


class ServiceLevelMeasurementFilterSet(OrganisationFilterSet):
    search_fields = ("source", "service_level__label")

    month = django_filters.DateFilter(label="Mois (premier jour)")

    class Meta:
        model = ServiceLevelMeasurement
        fields = ("q", "service_level", "met", "month")
