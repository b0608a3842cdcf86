from django.db.models import Prefetch

from gouvernail.core.views.generic import ObjectDetailView, ObjectViewSet
from gouvernail.governance import filtersets, forms, tables
from gouvernail.governance.analysis import analysis_report
from gouvernail.governance.models import (
    ScenarioAnalysis,
    ScenarioCriterion,
    ScenarioOption,
    ScenarioRating,
)


class ScenarioAnalysisDetailView(ObjectDetailView):
    template_name = "governance/scenarioanalysis_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        analysis = ScenarioAnalysis.objects.prefetch_related(
            "criteria", Prefetch("options", queryset=ScenarioOption.objects.prefetch_related("ratings"))
        ).get(pk=context["object"].pk)
        context["report"] = analysis_report(analysis)
        return context


class ScenarioAnalysisViews(ObjectViewSet):
    model = ScenarioAnalysis
    table = tables.ScenarioAnalysisTable
    filterset = filtersets.ScenarioAnalysisFilterSet
    form = forms.ScenarioAnalysisForm
    select_related = ("decision",)
    detail_view = ScenarioAnalysisDetailView
    detail_fields = ("title", "description", "decision")


class ScenarioCriterionViews(ObjectViewSet):
    model = ScenarioCriterion
    table = tables.ScenarioCriterionTable
    filterset = filtersets.ScenarioCriterionFilterSet
    form = forms.ScenarioCriterionForm
    select_related = ("analysis",)


class ScenarioOptionViews(ObjectViewSet):
    model = ScenarioOption
    table = tables.ScenarioOptionTable
    filterset = filtersets.ScenarioOptionFilterSet
    form = forms.ScenarioOptionForm
    select_related = ("analysis",)
    related_lists = (("Appréciations", "ratings", tables.ScenarioRatingTable),)


class ScenarioRatingViews(ObjectViewSet):
    model = ScenarioRating
    table = tables.ScenarioRatingTable
    filterset = filtersets.ScenarioRatingFilterSet
    form = forms.ScenarioRatingForm
    select_related = ("option", "criterion")
