import django_tables2 as tables

from gouvernail.core.tables import BaseTable, BooleanColumn
from gouvernail.governance.models import (
    AgendaItem,
    Committee,
    CommitteeMember,
    Decision,
    DecisionOption,
    Meeting,
    ScenarioAnalysis,
    ScenarioCriterion,
    ScenarioOption,
    ScenarioRating,
)


class CommitteeTable(BaseTable):
    name = tables.Column(linkify=True)
    next_due = tables.Column(
        accessor="next_due_display", verbose_name="Prochaine réunion due", orderable=False, default="—"
    )

    class Meta(BaseTable.Meta):
        model = Committee
        fields = ("name", "kind", "frequency", "next_due")


class CommitteeMemberTable(BaseTable):
    person = tables.Column(linkify=lambda record: record.get_absolute_url())
    committee = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = CommitteeMember
        fields = ("person", "committee", "capacity")


class MeetingTable(BaseTable):
    title = tables.Column(linkify=True)
    committee = tables.Column(linkify=True)
    date = tables.DateColumn(format="d/m/Y")
    is_approximate = BooleanColumn()

    class Meta(BaseTable.Meta):
        model = Meeting
        fields = ("title", "committee", "date", "is_approximate", "place", "status")


class AgendaItemTable(BaseTable):
    position = tables.Column(linkify=True)
    title = tables.Column(linkify=True)
    meeting = tables.Column(linkify=True)
    decision = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = AgendaItem
        fields = ("position", "title", "kind", "meeting", "decision")


class DecisionTable(BaseTable):
    sequence = tables.Column(linkify=True)
    question = tables.Column(linkify=True)
    committee = tables.Column(linkify=True)
    needed_by = tables.DateColumn(format="d/m/Y")
    decided_on = tables.DateColumn(format="d/m/Y")

    class Meta(BaseTable.Meta):
        model = Decision
        fields = ("sequence", "question", "status", "committee", "needed_by", "decided_on")


class DecisionOptionTable(BaseTable):
    label = tables.Column(linkify=True)
    decision = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = DecisionOption
        fields = ("label", "decision", "pros", "cons", "cost", "risks")


class ScenarioAnalysisTable(BaseTable):
    title = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = ScenarioAnalysis
        fields = ("title", "decision")


class ScenarioCriterionTable(BaseTable):
    name = tables.Column(linkify=True)
    analysis = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = ScenarioCriterion
        fields = ("position", "name", "weight", "direction", "analysis")


class ScenarioOptionTable(BaseTable):
    code = tables.Column(linkify=True)
    label = tables.Column(linkify=True)
    analysis = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = ScenarioOption
        fields = ("code", "label", "analysis")


class ScenarioRatingTable(BaseTable):
    option = tables.Column(linkify=True)
    criterion = tables.Column(linkify=True)
    level = tables.Column(linkify=lambda record: record.get_absolute_url())

    class Meta(BaseTable.Meta):
        model = ScenarioRating
        fields = ("option", "criterion", "level", "justification")
