from gouvernail.core.views.generic import ObjectViewSet
from gouvernail.servicedesk import filtersets, forms, tables
from gouvernail.servicedesk.models import AssignmentGroup, CategoryMapping, Request
from gouvernail.servicedesk.services import requests_refamily


class RequestViews(ObjectViewSet):
    model = Request
    table = tables.RequestTable
    filterset = filtersets.RequestFilterSet
    read_only = True
    select_related = ("service", "site")
    detail_fields = (
        "source",
        "external_id",
        "opened_at",
        "resolved_at",
        "source_modified_at",
        "status",
        "request_type",
        "family",
        "category",
        "subcategory",
        "service",
        "site",
        "time_spent_minutes",
        "assigned_group",
        "taken_at",
    )


class CategoryMappingViews(ObjectViewSet):
    model = CategoryMapping
    table = tables.CategoryMappingTable
    filterset = filtersets.CategoryMappingFilterSet
    form = forms.CategoryMappingForm
    detail_fields = ("category", "subcategory", "family")

    @classmethod
    def save_form(cls, form, request):
        mapping = form.save()
        # Stored families follow the mapping at once, so the dashboards agree with it.
        requests_refamily(organisation=mapping.organisation)
        return mapping


class AssignmentGroupViews(ObjectViewSet):
    """Which vendor handles the requests of each assignment group of the service desk."""

    model = AssignmentGroup
    table = tables.AssignmentGroupTable
    filterset = filtersets.AssignmentGroupFilterSet
    form = forms.AssignmentGroupForm
    select_related = ("vendor",)
    detail_fields = ("group", "vendor")
