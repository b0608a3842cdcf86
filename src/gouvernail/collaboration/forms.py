from gouvernail.collaboration.models import SharedSpace
from gouvernail.core.forms import OrganisationModelForm

__all__ = ("SharedSpaceForm",)


class SharedSpaceForm(OrganisationModelForm):
    """What Gouvernail decides about a space: whom it serves and who answers for it."""

    class Meta(OrganisationModelForm.Meta):
        model = SharedSpace
        fields = ("name", "kind", "service", "project", "responsible", "size_bytes", "quota_bytes", "is_active")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].empty_label = "Sans responsable identifié"
