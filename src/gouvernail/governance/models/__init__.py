from gouvernail.governance.models.committees import QUORUM_RULE, AgendaItem, Committee, CommitteeMember, Meeting
from gouvernail.governance.models.decisions import IMMUTABLE_MESSAGE, Decision, DecisionOption, RecordedDecisionError
from gouvernail.governance.models.scenarios import ScenarioAnalysis, ScenarioCriterion, ScenarioOption, ScenarioRating

__all__ = (
    "IMMUTABLE_MESSAGE",
    "QUORUM_RULE",
    "AgendaItem",
    "Committee",
    "CommitteeMember",
    "Decision",
    "DecisionOption",
    "Meeting",
    "RecordedDecisionError",
    "ScenarioAnalysis",
    "ScenarioCriterion",
    "ScenarioOption",
    "ScenarioRating",
)
