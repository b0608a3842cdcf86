import django_tables2 as tables
from django.utils.html import format_html

from gouvernail.core.references import link_references
from gouvernail.core.tables import AmountColumn, BaseTable, BooleanColumn
from gouvernail.steering.models import (
    ActionEvent,
    ActionItem,
    ActionOccurrence,
    ExpectedDecision,
    Milestone,
    Project,
    RoadmapAxis,
    RoadmapItem,
    RoadmapTheme,
    StatusReport,
)

__all__ = (
    "ActionEventTable",
    "ActionItemTable",
    "ExpectedDecisionTable",
    "MilestoneTable",
    "ProjectTable",
    "RoadmapAxisTable",
    "RoadmapItemTable",
    "RoadmapThemeTable",
    "StatusReportTable",
)


class ActionItemTable(BaseTable):
    number = tables.Column(linkify=True)
    title = tables.Column(linkify=True)
    owner = tables.Column(
        accessor="owner", verbose_name="Porteur", order_by=("owner_person__last_name", "owner_vendor__name")
    )
    due_date = tables.DateColumn(format="d/m/Y")
    axis = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = ActionItem
        fields = (
            "number",
            "title",
            "status",
            "stop_reason",
            "owner",
            "due_date",
            "priority",
            "effort",
            "axis",
            "remarks",
        )
        row_attrs = {"class": lambda record: "table-danger" if record.is_overdue() else ""}

    def render_due_date(self, value, record):
        if value is None:  # a DateColumn renders empty values too
            return "—"
        if record.is_overdue():
            return format_html('{} <span class="badge text-bg-danger">En retard</span>', value.strftime("%d/%m/%Y"))
        return value.strftime("%d/%m/%Y")

    def render_remarks(self, value):
        # « Voir scénarios » opens the scenario analyses; exports keep the plain text.
        return link_references(value, getattr(getattr(self, "request", None), "membership", None))


class ActionEventTable(BaseTable):
    at = tables.DateTimeColumn(format="d/m/Y H:i", verbose_name="Date")
    author = tables.Column(accessor="author__email", verbose_name="Auteur")

    class Meta(BaseTable.Meta):
        model = ActionEvent
        fields = ("at", "author", "from_status", "to_status", "stop_reason", "comment")


class ProjectTable(BaseTable):
    name = tables.Column(linkify=True)
    lead = tables.Column(linkify=True)
    planned_end = tables.DateColumn(format="d/m/Y")
    budget_planned = AmountColumn(whole=True)
    budget_spent = AmountColumn(whole=True)
    is_structuring = BooleanColumn()

    class Meta(BaseTable.Meta):
        model = Project
        fields = (
            "name",
            "status",
            "lead",
            "planned_start",
            "planned_end",
            "budget_planned",
            "budget_spent",
            "is_structuring",
            "structuring_kind",
            "axis",
        )


class StatusReportTable(BaseTable):
    date = tables.DateColumn(format="d/m/Y", linkify=True)
    project = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = StatusReport
        fields = ("date", "project", "status", "summary", "blockers", "next_steps")


class MilestoneTable(BaseTable):
    name = tables.Column(linkify=True)
    project = tables.Column(linkify=True)
    due_date = tables.DateColumn(format="d/m/Y")
    done_date = tables.DateColumn(format="d/m/Y")

    class Meta(BaseTable.Meta):
        model = Milestone
        fields = ("name", "project", "due_date", "done_date")
        row_attrs = {"class": lambda record: "table-danger" if record.is_late() else ""}

    def render_due_date(self, value, record):
        if record.is_late():
            return format_html('{} <span class="badge text-bg-danger">En retard</span>', value.strftime("%d/%m/%Y"))
        return value.strftime("%d/%m/%Y")


class ExpectedDecisionTable(BaseTable):
    question = tables.Column(linkify=True)
    project = tables.Column(linkify=True)
    needed_by = tables.DateColumn(format="d/m/Y")
    is_settled = BooleanColumn()

    class Meta(BaseTable.Meta):
        model = ExpectedDecision
        fields = ("question", "project", "needed_by", "is_settled")


class RoadmapAxisTable(BaseTable):
    name = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = RoadmapAxis
        fields = ("position", "name", "description")


class RoadmapThemeTable(BaseTable):
    year = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = RoadmapTheme
        fields = ("year", "title", "description")


class RoadmapItemTable(BaseTable):
    title = tables.Column(linkify=True)
    axis = tables.Column(linkify=True)
    start_month = tables.DateColumn(format="m/Y")
    end_month = tables.DateColumn(format="m/Y")
    is_estimate = BooleanColumn()

    class Meta(BaseTable.Meta):
        model = RoadmapItem
        fields = ("title", "axis", "year", "start_month", "end_month", "is_estimate", "status")


class ActionOccurrenceTable(BaseTable):
    due_on = tables.DateColumn(format="d/m/Y", linkify=True)
    action = tables.Column(linkify=True)
    done_on = tables.DateColumn(format="d/m/Y")
    status = tables.Column(verbose_name="État", accessor="status_display", orderable=False)

    class Meta(BaseTable.Meta):
        model = ActionOccurrence
        fields = ("due_on", "action", "status", "done_on", "note")
        order_by = ("due_on",)
