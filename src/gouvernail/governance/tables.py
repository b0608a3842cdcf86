import django_tables2 as tables
from django.utils.html import format_html, format_html_join

from gouvernail.core.tables import BaseTable, BooleanColumn
from gouvernail.governance.models import (
    AcknowledgementCampaign,
    AgendaItem,
    Committee,
    CommitteeMember,
    Decision,
    DecisionAct,
    DecisionOption,
    DecisionResolution,
    FrameworkDocument,
    FrameworkDocumentVersion,
    GovernanceEvent,
    Meeting,
    RaciAssignment,
    RegisterCheckpoint,
    Role,
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


class DecisionRegisterTable(BaseTable):
    """The register: recorded decisions in sequence order, with the start of their hash."""

    sequence = tables.Column(verbose_name="N°", linkify=True)
    decided_on = tables.DateColumn(format="d/m/Y", verbose_name="Date")
    question = tables.Column()
    committee = tables.Column(verbose_name="Instance", linkify=True)
    status = tables.Column(verbose_name="Issue")
    content_hash = tables.Column(verbose_name="Empreinte", orderable=False)
    amends = tables.Column(verbose_name="Amende", linkify=True)
    amendments = tables.Column(verbose_name="Amendée par", accessor="pk", orderable=False)
    acts = tables.Column(verbose_name="Acte", accessor="pk", orderable=False)

    class Meta(BaseTable.Meta):
        model = Decision
        fields = ("sequence", "decided_on", "question", "committee", "status", "content_hash", "amends")
        order_by = ("sequence",)

    def render_question(self, record, value):
        link = format_html('<a href="{}">{}</a>', record.get_absolute_url(), value)
        if record.is_history:
            # Taken before the register, recorded by an import: its number is its import's place.
            return format_html('{} <span class="badge text-bg-warning">reprise d\'historique</span>', link)
        return link

    def render_content_hash(self, value):
        return format_html('<code title="{}">{}…</code>', value, value[:12])

    def value_content_hash(self, value):
        return value  # the export carries the full hash, for an outside check of the chain

    def render_amends(self, record):
        amends = record.amends
        return format_html('<a href="{}">D{}</a>', amends.get_absolute_url(), amends.sequence or "—")

    def value_amends(self, record):
        return f"D{record.amends.sequence}" if record.amends_id else ""

    def render_amendments(self, record):
        amendments = list(record.amendments.all())
        if not amendments:
            return "—"
        return format_html_join(
            ", ",
            '<a href="{}">{}</a>',
            ((a.get_absolute_url(), f"D{a.sequence}" if a.sequence else "en cours") for a in amendments),
        )

    def render_acts(self, record):
        acts = list(record.acts.all())
        if not acts:
            return "—"
        return format_html_join(", ", '<a href="{}">{}</a>', ((a.get_absolute_url(), str(a)) for a in acts))

    def value_acts(self, record):
        return ", ".join(str(a) for a in record.acts.all())

    def value_amendments(self, record):
        return ", ".join(f"D{a.sequence}" if a.sequence else "en cours" for a in record.amendments.all())


class FrameworkDocumentTable(BaseTable):
    title = tables.Column(linkify=True)
    current_number = tables.Column(verbose_name="Version en vigueur", default="aucune")

    class Meta(BaseTable.Meta):
        model = FrameworkDocument
        fields = ("title", "kind", "owner", "current_number")

    def render_current_number(self, value):
        return f"v{value}"


class FrameworkDocumentVersionTable(BaseTable):
    number = tables.Column(verbose_name="Version", linkify=True)
    document = tables.Column(linkify=True)
    decision = tables.Column(verbose_name="Approuvée par", linkify=True)
    published_at = tables.DateTimeColumn(format="d/m/Y")

    class Meta(BaseTable.Meta):
        model = FrameworkDocumentVersion
        fields = ("number", "document", "status", "change_note", "decision", "published_at")

    def render_number(self, value):
        return f"v{value}"


class AcknowledgementCampaignTable(BaseTable):
    title = tables.Column(linkify=True)
    version = tables.Column(linkify=True)
    starts_on = tables.DateColumn(format="d/m/Y")
    ends_on = tables.DateColumn(format="d/m/Y")

    class Meta(BaseTable.Meta):
        model = AcknowledgementCampaign
        fields = ("title", "version", "starts_on", "ends_on")


class RegisterCheckpointTable(BaseTable):
    """Signed checkpoints of the register, newest first, with the start of their Merkle root."""

    tree_size = tables.Column(verbose_name="Décisions couvertes", linkify=True)
    issued_at = tables.DateTimeColumn(format="d/m/Y H:i")
    root_hash = tables.Column(orderable=False)
    decision = tables.Column(linkify=True)
    meeting = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = RegisterCheckpoint
        fields = ("tree_size", "issued_at", "reason", "root_hash", "key_id", "decision", "meeting")
        order_by = ("-issued_at",)

    def render_root_hash(self, value):
        return format_html('<code title="{}">{}…</code>', value, value[:12])

    def value_root_hash(self, value):
        return value


class DecisionResolutionTable(BaseTable):
    position = tables.Column(verbose_name="N°", linkify=True)
    decision = tables.Column(linkify=True)
    option = tables.Column(linkify=True)
    adopted = BooleanColumn()

    class Meta(BaseTable.Meta):
        model = DecisionResolution
        fields = ("position", "text", "option", "role", "adopted", "decision")
        order_by = ("decision", "position")


class DecisionActTable(BaseTable):
    number = tables.Column(linkify=True)
    decision = tables.Column(linkify=True)
    adopted_on = tables.DateColumn(format="d/m/Y")
    transmitted_on = tables.DateColumn(format="d/m/Y")
    published_on = tables.DateColumn(format="d/m/Y")

    class Meta(BaseTable.Meta):
        model = DecisionAct
        fields = ("number", "kind", "title", "body", "adopted_on", "transmitted_on", "published_on", "decision")


class GovernanceEventTable(BaseTable):
    title = tables.Column(linkify=True)
    committee = tables.Column(linkify=True)
    planned_on = tables.DateColumn(format="d/m/Y")
    done_on = tables.DateColumn(format="d/m/Y")
    meeting = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = GovernanceEvent
        fields = ("planned_on", "kind", "title", "committee", "done_on", "meeting")
        order_by = ("planned_on",)


class RoleTable(BaseTable):
    name = tables.Column(linkify=True)
    holders = tables.Column(verbose_name="Tenu par", accessor="pk", orderable=False)

    class Meta(BaseTable.Meta):
        model = Role
        fields = ("position", "name", "short_name", "holders", "missions_source")

    def render_holders(self, record):
        return ", ".join(str(holder) for holder in record.holders()) or "—"

    def value_holders(self, record):
        return ", ".join(str(holder) for holder in record.holders())


class RaciAssignmentTable(BaseTable):
    axis = tables.Column(linkify=True)
    role = tables.Column(linkify=True)
    responsibility = tables.Column(linkify=lambda record: record.get_absolute_url())
    is_illustrative = BooleanColumn()

    class Meta(BaseTable.Meta):
        model = RaciAssignment
        fields = ("axis", "role", "responsibility", "is_illustrative", "note")
