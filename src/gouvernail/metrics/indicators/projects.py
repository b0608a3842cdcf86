"""« Projets numériques » — projects in progress, their weather, structuring projects and the
decisions expected from the COPIL."""

from django.urls import reverse

from gouvernail.core.formatting import display
from gouvernail.metrics.builders import Dimension, Source, count_indicator
from gouvernail.metrics.registry import Bars, Dashboard, Number, Section, Table, register_dashboard, register_indicator
from gouvernail.steering.choices import RUNNING_PROJECT_STATUSES, ProjectStatus
from gouvernail.steering.filtersets import ExpectedDecisionFilterSet, ProjectFilterSet
from gouvernail.steering.models import ExpectedDecision

PROJECTS = Source(ProjectFilterSet, "steering:project_list", "Portefeuille de projets")
DECISIONS = Source(ExpectedDecisionFilterSet, "steering:expecteddecision_list", "Arbitrages attendus par les projets")
WEATHER = Dimension(
    "météo",
    "status",
    "status",
    choices=tuple((value, label) for value, label in ProjectStatus.choices if value in RUNNING_PROJECT_STATUSES),
    # The weather reads as the threshold levels do: green, amber, red (same colours as the badges).
    tones=(("en_cours", "vert"), ("en_risque", "orange"), ("en_alerte", "rouge")),
)
RUNNING = {"running": "true"}


def pending_decisions(organisation, today):
    """The open questions themselves (a project's question is not about a person)."""
    rows = (
        ExpectedDecision.objects.filter(organisation=organisation, is_settled=False)
        .select_related("project")
        .order_by("needed_by", "pk")[:10]
    )
    lines = [
        (
            {"text": decision.question, "url": decision.get_absolute_url()},
            decision.project.name if decision.project_id else "",
            display(decision.needed_by),
        )
        for decision in rows
    ]
    return ("Question", "Projet", "À trancher avant le"), lines, reverse(DECISIONS.url_name) + "?is_settled=false"


register_indicator(
    count_indicator(
        code="projets_en_cours",
        label="Projets en cours",
        definition="Projets du portefeuille dont la météo est « en cours », « en risque » ou « en alerte ».",
        unit="projets",
        source=PROJECTS,
        params=lambda period, today: RUNNING,
        period_kind="snapshot",
        counts="projets",
    ),
    count_indicator(
        code="projets_meteo",
        label="Avancement des projets par météo",
        definition="Projets en cours selon leur météo : en cours, en risque, en alerte (dernier point d'avancement).",
        unit="projets",
        source=PROJECTS,
        params=lambda period, today: RUNNING,
        dimension=WEATHER,
        period_kind="snapshot",
        counts="projets",
    ),
    count_indicator(
        code="projets_structurants",
        label="Projets structurants en cours",
        definition="Projets en cours marqués structurants (télécoms, cybersécurité, outils métiers…).",
        unit="projets",
        source=PROJECTS,
        params=lambda period, today: {**RUNNING, "is_structuring": "true"},
        period_kind="snapshot",
        counts="projets",
    ),
    count_indicator(
        code="decisions_attendues",
        label="Arbitrages attendus par les projets",
        definition=(
            "Questions que les projets soumettent au COPIL et qui ne sont pas encore tranchées "
            "(à ne pas confondre avec les décisions à prendre du registre)."
        ),
        unit="décisions",
        source=DECISIONS,
        params=lambda period, today: {"is_settled": "false"},
        period_kind="snapshot",
        counts="décisions",
    ),
)

register_dashboard(
    Dashboard(
        slug="projets-numeriques",
        title="Projets numériques",
        description="Avancement du portefeuille de projets et décisions attendues du comité de pilotage.",
        source="portefeuille de projets",
        order=20,
        sections=(
            Section(
                "Portefeuille",
                (
                    Number("projets_en_cours"),
                    Number("projets_structurants"),
                    Number("decisions_attendues"),
                    Bars("projets_meteo"),
                ),
            ),
            Section("Arbitrages attendus par les projets", (Table("decisions_attendues", rows=pending_decisions),)),
        ),
    )
)
