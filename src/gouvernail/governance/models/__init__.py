from gouvernail.governance.models.checkpoints import CHECKPOINT_IMMUTABLE_MESSAGE, RegisterCheckpoint
from gouvernail.governance.models.committees import QUORUM_RULE, AgendaItem, Committee, CommitteeMember, Meeting
from gouvernail.governance.models.decisions import (
    IMMUTABLE_MESSAGE,
    Decision,
    DecisionDecider,
    DecisionOption,
    RecordedDecisionError,
)
from gouvernail.governance.models.documents import (
    APPROVED_VERSION_MESSAGE,
    NOT_A_DRAFT_MESSAGE,
    Acknowledgement,
    AcknowledgementCampaign,
    FrameworkDocument,
    FrameworkDocumentVersion,
    LockedVersionError,
)
from gouvernail.governance.models.resolutions import DecisionAct, DecisionResolution
from gouvernail.governance.models.roles import RaciAssignment, Role
from gouvernail.governance.models.rollout import GovernanceEvent
from gouvernail.governance.models.scenarios import ScenarioAnalysis, ScenarioCriterion, ScenarioOption, ScenarioRating

__all__ = (
    "CHECKPOINT_IMMUTABLE_MESSAGE",
    "RegisterCheckpoint",
    "APPROVED_VERSION_MESSAGE",
    "IMMUTABLE_MESSAGE",
    "NOT_A_DRAFT_MESSAGE",
    "QUORUM_RULE",
    "Acknowledgement",
    "AcknowledgementCampaign",
    "AgendaItem",
    "Committee",
    "CommitteeMember",
    "Decision",
    "DecisionDecider",
    "DecisionAct",
    "DecisionOption",
    "DecisionResolution",
    "FrameworkDocument",
    "FrameworkDocumentVersion",
    "GovernanceEvent",
    "LockedVersionError",
    "Meeting",
    "RaciAssignment",
    "RecordedDecisionError",
    "Role",
    "ScenarioAnalysis",
    "ScenarioCriterion",
    "ScenarioOption",
    "ScenarioRating",
)
