from django import forms
from django.utils import timezone

from gouvernail.access.models import AccessReview, AccessReviewCampaign, AccountGrant, ChecklistItem, Movement
from gouvernail.applications.models import Application
from gouvernail.core.forms import OrganisationModelForm, style_widgets

__all__ = (
    "AccessReviewCampaignForm",
    "AccessReviewForm",
    "AccountGrantForm",
    "ChecklistItemForm",
    "DirectoryFillForm",
    "MovementForm",
)


class AccountGrantForm(OrganisationModelForm):
    class Meta(OrganisationModelForm.Meta):
        model = AccountGrant
        fields = ("application", "person", "login", "role", "is_admin", "is_enabled")


class AccessReviewCampaignForm(OrganisationModelForm):
    class Meta(OrganisationModelForm.Meta):
        model = AccessReviewCampaign
        fields = ("name", "year", "starts_on", "due_on")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("starts_on") and cleaned.get("due_on") and cleaned["due_on"] < cleaned["starts_on"]:
            self.add_error("due_on", "L'échéance précède l'ouverture de la revue.")
        return cleaned


class AccessReviewForm(OrganisationModelForm):
    class Meta(OrganisationModelForm.Meta):
        model = AccessReview
        fields = ("reviewer", "decision", "decided_on", "comment")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") != "a_revoir" and not cleaned.get("decided_on"):
            cleaned["decided_on"] = timezone.localdate()
        return cleaned


class MovementForm(OrganisationModelForm):
    class Meta(OrganisationModelForm.Meta):
        model = Movement
        fields = ("person", "kind", "effective_on", "notes")


class ChecklistItemForm(OrganisationModelForm):
    class Meta(OrganisationModelForm.Meta):
        model = ChecklistItem
        fields = ("movement", "category", "label", "due_on", "done_on")


class DirectoryFillForm(forms.Form):
    application = forms.ModelChoiceField(label="Application connectée à Entra ID", queryset=Application.objects.none())

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = Application.objects.filter(organisation=organisation)
        style_widgets(self)
