from gouvernail.core.forms import OrganisationModelForm
from gouvernail.servicedesk.models import CategoryMapping

__all__ = ("CategoryMappingForm",)


class CategoryMappingForm(OrganisationModelForm):
    class Meta(OrganisationModelForm.Meta):
        model = CategoryMapping
        fields = ("category", "subcategory", "family")
