from django import forms

from gouvernail.awareness.choices import CampaignSource
from gouvernail.awareness.models import PhishingCampaign, PhishingServiceResult
from gouvernail.core.forms import OrganisationModelForm

__all__ = ("PhishingCampaignForm", "PhishingServiceResultForm")


class PhishingCampaignForm(OrganisationModelForm):
    """A campaign run without GoPhish (another tool, or a paper exercise), entered by hand."""

    class Meta(OrganisationModelForm.Meta):
        model = PhishingCampaign
        fields = ("name", "launched_on", "completed_on", "template_name", "landing_page_name")


class PhishingServiceResultForm(OrganisationModelForm):
    """The counts of one service for a campaign kept by hand; GoPhish's come from the sync."""

    class Meta(OrganisationModelForm.Meta):
        model = PhishingServiceResult
        fields = ("campaign", "service", "sent", "opened", "clicked", "submitted", "reported")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["campaign"]
        field.queryset = field.queryset.exclude(source=CampaignSource.GOPHISH)
        field.error_messages["invalid_choice"] = (
            "Choisissez une campagne saisie à la main : les résultats d'une campagne GoPhish "
            "viennent de la synchronisation."
        )
        self.fields["service"].empty_label = "Service inconnu"

    def clean_campaign(self):
        campaign = self.cleaned_data["campaign"]
        if self.instance.pk and self.instance.campaign.source == CampaignSource.GOPHISH:
            raise forms.ValidationError("Les résultats d'une campagne GoPhish viennent de la synchronisation.")
        return campaign
