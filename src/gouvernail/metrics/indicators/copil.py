"""« Tableau de bord SI » for the COPIL — one page: the service's activity, the projects,
incidents and cybersecurity, vendor dependency and the action plan's progress. It reuses the
indicators of the other dashboards and adds the action plan's own."""

from decimal import Decimal

from gouvernail.metrics.builders import Dimension, Source, count_indicator, ratio_indicator
from gouvernail.metrics.registry import (
    Bars,
    Dashboard,
    Number,
    Section,
    Thresholds,
    register_dashboard,
    register_indicator,
)
from gouvernail.steering.choices import ActionStatus
from gouvernail.steering.filtersets import ActionItemFilterSet

ACTIONS = Source(ActionItemFilterSet, "steering:actionitem_list", "Plan d'action")

register_indicator(
    count_indicator(
        code="actions_statut",
        label="Avancement du plan d'action",
        definition="Actions du plan d'action par statut.",
        unit="actions",
        source=ACTIONS,
        params=lambda period, today: {},
        dimension=Dimension("statut", "status", "status", choices=tuple(ActionStatus.choices)),
        period_kind="snapshot",
        counts="actions",
    ),
    ratio_indicator(
        code="actions_realisees_taux",
        label="Part des actions réalisées",
        definition="Actions au statut « fait » parmi toutes les actions du plan d'action.",
        source=ACTIONS,
        numerator=lambda period, today: {"status": ActionStatus.DONE},
        denominator=lambda period, today: {},
        period_kind="snapshot",
        counts="actions réalisées",
    ),
    count_indicator(
        code="actions_en_retard",
        label="Actions en retard",
        definition="Actions ouvertes (ni faites, ni reportées, ni abandonnées) dont l'échéance est passée.",
        unit="actions",
        source=ACTIONS,
        params=lambda period, today: {"overdue": "true"},
        period_kind="snapshot",
        thresholds=Thresholds(Decimal(0), Decimal(3), higher_is_better=False),
        counts="actions",
    ),
)

register_dashboard(
    Dashboard(
        slug="copil",
        title="Tableau de bord SI (COPIL)",
        description=(
            "La synthèse du comité de pilotage : activité du service, projets, incidents et cybersécurité, "
            "dépendance aux prestataires, avancement du plan d'action."
        ),
        source="demandes SI, portefeuille de projets, inventaire, contrats et plan d'action",
        order=5,
        sections=(
            Section(
                "Activité du service SI",
                (
                    Number("demandes_mois"),
                    Number("demandes_par_agent"),
                    Number("delai_traitement", "moyenne_ouvree", "Délai moyen de traitement (jours ouvrés)"),
                    Number("actions_faute_ressources"),
                ),
            ),
            Section(
                "Projets",
                (Number("projets_en_cours"), Number("decisions_attendues"), Bars("projets_meteo")),
            ),
            Section(
                "Incidents et cybersécurité",
                (
                    Number("demandes_famille", "securite", "Demandes « sécurité / incidents » du trimestre"),
                    Number("av_taux"),
                    Number("av_non_proteges"),
                    Number("w11_taux"),
                    Number("mfa_taux"),
                ),
            ),
            Section(
                "Dépendance aux prestataires",
                (Number("prestataires_critiques"), Number("contrats_a_renouveler"), Number("marches_structurants")),
            ),
            Section(
                "Plan d'action",
                (Number("actions_realisees_taux"), Number("actions_en_retard"), Bars("actions_statut")),
            ),
        ),
    )
)
