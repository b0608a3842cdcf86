from gouvernail.core.formatting import amount
from gouvernail.core.views.generic import ObjectViewSet
from gouvernail.steering import filtersets, forms, tables
from gouvernail.steering.models import ExpectedDecision, Milestone, Project, StatusReport
from gouvernail.steering.services import project_report_status


class ProjectViews(ObjectViewSet):
    model = Project
    table = tables.ProjectTable
    filterset = filtersets.ProjectFilterSet
    form = forms.ProjectForm
    select_related = ("lead", "sponsor", "axis")
    detail_fields = (
        "name",
        "description",
        "status",
        "sponsor",
        "lead",
        "planned_start",
        "planned_end",
        "actual_start",
        "actual_end",
        ("budget_planned", "budget prévu (€)", amount),
        ("budget_committed", "budget engagé (€)", amount),
        ("budget_spent", "budget consommé (€)", amount),
        "is_structuring",
        "structuring_kind",
        "axis",
    )
    related_lists = (
        ("Points d'avancement", "reports", tables.StatusReportTable),
        ("Jalons", "milestones", tables.MilestoneTable),
        ("Arbitrages attendus du COPIL", "expected_decisions", tables.ExpectedDecisionTable),
        ("Actions liées", "actions", tables.ActionItemTable),
    )


class StatusReportViews(ObjectViewSet):
    model = StatusReport
    table = tables.StatusReportTable
    filterset = filtersets.StatusReportFilterSet
    form = forms.StatusReportForm
    select_related = ("project", "author")
    detail_fields = ("project", "date", "status", "summary", "blockers", "next_steps", "author")

    @classmethod
    def save_form(cls, form, request):
        return project_report_status(report=form.save(commit=False), acting_user=request.user)


class MilestoneViews(ObjectViewSet):
    model = Milestone
    table = tables.MilestoneTable
    filterset = filtersets.MilestoneFilterSet
    form = forms.MilestoneForm
    select_related = ("project",)


class ExpectedDecisionViews(ObjectViewSet):
    model = ExpectedDecision
    table = tables.ExpectedDecisionTable
    filterset = filtersets.ExpectedDecisionFilterSet
    form = forms.ExpectedDecisionForm
    select_related = ("project",)
