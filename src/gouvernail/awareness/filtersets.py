import django_filters

from gouvernail.awareness.models import PhishingCampaign, PhishingServiceResult
from gouvernail.core.filtersets import OrganisationFilterSet

__all__ = ("PhishingCampaignFilterSet", "PhishingServiceResultFilterSet")


class PhishingCampaignFilterSet(OrganisationFilterSet):
    search_fields = ("name", "template_name", "landing_page_name")

    launched_from = django_filters.DateFilter(field_name="launched_on", lookup_expr="gte", label="Lancée depuis le")
    launched_to = django_filters.DateFilter(field_name="launched_on", lookup_expr="lte", label="Lancée jusqu'au")

    class Meta:
        model = PhishingCampaign
        fields = ("q", "source", "launched_from", "launched_to")


class PhishingServiceResultFilterSet(OrganisationFilterSet):
    """The drill-down of the phishing indicators: the result rows a rate is summed from."""

    search_fields = ("campaign__name", "service__name")

    unknown_service = django_filters.BooleanFilter(field_name="service", lookup_expr="isnull", label="Service inconnu")
    launched_from = django_filters.DateFilter(
        field_name="campaign__launched_on", lookup_expr="gte", label="Campagne lancée depuis le"
    )
    launched_to = django_filters.DateFilter(
        field_name="campaign__launched_on", lookup_expr="lte", label="Campagne lancée jusqu'au"
    )

    class Meta:
        model = PhishingServiceResult
        fields = ("q", "campaign", "service", "unknown_service", "launched_from", "launched_to")
