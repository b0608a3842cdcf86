import django_tables2 as tables

from gouvernail.access.models import AccessReview, AccessReviewCampaign, AccountGrant, ChecklistItem, Movement
from gouvernail.core.tables import BaseTable, BooleanColumn

__all__ = (
    "AccessReviewCampaignTable",
    "AccessReviewTable",
    "AccountGrantTable",
    "ChecklistItemTable",
    "MovementTable",
)


class AccountGrantTable(BaseTable):
    login = tables.Column(linkify=True)
    application = tables.Column(linkify=True)
    is_admin = BooleanColumn()
    is_enabled = BooleanColumn()

    class Meta(BaseTable.Meta):
        model = AccountGrant
        fields = ("login", "application", "role", "is_admin", "is_enabled", "source")


class AccessReviewCampaignTable(BaseTable):
    name = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = AccessReviewCampaign
        fields = ("name", "year", "starts_on", "due_on", "status")


class AccessReviewTable(BaseTable):
    account = tables.Column(linkify=lambda record: record.get_absolute_url())
    application = tables.Column("Application", accessor="account__application")
    is_admin = BooleanColumn("Administrateur", accessor="account__is_admin")

    class Meta(BaseTable.Meta):
        model = AccessReview
        fields = ("account", "application", "is_admin", "campaign", "decision", "decided_on")


class MovementTable(BaseTable):
    person = tables.Column(linkify=lambda record: record.get_absolute_url())

    class Meta(BaseTable.Meta):
        model = Movement
        fields = ("person", "kind", "effective_on")


class ChecklistItemTable(BaseTable):
    label = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = ChecklistItem
        fields = ("label", "movement", "category", "due_on", "done_on")
