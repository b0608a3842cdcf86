import django_tables2 as tables

from gouvernail.applications.models import Application
from gouvernail.core.tables import BaseTable, BooleanColumn

__all__ = ("ApplicationTable",)


class ApplicationTable(BaseTable):
    name = tables.Column(linkify=True)
    vendor = tables.Column(linkify=True)
    mfa_available = BooleanColumn()
    mfa_enabled = BooleanColumn()

    class Meta(BaseTable.Meta):
        model = Application
        fields = (
            "name",
            "vendor",
            "process",
            "platform",
            "sourcing",
            "hosting",
            "users_note",
            "scope_note",
            "criticality",
            "data_location",
            "mfa_available",
            "mfa_enabled",
        )
