"""Builders for the rows of the `steering` app: a valid row with sensible defaults, overridable."""

from datetime import date

from gouvernail.core.models import Organisation
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


def make_axis(organisation: Organisation, name: str = "Cybersécurité", **fields) -> RoadmapAxis:
    return RoadmapAxis.objects.create(organisation=organisation, name=name, **{"position": 1, **fields})


def make_theme(organisation: Organisation, year: int = 2026, **fields) -> RoadmapTheme:
    return RoadmapTheme.objects.create(organisation=organisation, year=year, **{"title": "Structurer", **fields})


def make_roadmap_item(
    organisation: Organisation, axis: RoadmapAxis, title: str = "Firewall centralisé", **fields
) -> RoadmapItem:
    return RoadmapItem.objects.create(organisation=organisation, axis=axis, title=title, **{"year": 2026, **fields})


def make_action(organisation: Organisation, number: int = 1, **fields) -> ActionItem:
    """An action created as a row (no logbook event): use the services to test the logbook."""
    defaults = {"title": f"Action de test {number}"}
    return ActionItem.objects.create(organisation=organisation, number=number, **{**defaults, **fields})


def make_project(organisation: Organisation, name: str = "Migration Windows 11", **fields) -> Project:
    return Project.objects.create(organisation=organisation, name=name, **fields)


def make_status_report(organisation: Organisation, project: Project, **fields) -> StatusReport:
    defaults = {"date": date(2026, 3, 1), "status": "en_cours", "summary": "Avancement conforme."}
    return StatusReport.objects.create(organisation=organisation, project=project, **{**defaults, **fields})


def make_milestone(organisation: Organisation, project: Project, name: str = "Pilote", **fields) -> Milestone:
    return Milestone.objects.create(
        organisation=organisation, project=project, name=name, **{"due_date": date(2026, 6, 30), **fields}
    )


def make_expected_decision(
    organisation: Organisation, project: Project, question: str = "Choix de l'offre", **fields
) -> ExpectedDecision:
    return ExpectedDecision.objects.create(organisation=organisation, project=project, question=question, **fields)


def make_occurrence(action: ActionItem, due_on=None, **fields):
    from datetime import date

    from gouvernail.steering.models import ActionOccurrence

    return ActionOccurrence.objects.create(
        organisation=action.organisation, action=action, due_on=due_on or date(2026, 6, 30), **fields
    )
