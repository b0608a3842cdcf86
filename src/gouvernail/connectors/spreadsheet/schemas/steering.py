"""The action plan, roadmap, projects and milestones imports."""

from gouvernail.connectors.spreadsheet.parsers import normalize, parse_bool, parse_date, parse_decimal, parse_int
from gouvernail.connectors.spreadsheet.schemas.base import NOTES, Column, Kind, choice_parser, relation, text
from gouvernail.steering.choices import (
    ActionStatus,
    Effort,
    Priority,
    ProjectStatus,
    RoadmapItemStatus,
    StopReason,
    StructuringKind,
)

__all__ = ("ACTIONS", "MILESTONES", "PROJECTS", "ROADMAP", "milestone_key", "roadmap_key")


def milestone_key(values: dict) -> tuple | None:
    name = normalize(values.get("name") or "")
    return (values.get("project"), name) if name else None


def roadmap_key(values: dict) -> tuple | None:
    title = normalize(values.get("title") or "")
    return (values.get("axis"), values.get("year"), title) if title else None


ACTIONS = Kind(
    "actions",
    "Plan d'action",
    "steering.ActionItem",
    (
        Column(
            "number", "N°", ("Numéro", "No", "Num", "N° action", "Réf.", "Référence", "#"), parse_int, required=True
        ),
        text("title", "Intitulé", "Action", "Libellé", "Titre", "Intitulé de l'action", required=True),
        text("description", "Description", "Détail", "Contenu"),
        Column(
            "status",
            "Statut",
            ("État", "Etat", "Avancement"),
            choice_parser(
                ActionStatus,
                {
                    "Terminé": "fait",
                    "Terminée": "fait",
                    "Réalisé": "fait",
                    "Réalisée": "fait",
                    "Fait": "fait",
                    "OK": "fait",
                    "En cours": "en_cours",
                    "Démarré": "en_cours",
                    "À faire": "a_planifier",
                    "A faire": "a_planifier",
                    "Prévu": "a_planifier",
                    "Reporté": "reportee",
                    "Abandonné": "abandonnee",
                },
            ),
        ),
        Column(
            "stop_reason",
            "Motif du report ou de l'abandon",
            ("Motif", "Raison"),
            choice_parser(StopReason, {"Ressources": "ressources", "Budget": "ressources"}),
        ),
        relation("owner_person", "Porteur", "person", "Responsable", "Pilote", "Qui", "Porteur (personne)"),
        Column(
            "due_date", "Échéance", ("Date d'échéance", "Pour le", "Date cible", "Délai", "Date prévue"), parse_date
        ),
        Column(
            "priority",
            "Priorité",
            ("Priorite", "Urgence"),
            choice_parser(
                Priority, {"P1": "critique", "P2": "haute", "P3": "normale", "P4": "basse", "Moyenne": "normale"}
            ),
        ),
        Column(
            "effort",
            "Effort",
            ("Charge", "Charge estimée"),
            choice_parser(Effort, {"S": "s", "M": "m", "L": "l", "Faible": "s", "Moyen": "m", "Important": "l"}),
        ),
        Column("recurrence_months", "Récurrence (mois)", ("Récurrence", "Périodicité (mois)"), parse_int),
        text("remarks", "Remarques", *NOTES[1:]),
    ),
    key_fields=("number",),
    key_label="numéro",
)


ROADMAP = Kind(
    "roadmap",
    "Feuille de route",
    "steering.RoadmapItem",
    (
        relation("axis", "Axe", "axis", "Axe stratégique", "Thème", "Axe de la feuille de route", required=True),
        Column("year", "Année", ("Annee", "Exercice", "Millésime"), parse_int, required=True),
        text("title", "Intitulé", "Projet", "Élément", "Libellé", "Titre", required=True),
        Column("start_month", "Mois de début", ("Début", "Date de début"), parse_date),
        Column("end_month", "Mois de fin", ("Fin", "Date de fin"), parse_date),
        Column("is_estimate", "Dates estimées", ("Estimé", "Estimation", "Dates indicatives"), parse_bool),
        Column(
            "status",
            "Statut",
            ("État", "Etat", "Avancement"),
            choice_parser(RoadmapItemStatus, {"Planifié": "prevu", "Terminé": "fait", "Réalisé": "fait"}),
        ),
    ),
    key_fields=("title",),
    key_label="axe, année et intitulé",
    file_key=roadmap_key,
)


PROJECTS = Kind(
    "projects",
    "Projets",
    "steering.Project",
    (
        text("name", "Nom", "Projet", "Nom du projet", "Intitulé", required=True),
        text("description", "Description", "Objectif", "Objectifs"),
        relation("sponsor", "Commanditaire", "person", "Sponsor", "Élu référent", "Donneur d'ordre"),
        relation("lead", "Chef de projet", "person", "Chef de projet (personne)", "Pilote", "Responsable"),
        Column(
            "status",
            "Météo",
            ("Statut", "État", "Etat", "Avancement"),
            choice_parser(
                ProjectStatus,
                {
                    "Vert": "en_cours",
                    "Orange": "en_risque",
                    "Rouge": "en_alerte",
                    "Fini": "termine",
                    "Clos": "termine",
                    "Achevé": "termine",
                    "En pause": "suspendu",
                },
            ),
        ),
        Column("planned_start", "Début prévu", ("Date de début", "Début"), parse_date),
        Column("planned_end", "Fin prévue", ("Date de fin", "Fin", "Échéance"), parse_date),
        Column("actual_start", "Début réel", ("Démarré le",), parse_date),
        Column("actual_end", "Fin réelle", ("Terminé le", "Livré le"), parse_date),
        Column("budget_planned", "Budget prévu (€)", ("Budget prévu", "Budget", "Budget prévisionnel"), parse_decimal),
        Column("budget_committed", "Budget engagé (€)", ("Budget engagé", "Engagé"), parse_decimal),
        Column("budget_spent", "Budget consommé (€)", ("Budget consommé", "Consommé", "Réalisé (€)"), parse_decimal),
        Column("is_structuring", "Structurant", ("Projet structurant", "Stratégique"), parse_bool),
        Column(
            "structuring_kind",
            "Domaine",
            ("Domaine structurant", "Catégorie"),
            choice_parser(StructuringKind, {"Télécom": "telecoms", "Cyber": "cyber", "Métier": "outils_metiers"}),
        ),
        relation("axis", "Axe de la feuille de route", "axis", "Axe"),
    ),
    key_fields=("name",),
    key_label="nom",
)


MILESTONES = Kind(
    "milestones",
    "Jalons de projets",
    "steering.Milestone",
    (
        relation("project", "Projet", "project", "Nom du projet", required=True),
        text("name", "Jalon", "Nom du jalon", "Étape", "Intitulé", required=True),
        Column("due_date", "Date prévue", ("Date", "Échéance", "Prévu le", "Pour le"), parse_date, required=True),
        Column("done_date", "Atteint le", ("Date de réalisation", "Réalisé le", "Fait le"), parse_date),
    ),
    key_fields=("name",),
    key_label="projet et jalon",
    file_key=milestone_key,
)
