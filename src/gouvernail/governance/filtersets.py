import django_filters

from gouvernail.core.filtersets import OrganisationFilterSet
from gouvernail.governance.choices import RECORDED_STATUSES, DecisionStatus
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


class CommitteeFilterSet(OrganisationFilterSet):
    search_fields = ("name", "role", "decides")

    class Meta:
        model = Committee
        fields = ("q", "kind", "frequency")


class CommitteeMemberFilterSet(OrganisationFilterSet):
    search_fields = ("person__last_name", "person__first_name")

    class Meta:
        model = CommitteeMember
        fields = ("q", "committee", "capacity")


class MeetingFilterSet(OrganisationFilterSet):
    search_fields = ("title", "place")

    class Meta:
        model = Meeting
        fields = ("q", "committee", "status")


class AgendaItemFilterSet(OrganisationFilterSet):
    search_fields = ("title", "minutes")

    class Meta:
        model = AgendaItem
        fields = ("q", "meeting", "kind")


class DecisionFilterSet(OrganisationFilterSet):
    search_fields = ("question", "context", "rationale")
    recorded = django_filters.BooleanFilter(
        field_name="sequence", lookup_expr="isnull", exclude=True, label="Au registre"
    )

    class Meta:
        model = Decision
        fields = ("q", "status", "committee", "recorded")


class DecisionOptionFilterSet(OrganisationFilterSet):
    search_fields = ("label", "pros", "cons", "risks")

    class Meta:
        model = DecisionOption
        fields = ("q", "decision")


class ScenarioAnalysisFilterSet(OrganisationFilterSet):
    search_fields = ("title", "description")

    class Meta:
        model = ScenarioAnalysis
        fields = ("q",)


class ScenarioCriterionFilterSet(OrganisationFilterSet):
    search_fields = ("name",)

    class Meta:
        model = ScenarioCriterion
        fields = ("q", "analysis", "direction")


class ScenarioOptionFilterSet(OrganisationFilterSet):
    search_fields = ("code", "label")

    class Meta:
        model = ScenarioOption
        fields = ("q", "analysis")


class ScenarioRatingFilterSet(OrganisationFilterSet):
    search_fields = ("justification",)

    class Meta:
        model = ScenarioRating
        fields = ("q", "option", "criterion", "level")


class DecisionRegisterFilterSet(OrganisationFilterSet):
    search_fields = ("question", "rationale")
    year = django_filters.NumberFilter(field_name="decided_on", lookup_expr="year", label="Année")
    status = django_filters.ChoiceFilter(
        label="Issue", choices=[(v, label) for v, label in DecisionStatus.choices if v in RECORDED_STATUSES]
    )

    class Meta:
        model = Decision
        fields = ("q", "committee", "year", "status")


class FrameworkDocumentFilterSet(OrganisationFilterSet):
    search_fields = ("title", "description")

    class Meta:
        model = FrameworkDocument
        fields = ("q", "kind", "owner")


class FrameworkDocumentVersionFilterSet(OrganisationFilterSet):
    search_fields = ("summary", "change_note", "text")

    class Meta:
        model = FrameworkDocumentVersion
        fields = ("q", "document", "status")


class AcknowledgementCampaignFilterSet(OrganisationFilterSet):
    search_fields = ("title",)

    class Meta:
        model = AcknowledgementCampaign
        fields = ("q", "version")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A version is named after its document: one query for the whole choice list.
        version = self.filters["version"]
        version.queryset = version.queryset.select_related("document")


class RegisterCheckpointFilterSet(OrganisationFilterSet):
    search_fields = ("root_hash", "chain_head", "key_id")

    class Meta:
        model = RegisterCheckpoint
        fields = ("q", "reason", "meeting")


class DecisionResolutionFilterSet(OrganisationFilterSet):
    search_fields = ("text",)

    class Meta:
        model = DecisionResolution
        fields = ("q", "decision", "role")


class DecisionActFilterSet(OrganisationFilterSet):
    search_fields = ("number", "title", "note")

    class Meta:
        model = DecisionAct
        fields = ("q", "kind", "body")


class GovernanceEventFilterSet(OrganisationFilterSet):
    search_fields = ("title", "agenda_template")

    class Meta:
        model = GovernanceEvent
        fields = ("q", "committee", "kind")


class RoleFilterSet(OrganisationFilterSet):
    search_fields = ("name", "short_name", "missions")

    class Meta:
        model = Role
        fields = ("q",)


class RaciAssignmentFilterSet(OrganisationFilterSet):
    search_fields = ("note", "role__name", "axis__name")

    class Meta:
        model = RaciAssignment
        fields = ("q", "axis", "role", "responsibility", "is_illustrative")
