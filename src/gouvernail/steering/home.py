"""What the action plan, the projects and the roadmap bring to the home page (core.home)."""

from django.db.models import Count

from gouvernail.core import home
from gouvernail.core.choices import Role
from gouvernail.steering.choices import ProjectStatus
from gouvernail.steering.models import ActionItem, ExpectedDecision, Project, RoadmapItem, RoadmapTheme

LEADERS = frozenset({Role.ADMIN, Role.REFERENT_SI, Role.DIRECTION})
DECIDERS = frozenset({Role.ADMIN, Role.REFERENT_SI, Role.DIRECTION, Role.ELU})
# The projects shown by name on the home page: those that need attention, then the others.
SHOWN_PROJECTS = 6
WEATHER_ORDER = {ProjectStatus.ALERT: 0, ProjectStatus.AT_RISK: 1, ProjectStatus.ON_TRACK: 2}


def _projects(membership, today) -> dict | None:
    projects = list(Project.objects.visible_to(membership).running().only("pk", "name", "status"))
    if not projects:
        return None
    projects.sort(key=lambda p: (WEATHER_ORDER.get(p.status, 3), p.name.casefold()))
    return {"projects": projects[:SHOWN_PROJECTS], "project_count": len(projects)}


def _roadmap(membership, today) -> dict | None:
    theme = RoadmapTheme.objects.visible_to(membership).filter(year=today.year).first()
    counts = dict(
        RoadmapItem.objects.visible_to(membership)
        .filter(year=today.year)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    if theme is None and not counts:
        return None
    from gouvernail.steering.choices import RoadmapItemStatus

    by_status = [(label, counts.get(value, 0)) for value, label in RoadmapItemStatus.choices if counts.get(value)]
    return {"year": today.year, "theme": theme, "by_status": by_status}


def register() -> None:
    home.register(
        home.Todo(
            "action en retard",
            "actions en retard",
            "steering:actionitem_list",
            "governance",
            lambda m, today: ActionItem.objects.visible_to(m).overdue(today),
            query="overdue=true",
            date_field="due_date",
            date_label="la plus ancienne attendue le",
            roles=LEADERS,
            order=10,
        ),
        home.Todo(
            "arbitrage attendu par un projet",
            "arbitrages attendus par les projets",
            "steering:expecteddecision_list",
            "governance",
            lambda m, today: ExpectedDecision.objects.visible_to(m).filter(is_settled=False),
            query="is_settled=false",
            date_field="needed_by",
            date_label="le premier nécessaire avant le",
            roles=DECIDERS,
            order=31,
        ),
        home.Panel(
            "projects",
            "steering/home/projects.html",
            "governance",
            _projects,
            roles=frozenset({Role.ADMIN, Role.REFERENT_SI, Role.ELU}),
            order=40,
        ),
        home.Panel(
            "roadmap", "steering/home/roadmap.html", "governance", _roadmap, roles=frozenset({Role.ELU}), order=45
        ),
    )
