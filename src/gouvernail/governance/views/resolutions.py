"""The resolutions of a decision (frozen with it once recorded) and the acts (délibérations,
arrêtés) that give a decision legal force."""

from django.urls import path

from gouvernail.core.views.generic import ObjectViewSet
from gouvernail.governance import filtersets, forms, tables
from gouvernail.governance.models import DecisionAct, DecisionResolution
from gouvernail.governance.views.decisions import RecordedRefusingEditView


class DecisionResolutionViews(ObjectViewSet):
    model = DecisionResolution
    table = tables.DecisionResolutionTable
    filterset = filtersets.DecisionResolutionFilterSet
    form = forms.DecisionResolutionForm
    select_related = ("decision", "option")

    @classmethod
    def urls(cls, prefix: str) -> list:
        # A resolution of a recorded decision is refused at its edit page, like the decision.
        edit = RecordedRefusingEditView.as_view(viewset=cls, sequence_lookup="decision__sequence")
        return [
            path(f"{prefix}/<int:pk>/modifier/", edit, name=pattern.name)
            if pattern.name == "decisionresolution_edit"
            else pattern
            for pattern in super().urls(prefix)
        ]


class DecisionActViews(ObjectViewSet):
    model = DecisionAct
    table = tables.DecisionActTable
    filterset = filtersets.DecisionActFilterSet
    form = forms.DecisionActForm
    select_related = ("decision",)
