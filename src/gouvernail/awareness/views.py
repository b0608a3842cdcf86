from django.urls import reverse

from gouvernail.awareness import filtersets, forms, queries, tables
from gouvernail.awareness.choices import CampaignSource
from gouvernail.awareness.models import PhishingCampaign, PhishingServiceResult
from gouvernail.core.privacy import TOO_SMALL, min_group_size
from gouvernail.core.views.generic import ObjectDetailView, ObjectViewSet


class PhishingCampaignDetailView(ObjectDetailView):
    """The campaign, its totals and its per-service table (small services masked)."""

    template_name = "awareness/phishingcampaign_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        campaign = context["object"]
        rows = queries.per_service(self.request.organisation, campaign=campaign)
        context.update(
            {
                "service_rows": rows,
                "total": sum((row.tally for row in rows), queries.Tally()),
                "total_hidden": queries.total_is_hidden(rows),
                "min_group_size": min_group_size(),
                "too_small": TOO_SMALL,
                "results_url": f"{reverse('awareness:phishingserviceresult_list')}?campaign={campaign.pk}",
                "add_result_url": (
                    f"{reverse('awareness:phishingserviceresult_add')}?campaign={campaign.pk}"
                    if context["can_edit"] and campaign.source != CampaignSource.GOPHISH
                    else None
                ),
            }
        )
        return context


class PhishingCampaignViews(ObjectViewSet):
    model = PhishingCampaign
    table = tables.PhishingCampaignTable
    filterset = filtersets.PhishingCampaignFilterSet
    form = forms.PhishingCampaignForm
    detail_view = PhishingCampaignDetailView
    detail_fields = (
        "name",
        "launched_on",
        "completed_on",
        "source",
        "external_id",
        "template_name",
        "landing_page_name",
    )


class PhishingServiceResultViews(ObjectViewSet):
    model = PhishingServiceResult
    table = tables.PhishingServiceResultTable
    filterset = filtersets.PhishingServiceResultFilterSet
    form = forms.PhishingServiceResultForm
    select_related = ("campaign", "service")
    detail_fields = (
        "campaign",
        ("service_label", "service"),
        ("sent", "messages envoyés"),
        ("opened_shown", "messages ouverts"),
        ("clicked_shown", "clics sur le lien"),
        ("submitted_shown", "données saisies"),
        ("reported_shown", "signalements"),
    )
