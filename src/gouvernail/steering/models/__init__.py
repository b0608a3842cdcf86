from gouvernail.steering.models.actions import ActionEvent, ActionItem, ActionOccurrence
from gouvernail.steering.models.projects import ExpectedDecision, Milestone, Project, StatusReport
from gouvernail.steering.models.roadmap import RoadmapAxis, RoadmapItem, RoadmapTheme

__all__ = (
    "ActionEvent",
    "ActionItem",
    "ActionOccurrence",
    "ExpectedDecision",
    "Milestone",
    "Project",
    "RoadmapAxis",
    "RoadmapItem",
    "RoadmapTheme",
    "StatusReport",
)
