import django_tables2 as tables
from django.utils.functional import cached_property

from gouvernail.awareness.models import UNKNOWN_SERVICE, PhishingCampaign, PhishingServiceResult, hidden_result_ids
from gouvernail.awareness.queries import percent
from gouvernail.core.formatting import display
from gouvernail.core.privacy import TOO_SMALL
from gouvernail.core.tables import BaseTable

__all__ = ("PhishingCampaignTable", "PhishingServiceResultTable")


class PhishingCampaignTable(BaseTable):
    name = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = PhishingCampaign
        fields = ("name", "launched_on", "completed_on", "source", "template_name")


class MaskedCount(tables.Column):
    """A count shown only for a service with enough recipients (and not hidden with such a one:
    core.privacy); « effectif insuffisant » otherwise, in the page and in exports alike."""

    attrs = {"td": {"class": "text-end"}, "th": {"class": "text-end"}}

    def render(self, value, record, table):
        return TOO_SMALL if record.pk in table.hidden_ids else display(value) or "0"

    def value(self, value, record, table):
        return TOO_SMALL if record.pk in table.hidden_ids else value


class PhishingServiceResultTable(BaseTable):
    campaign = tables.Column(linkify=True)
    service = tables.Column(
        verbose_name="Service",
        order_by=("service__name",),
        empty_values=(),
        linkify=lambda record: record.get_absolute_url(),
    )
    sent = tables.Column(attrs=MaskedCount.attrs)
    opened = MaskedCount()
    clicked = MaskedCount()
    submitted = MaskedCount()
    reported = MaskedCount()
    click_rate = tables.Column(verbose_name="Taux de clic", empty_values=(), orderable=False, attrs=MaskedCount.attrs)

    class Meta(BaseTable.Meta):
        model = PhishingServiceResult
        fields = ("campaign", "service", "sent", "opened", "clicked", "submitted", "reported")

    @cached_property
    def hidden_ids(self) -> set[int]:
        """One query for the whole list: the rule looks at every service of each listed campaign."""
        return hidden_result_ids(list(self.data))

    def render_service(self, record):
        return record.service_label

    def value_service(self, record):
        return record.service.name if record.service_id else UNKNOWN_SERVICE

    def render_click_rate(self, record):
        if record.pk in self.hidden_ids:
            return TOO_SMALL
        return percent(record.clicked / record.sent if record.sent else None)

    def value_click_rate(self, record):
        return self.render_click_rate(record)
