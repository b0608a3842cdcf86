from django import forms

from gouvernail.core.forms import OrganisationModelForm
from gouvernail.steering.choices import ActionStatus, StopReason
from gouvernail.steering.models import (
    ActionItem,
    ExpectedDecision,
    Milestone,
    Project,
    RoadmapAxis,
    RoadmapItem,
    RoadmapTheme,
    StatusReport,
)

__all__ = (
    "ActionItemForm",
    "ActionMoveForm",
    "ExpectedDecisionForm",
    "MilestoneForm",
    "ProjectForm",
    "RoadmapAxisForm",
    "RoadmapItemForm",
    "RoadmapThemeForm",
    "StatusReportForm",
)


class ActionItemForm(OrganisationModelForm):
    comment = forms.CharField(
        label="Commentaire pour le journal de bord",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Facultatif : pourquoi ce changement (conservé avec la date et l'auteur).",
    )

    class Meta(OrganisationModelForm.Meta):
        model = ActionItem
        fields = (
            "number",
            "title",
            "description",
            "status",
            "stop_reason",
            "owner_person",
            "owner_vendor",
            "due_date",
            "recurrence_months",
            "priority",
            "effort",
            "axis",
            "remarks",
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.previous_status = self.instance.status if self.instance.pk else ""
        if not self.instance.pk and not self.initial.get("number"):
            last = ActionItem.objects.filter(organisation=self.organisation).order_by("-number").first()
            self.initial["number"] = (last.number + 1) if last else 1


class ActionMoveForm(forms.Form):
    """The board's « déplacer vers » control: a status, a reason when stopping, a comment."""

    status = forms.ChoiceField(label="Déplacer vers", choices=ActionStatus.choices)
    stop_reason = forms.ChoiceField(
        label="Motif (report ou abandon)", choices=[("", "—"), *StopReason.choices], required=False
    )
    comment = forms.CharField(label="Commentaire", required=False, max_length=500)


class ProjectForm(OrganisationModelForm):
    class Meta(OrganisationModelForm.Meta):
        model = Project
        fields = (
            "name",
            "description",
            "sponsor",
            "lead",
            "status",
            "planned_start",
            "planned_end",
            "actual_start",
            "actual_end",
            "budget_planned",
            "budget_committed",
            "budget_spent",
            "is_structuring",
            "structuring_kind",
            "axis",
            "actions",
        )


class StatusReportForm(OrganisationModelForm):
    class Meta(OrganisationModelForm.Meta):
        model = StatusReport
        fields = ("project", "date", "status", "summary", "blockers", "next_steps")


class MilestoneForm(OrganisationModelForm):
    class Meta(OrganisationModelForm.Meta):
        model = Milestone
        fields = ("project", "name", "due_date", "done_date")


class ExpectedDecisionForm(OrganisationModelForm):
    class Meta(OrganisationModelForm.Meta):
        model = ExpectedDecision
        fields = ("project", "question", "options", "needed_by", "is_settled")


class RoadmapAxisForm(OrganisationModelForm):
    class Meta(OrganisationModelForm.Meta):
        model = RoadmapAxis
        fields = ("name", "position", "description")


class RoadmapThemeForm(OrganisationModelForm):
    class Meta(OrganisationModelForm.Meta):
        model = RoadmapTheme
        fields = ("year", "title", "description")


class RoadmapItemForm(OrganisationModelForm):
    class Meta(OrganisationModelForm.Meta):
        model = RoadmapItem
        fields = ("axis", "year", "title", "start_month", "end_month", "is_estimate", "status", "projects", "actions")
