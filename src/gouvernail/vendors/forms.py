from django import forms

from gouvernail.core.forms import OrganisationModelForm, style_widgets
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
    "AwardForm",
    "CandidateForm",
    "ContractForm",
    "CriterionForm",
    "LotForm",
    "ProcedureStepForm",
    "ProcurementForm",
    "ScoreForm",
    "VendorContactForm",
    "VendorForm",
)


class VendorForm(OrganisationModelForm):
    class Meta(OrganisationModelForm.Meta):
        model = Vendor
        fields = ("name", "typology", "is_critical", "is_active", "website", "notes", "accounts")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["accounts"].queryset = (
            self.fields["accounts"].queryset.filter(role="prestataire").select_related("user")
        )


class VendorContactForm(OrganisationModelForm):
    class Meta(OrganisationModelForm.Meta):
        model = VendorContact
        fields = ("vendor", "role", "label", "email", "phone", "url")


class ContractForm(OrganisationModelForm):
    class Meta(OrganisationModelForm.Meta):
        model = Contract
        fields = (
            "reference",
            "subject",
            "vendor",
            "start_date",
            "duration_months",
            "end_date",
            "notice_months",
            "tacit_renewal",
            "annual_amount_ht",
            "annual_amount_ttc",
            "procurement_reference",
            "is_structuring",
            "notes",
        )


#
# Procurements
#


class ProcurementForm(OrganisationModelForm):
    class Meta(OrganisationModelForm.Meta):
        model = Procurement
        fields = (
            "reference",
            "subject",
            "procedure_type",
            "estimated_amount_ht",
            "is_structuring",
            "status",
            "awarded_vendor",
            "awarded_contract",
            "notes",
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["awarded_contract"].queryset = self.fields["awarded_contract"].queryset.select_related("vendor")


class ProcurementPartForm(OrganisationModelForm):
    """A row that belongs to a procurement (a lot, a step, a criterion, a candidate)."""

    def next_position(self, field: str, model) -> None:
        """On a new row prefilled with its procurement, proposes the position after the last one."""
        if self.is_bound or self.instance.pk or field not in self.fields:
            return
        procurement = self.initial.get("procurement")
        if not procurement or not str(procurement).isdigit():
            return
        rows = model.objects.filter(organisation=self.organisation, procurement_id=int(procurement))
        last = rows.order_by("-position").values_list("position", flat=True).first()
        self.initial[field] = (last or 0) + 1


class LotForm(ProcurementPartForm):
    class Meta(OrganisationModelForm.Meta):
        model = Lot
        fields = ("procurement", "number", "title", "estimated_amount_ht")


class ProcedureStepForm(ProcurementPartForm):
    class Meta(OrganisationModelForm.Meta):
        model = ProcedureStep
        fields = (
            "procurement",
            "position",
            "name",
            "planned_start",
            "planned_end",
            "is_estimate",
            "actual_date",
            "is_done",
            "notes",
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.next_position("position", ProcedureStep)


class CriterionForm(ProcurementPartForm):
    class Meta(OrganisationModelForm.Meta):
        model = Criterion
        fields = ("procurement", "position", "name", "weight", "description")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.next_position("position", Criterion)


class CandidateForm(ProcurementPartForm):
    class Meta(OrganisationModelForm.Meta):
        model = Candidate
        fields = ("procurement", "name", "vendor", "lot", "is_admissible", "notes")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        lots = self.fields["lot"].queryset.select_related("procurement")
        self.fields["lot"].queryset = lots
        self.fields["lot"].label_from_instance = lambda lot: f"{lot.procurement.reference} · {lot}"


class ScoreForm(OrganisationModelForm):
    class Meta(OrganisationModelForm.Meta):
        model = Score
        fields = ("candidate", "criterion", "score", "justification")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        candidates = self.fields["candidate"]
        candidates.queryset = candidates.queryset.select_related("procurement", "lot")
        candidates.label_from_instance = lambda c: f"{c.procurement.reference} · {c}" + (f" ({c.lot})" if c.lot else "")
        criteria = self.fields["criterion"]
        criteria.queryset = criteria.queryset.select_related("procurement")
        criteria.label_from_instance = lambda c: f"{c.procurement.reference} · {c}"
        self.fields["justification"].widget.attrs["rows"] = 4


class AwardForm(forms.Form):
    """Chooses the successful candidate of a procurement and, if already signed, its contract."""

    candidate = forms.ModelChoiceField(label="Candidat retenu", queryset=Candidate.objects.none())
    contract = forms.ModelChoiceField(
        label="Contrat issu du marché",
        queryset=Contract.objects.none(),
        required=False,
        help_text="Le contrat signé avec l'attributaire, s'il est déjà saisi dans les contrats.",
    )

    def __init__(self, *args, procurement: Procurement, **kwargs):
        super().__init__(*args, **kwargs)
        self.procurement = procurement
        self.fields["candidate"].queryset = procurement.candidates.filter(is_admissible=True).select_related("lot")
        self.fields["candidate"].label_from_instance = lambda c: f"{c} ({c.lot})" if c.lot else str(c)
        self.fields["contract"].queryset = Contract.objects.filter(
            organisation_id=procurement.organisation_id
        ).select_related("vendor")
        style_widgets(self)


class ServiceLevelForm(OrganisationModelForm):
    class Meta(OrganisationModelForm.Meta):
        model = ServiceLevel
        fields = ("contract", "indicator", "label", "target", "unit", "comparison", "period", "penalty_per_breach")


class ServiceLevelMeasurementForm(OrganisationModelForm):
    class Meta(OrganisationModelForm.Meta):
        model = ServiceLevelMeasurement
        fields = ("service_level", "month", "value", "source")

    def clean_month(self):
        month = self.cleaned_data["month"]
        return month.replace(day=1) if month else month

    def clean_service_level(self):
        level = self.cleaned_data["service_level"]
        # A delay is measured on the requests the service desk assigns to the vendor, once the
        # vendor's groups are known: a typed figure would contradict the computed one.
        if level is not None and level.is_computed and level.contract.vendor.assignment_groups.exists():
            raise forms.ValidationError(
                "Ce délai est calculé chaque mois depuis les demandes du support attribuées au prestataire "
                "(commande « gouvernail sla --compute ») : il ne se saisit pas."
            )
        return level
