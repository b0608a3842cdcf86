from django import forms
from django.core.exceptions import ValidationError

from gouvernail.core.forms import OrganisationModelForm, style_widgets
from gouvernail.core.models import Person
from gouvernail.governance.choices import RECORDED_STATUSES, DecisionStatus, VersionStatus
from gouvernail.governance.models import (
    APPROVED_VERSION_MESSAGE,
    IMMUTABLE_MESSAGE,
    NOT_A_DRAFT_MESSAGE,
    AcknowledgementCampaign,
    AgendaItem,
    Committee,
    CommitteeMember,
    Decision,
    DecisionAct,
    DecisionOption,
    DecisionResolution,
    FrameworkDocument,
    FrameworkDocumentVersion,
    GovernanceEvent,
    Meeting,
    RaciAssignment,
    Role,
    ScenarioAnalysis,
    ScenarioCriterion,
    ScenarioOption,
    ScenarioRating,
)

__all__ = (
    "AcknowledgementCampaignForm",
    "AcknowledgementRecordForm",
    "AgendaItemForm",
    "CommitteeForm",
    "CommitteeMemberForm",
    "DecisionForm",
    "DecisionOptionForm",
    "DecisionRecordForm",
    "FrameworkDocumentForm",
    "FrameworkDocumentVersionForm",
    "MeetingForm",
    "ScenarioAnalysisForm",
    "ScenarioCriterionForm",
    "ScenarioOptionForm",
    "ScenarioRatingForm",
    "VersionApproveForm",
)


class CommitteeForm(OrganisationModelForm):
    class Meta(OrganisationModelForm.Meta):
        model = Committee
        fields = ("name", "kind", "role", "frequency", "decides")


class CommitteeMemberForm(OrganisationModelForm):
    class Meta(OrganisationModelForm.Meta):
        model = CommitteeMember
        fields = ("committee", "person", "capacity")


class MeetingForm(OrganisationModelForm):
    class Meta(OrganisationModelForm.Meta):
        model = Meeting
        fields = (
            "committee",
            "title",
            "date",
            "is_approximate",
            "start_time",
            "place",
            "status",
            "attendees",
            "excused",
        )
        widgets = {"start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}

    def clean(self):
        cleaned = super().clean()
        both = set(cleaned.get("attendees") or ()) & set(cleaned.get("excused") or ())
        if both:
            names = ", ".join(sorted(str(p) for p in both))
            raise ValidationError(f"Une personne est présente ou excusée, pas les deux : {names}.")
        return cleaned


class AgendaItemForm(OrganisationModelForm):
    class Meta(OrganisationModelForm.Meta):
        model = AgendaItem
        fields = ("meeting", "position", "title", "kind", "project", "action", "decision", "minutes")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        meeting_id = self.initial.get("meeting")
        if not self.instance.pk and meeting_id and not self.initial.get("position"):
            last = AgendaItem.objects.filter(organisation=self.organisation, meeting_id=meeting_id).order_by(
                "-position"
            )
            self.initial["position"] = (last.values_list("position", flat=True).first() or 0) + 1


class DecisionForm(OrganisationModelForm):
    class Meta(OrganisationModelForm.Meta):
        model = Decision
        fields = ("question", "context", "recommendation", "committee", "needed_by", "expected_decision", "amends")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only a recorded decision can be amended.
        self.fields["amends"].queryset = self.fields["amends"].queryset.filter(sequence__isnull=False)

    def clean(self):
        if self.instance.pk and Decision.objects.filter(pk=self.instance.pk, sequence__isnull=False).exists():
            raise ValidationError(IMMUTABLE_MESSAGE)
        return super().clean()


class DecisionOptionForm(OrganisationModelForm):
    class Meta(OrganisationModelForm.Meta):
        model = DecisionOption
        fields = ("decision", "label", "pros", "cons", "cost", "risks")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = self.fields["decision"].queryset.filter(sequence__isnull=True)
        self.fields["decision"].error_messages["invalid_choice"] = IMMUTABLE_MESSAGE

    def clean(self):
        # The option as stored: moving it out of a recorded decision would change that decision.
        if (
            self.instance.pk
            and DecisionOption.objects.filter(pk=self.instance.pk, decision__sequence__isnull=False).exists()
        ):
            raise ValidationError(IMMUTABLE_MESSAGE)
        return super().clean()


class DecisionRecordForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Issue", choices=[(v, label) for v, label in DecisionStatus.choices if v in RECORDED_STATUSES]
    )
    chosen_option = forms.ModelChoiceField(
        label="Option retenue", queryset=DecisionOption.objects.none(), required=False
    )
    rationale = forms.CharField(label="Motivation", widget=forms.Textarea(attrs={"rows": 4}))
    consensus = forms.BooleanField(label="Par consensus", required=False)
    vote_for = forms.IntegerField(label="Voix pour", min_value=0, required=False)
    vote_against = forms.IntegerField(label="Voix contre", min_value=0, required=False)
    vote_abstain = forms.IntegerField(label="Abstentions", min_value=0, required=False)
    decided_on = forms.DateField(label="Date de la décision")
    meeting = forms.ModelChoiceField(label="Réunion", queryset=Meeting.objects.none(), required=False)
    deciders = forms.ModelMultipleChoiceField(label="Décideurs", queryset=Person.objects.none(), required=False)
    adopted_resolutions = forms.TypedMultipleChoiceField(
        label="Résolutions adoptées",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Cochez les résolutions adoptées ; les autres sont enregistrées comme non adoptées.",
    )
    follow_ups = forms.CharField(
        label="Actions de suite à créer dans le plan d'action",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Une action par ligne ; chacune est créée dans le plan d'action et liée à la décision.",
    )

    def __init__(self, *args, decision: Decision, **kwargs):
        super().__init__(*args, **kwargs)
        self.decision = decision
        organisation = decision.organisation
        self.fields["chosen_option"].queryset = decision.options.all()
        self.fields["meeting"].queryset = Meeting.objects.filter(organisation=organisation).select_related("committee")
        self.fields["deciders"].queryset = Person.objects.filter(organisation=organisation, is_active=True)
        resolutions = list(decision.resolutions.all())
        if resolutions:
            self.fields["adopted_resolutions"].choices = [(r.position, str(r)) for r in resolutions]
            self.fields["adopted_resolutions"].initial = [r.position for r in resolutions]
        else:
            del self.fields["adopted_resolutions"]
        style_widgets(self)

    def follow_up_titles(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("follow_ups", "").splitlines() if line.strip()]


class DecisionResolutionForm(OrganisationModelForm):
    class Meta(OrganisationModelForm.Meta):
        model = DecisionResolution
        fields = ("decision", "position", "text", "option", "role")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = self.fields["decision"].queryset.filter(sequence__isnull=True)
        self.fields["decision"].error_messages["invalid_choice"] = IMMUTABLE_MESSAGE

    def clean(self):
        if (
            self.instance.pk
            and DecisionResolution.objects.filter(pk=self.instance.pk, decision__sequence__isnull=False).exists()
        ):
            raise ValidationError(IMMUTABLE_MESSAGE)
        return super().clean()


class DecisionActForm(OrganisationModelForm):
    class Meta(OrganisationModelForm.Meta):
        model = DecisionAct
        fields = (
            "kind",
            "number",
            "title",
            "body",
            "decision",
            "adopted_on",
            "transmitted_on",
            "published_on",
            "url",
            "note",
        )


class GovernanceEventForm(OrganisationModelForm):
    class Meta(OrganisationModelForm.Meta):
        model = GovernanceEvent
        fields = (
            "committee",
            "kind",
            "position",
            "title",
            "planned_on",
            "is_approximate",
            "done_on",
            "agenda_template",
        )


class ScenarioAnalysisForm(OrganisationModelForm):
    class Meta(OrganisationModelForm.Meta):
        model = ScenarioAnalysis
        fields = ("title", "description", "decision")


class ScenarioCriterionForm(OrganisationModelForm):
    class Meta(OrganisationModelForm.Meta):
        model = ScenarioCriterion
        fields = ("analysis", "position", "name", "weight", "direction")


class ScenarioOptionForm(OrganisationModelForm):
    class Meta(OrganisationModelForm.Meta):
        model = ScenarioOption
        fields = ("analysis", "code", "label", "assessment")


class ScenarioRatingForm(OrganisationModelForm):
    class Meta(OrganisationModelForm.Meta):
        model = ScenarioRating
        fields = ("option", "criterion", "level", "justification")

    def clean(self):
        cleaned = super().clean()
        option, criterion = cleaned.get("option"), cleaned.get("criterion")
        if option and criterion and option.analysis_id != criterion.analysis_id:
            raise ValidationError("Le scénario et le critère n'appartiennent pas à la même analyse.")
        return cleaned


class FrameworkDocumentForm(OrganisationModelForm):
    class Meta(OrganisationModelForm.Meta):
        model = FrameworkDocument
        fields = ("title", "kind", "owner", "description")


class FrameworkDocumentVersionForm(OrganisationModelForm):
    class Meta(OrganisationModelForm.Meta):
        model = FrameworkDocumentVersion
        fields = ("document", "number", "summary", "text", "file_reference", "change_note")
        widgets = {"text": forms.Textarea(attrs={"rows": 12})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        document_id = self.initial.get("document")
        if not self.instance.pk and str(document_id or "").isdigit() and not self.initial.get("number"):
            last = FrameworkDocumentVersion.objects.filter(organisation=self.organisation, document_id=document_id)
            self.initial["number"] = (last.order_by("-number").values_list("number", flat=True).first() or 0) + 1

    def clean(self):
        stored = self.instance.stored_status()
        if stored in (VersionStatus.APPROVED, VersionStatus.PUBLISHED):
            raise ValidationError(APPROVED_VERSION_MESSAGE)
        if stored == VersionStatus.SUBMITTED:
            raise ValidationError(NOT_A_DRAFT_MESSAGE)
        return super().clean()


class VersionApproveForm(forms.Form):
    decision = forms.ModelChoiceField(
        label="Décision d'approbation",
        queryset=Decision.objects.none(),
        help_text="Une décision enregistrée au registre avec l'issue « adoptée ».",
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        # Every recorded decision is offered, so that a wrong choice gets the service's reason.
        self.fields["decision"].queryset = (
            Decision.objects.filter(organisation=organisation)
            .recorded()
            .select_related("committee")
            .order_by("-sequence")
        )
        style_widgets(self)


class AcknowledgementCampaignForm(OrganisationModelForm):
    class Meta(OrganisationModelForm.Meta):
        model = AcknowledgementCampaign
        fields = ("version", "title", "starts_on", "ends_on", "targets_agents", "targets_elected")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].queryset = (
            self.fields["version"].queryset.filter(status=VersionStatus.PUBLISHED).select_related("document")
        )

    def clean_version(self):
        version = self.cleaned_data["version"]
        campaign = self.instance
        if campaign.pk and version.pk != campaign.version_id and campaign.acknowledgements.exists():
            raise ValidationError(
                "Des personnes ont déjà pris connaissance de la version de cette campagne : "
                "lancez une nouvelle campagne pour une autre version."
            )
        return version


class AcknowledgementRecordForm(forms.Form):
    acknowledged_on = forms.DateField(label="Date de prise de connaissance")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)


class RoleForm(OrganisationModelForm):
    class Meta(OrganisationModelForm.Meta):
        model = Role
        fields = ("name", "short_name", "position", "missions", "missions_source", "holder_people", "holder_vendors")


class RaciAssignmentForm(OrganisationModelForm):
    class Meta(OrganisationModelForm.Meta):
        model = RaciAssignment
        fields = ("axis", "role", "responsibility", "is_illustrative", "note")
