from gouvernail.core.forms import OrganisationModelForm
from gouvernail.servicedesk.models import AssignmentGroup, CategoryMapping

__all__ = ("AssignmentGroupForm", "CategoryMappingForm")


class CategoryMappingForm(OrganisationModelForm):
    class Meta(OrganisationModelForm.Meta):
        model = CategoryMapping
        fields = ("category", "subcategory", "family")


class AssignmentGroupForm(OrganisationModelForm):
    class Meta(OrganisationModelForm.Meta):
        model = AssignmentGroup
        fields = ("group", "vendor")
