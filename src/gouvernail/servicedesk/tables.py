import django_tables2 as tables

from gouvernail.core.tables import BaseTable
from gouvernail.servicedesk.models import AssignmentGroup, CategoryMapping, Request

__all__ = ("AssignmentGroupTable", "CategoryMappingTable", "RequestTable")


class RequestTable(BaseTable):
    external_id = tables.Column(linkify=True)
    opened_at = tables.DateTimeColumn(format="d/m/Y H:i")
    resolved_at = tables.DateTimeColumn(format="d/m/Y H:i")
    service = tables.Column(linkify=True)
    site = tables.Column(linkify=True)
    subcategory = tables.Column(visible=False)
    time_spent_minutes = tables.Column(visible=False)
    taken_at = tables.DateTimeColumn(format="d/m/Y H:i", visible=False)
    assigned_group = tables.Column(visible=False)

    class Meta(BaseTable.Meta):
        model = Request
        fields = (
            "external_id",
            "source",
            "opened_at",
            "resolved_at",
            "status",
            "request_type",
            "family",
            "category",
            "subcategory",
            "service",
            "site",
            "time_spent_minutes",
            "taken_at",
            "assigned_group",
        )


class CategoryMappingTable(BaseTable):
    category = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = CategoryMapping
        fields = ("category", "subcategory", "family")


class AssignmentGroupTable(BaseTable):
    group = tables.Column(linkify=True)
    vendor = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = AssignmentGroup
        fields = ("group", "vendor")
