from django import forms

from gouvernail.core.forms import OrganisationModelForm, style_widgets
from gouvernail.core.uploads import validate_upload_size
from gouvernail.dataprotection.choices import WP248_CRITERIA, DataCategory, SecurityMeasure
from gouvernail.dataprotection.layout import HEADERS
from gouvernail.dataprotection.models import ImpactAssessment, ProcessingActivity, ProcessorEngagement, Register

__all__ = (
    "ImpactAssessmentForm",
    "ProcessingActivityForm",
    "ProcessorEngagementForm",
    "RegisterForm",
    "RegisterImportForm",
)


def checkboxes(choices, label: str) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(label=label, choices=choices, required=False, widget=forms.CheckboxSelectMultiple)


class RegisterForm(OrganisationModelForm):
    class Meta(OrganisationModelForm.Meta):
        model = Register
        fields = (
            "controller_name",
            "controller_contact",
            "representative",
            "dpo_name",
            "dpo_contact",
            "dpo_vendor",
            "notes",
        )


class ProcessingActivityForm(OrganisationModelForm):
    data_categories = checkboxes(DataCategory.choices, "Catégories de données")
    security_measures = checkboxes(SecurityMeasure.choices, "Mesures de sécurité")

    class Meta(OrganisationModelForm.Meta):
        model = ProcessingActivity
        fields = (
            "reference",
            "name",
            "role",
            "controllers_served",
            "joint_controller",
            "responsible_service",
            "applications",
            "purpose",
            "legal_basis",
            "data_subjects",
            "data_categories",
            "data_details",
            "sensitive_data",
            "sensitive_details",
            "retention",
            "recipients_internal",
            "recipients_external",
            "transfers_outside_eu",
            "transfer_countries",
            "transfer_safeguards",
            "security_measures",
            "security_details",
            "reviewed_on",
            "notes",
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("data_categories", "security_measures"):
            self.fields[name].widget.attrs["class"] = "list-unstyled"


class ProcessorEngagementForm(OrganisationModelForm):
    class Meta(OrganisationModelForm.Meta):
        model = ProcessorEngagement
        fields = ("activity", "vendor", "contract", "clause", "notes")

    def clean(self):
        cleaned = super().clean()
        vendor, contract = cleaned.get("vendor"), cleaned.get("contract")
        if vendor and contract and contract.vendor_id != vendor.pk:
            self.add_error("contract", f"Ce contrat est passé avec « {contract.vendor} », pas avec ce prestataire.")
        return cleaned


class ImpactAssessmentForm(OrganisationModelForm):
    class Meta(OrganisationModelForm.Meta):
        model = ImpactAssessment
        fields = (
            "activity",
            "cnil_list_item",
            *(name for name, _label in WP248_CRITERIA),
            "status",
            "completed_on",
            "conclusion",
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == "realisee" and not cleaned.get("completed_on"):
            self.add_error("completed_on", "Indiquez la date à laquelle l'AIPD a été réalisée.")
        return cleaned


class RegisterImportForm(forms.Form):
    file = forms.FileField(
        label="Registre (XLSX ou ODS)",
        help_text=(
            "La première feuille, au format de l'export du registre : une ligne par activité, la ligne d'en-tête "
            "nommant au moins « Référence » et « Nom du traitement ». Colonnes reconnues : "
            + ", ".join(HEADERS)
            + ". Les activités absentes du fichier ne sont pas modifiées."
        ),
        validators=[validate_upload_size],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".xlsx,.ods"
        style_widgets(self)
