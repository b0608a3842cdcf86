from django import forms

from gouvernail.compliance.choices import MeasureStatus
from gouvernail.compliance.library import MAX_FILE_BYTES
from gouvernail.compliance.models import Assessment, FrameworkVersion, MeasureAssessment, Nis2Profile, SecurityIncident
from gouvernail.core.forms import OrganisationModelForm, style_widgets

__all__ = (
    "AssessmentForm",
    "ClockDoneForm",
    "FrameworkImportForm",
    "MeasureAssessmentForm",
    "Nis2ProfileForm",
    "SecurityIncidentForm",
)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class AssessmentForm(OrganisationModelForm):
    class Meta(OrganisationModelForm.Meta):
        model = Assessment
        fields = ("version", "campaign_date", "title", "notes")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False
        self.fields["title"].help_text = "Par défaut : le référentiel et la date de la campagne."
        self.fields["version"].queryset = FrameworkVersion.objects.filter(
            organisation=self.organisation
        ).select_related("framework")
        if self.instance.pk:
            # The measures of a campaign are those of its version: it cannot move to another one.
            self.fields["version"].disabled = True


class MeasureAssessmentForm(OrganisationModelForm):
    class Meta(OrganisationModelForm.Meta):
        model = MeasureAssessment
        fields = (
            "status",
            "override_reason",
            "not_applicable_reason",
            "owner",
            "target_date",
            "comments",
            "proofs",
            "actions",
        )
        widgets = {
            "override_reason": forms.Textarea(attrs={"rows": 2}),
            "not_applicable_reason": forms.Textarea(attrs={"rows": 2}),
            "comments": forms.Textarea(attrs={"rows": 3}),
            "proofs": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        proposal = self.instance.get_proposed_status_display() if self.instance.proposed_status else None
        if proposal:
            self.fields[
                "override_reason"
            ].help_text = (
                f"Proposition issue des données : « {proposal} ». Obligatoire si vous retenez un autre statut."
            )
            if not self.is_bound and self.instance.status == MeasureStatus.NOT_ASSESSED:
                self.initial["status"] = self.instance.proposed_status

    def clean(self):
        cleaned = super().clean()
        status, proposed = cleaned.get("status"), self.instance.proposed_status
        if proposed and status and status != proposed and not (cleaned.get("override_reason") or "").strip():
            self.add_error(
                "override_reason",
                f"La preuve automatique propose « {self.instance.get_proposed_status_display()} » : indiquez "
                "pourquoi vous retenez un autre statut.",
            )
        if status == MeasureStatus.NOT_APPLICABLE and not (cleaned.get("not_applicable_reason") or "").strip():
            self.add_error("not_applicable_reason", "Indiquez pourquoi la mesure ne s'applique pas.")
        return cleaned


class SecurityIncidentForm(OrganisationModelForm):
    class Meta(OrganisationModelForm.Meta):
        model = SecurityIncident
        fields = (
            "title",
            "detected_at",
            "aware_at",
            "description",
            "severity",
            "applications",
            "sites",
            "nis2_significant",
            "personal_data",
            "personal_data_no_risk_reason",
            "measures_taken",
            "status",
            "closed_at",
            "actions",
            "agenda_item",
        )
        widgets = {
            "detected_at": DateTimeInput(),
            "aware_at": DateTimeInput(),
            "closed_at": DateTimeInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
            "measures_taken": forms.Textarea(attrs={"rows": 3}),
            "personal_data_no_risk_reason": forms.Textarea(attrs={"rows": 2}),
        }


class Nis2ProfileForm(OrganisationModelForm):
    class Meta(OrganisationModelForm.Meta):
        model = Nis2Profile
        fields = (
            "entity_type",
            "population",
            "has_commune_over_30000",
            "sector",
            "designated",
            "legal_name",
            "address",
            "contact_emails",
            "contact_phones",
            "public_ip_ranges",
            "member_states",
            "registered_on",
        )
        widgets = {
            f: forms.Textarea(attrs={"rows": 2})
            for f in ("address", "contact_emails", "contact_phones", "public_ip_ranges")
        }


class FrameworkImportForm(forms.Form):
    file = forms.FileField(
        label="Bibliothèque au format CISO Assistant (YAML)",
        help_text="Un fichier .yaml de la bibliothèque de CISO Assistant (5 Mo au plus).",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError("Le fichier dépasse 5 Mo.")
        return upload


class ClockDoneForm(forms.Form):
    done_at = forms.DateTimeField(label="Fait le", widget=DateTimeInput())
    reference = forms.CharField(label="Référence de la déclaration", max_length=120, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)
