from django.db import models


class ActionStatus(models.TextChoices):
    TO_STUDY = "a_etudier", "À étudier"
    TO_PLAN = "a_planifier", "À planifier"
    TO_VALIDATE = "a_valider", "À valider"
    IN_PROGRESS = "en_cours", "En cours"
    DONE = "fait", "Fait"
    DEFERRED = "reportee", "Reportée"
    ABANDONED = "abandonnee", "Abandonnée"


# Statuses that close an action: it is no longer overdue, whatever its due date.
CLOSED_ACTION_STATUSES = frozenset({ActionStatus.DONE, ActionStatus.DEFERRED, ActionStatus.ABANDONED})
# Statuses that require a reason.
STOPPED_ACTION_STATUSES = frozenset({ActionStatus.DEFERRED, ActionStatus.ABANDONED})


class StopReason(models.TextChoices):
    LACK_OF_RESOURCES = "ressources", "Manque de ressources"
    ARBITRATION = "arbitrage", "Arbitrage"
    DEPENDENCY = "dependance", "Dépendance"
    OTHER = "autre", "Autre"


class Priority(models.TextChoices):
    LOW = "basse", "Basse"
    NORMAL = "normale", "Normale"
    HIGH = "haute", "Haute"
    CRITICAL = "critique", "Critique"


class Effort(models.TextChoices):
    SMALL = "s", "Faible (quelques jours)"
    MEDIUM = "m", "Moyen (quelques semaines)"
    LARGE = "l", "Important (plusieurs mois)"


class ProjectStatus(models.TextChoices):
    ON_TRACK = "en_cours", "En cours"
    AT_RISK = "en_risque", "En risque"
    ALERT = "en_alerte", "En alerte"
    DONE = "termine", "Terminé"
    SUSPENDED = "suspendu", "Suspendu"


# The weather statuses of a running project (the study's « en cours / en risque / en alerte »).
RUNNING_PROJECT_STATUSES = frozenset({ProjectStatus.ON_TRACK, ProjectStatus.AT_RISK, ProjectStatus.ALERT})


class StructuringKind(models.TextChoices):
    TELECOMS = "telecoms", "Télécoms"
    CYBER = "cyber", "Cybersécurité"
    BUSINESS_TOOLS = "outils_metiers", "Outils métiers"
    INFRASTRUCTURE = "infrastructure", "Infrastructure"
    WORKPLACE = "poste_travail", "Poste de travail"
    OTHER = "autre", "Autre"


class RoadmapItemStatus(models.TextChoices):
    PLANNED = "prevu", "Prévu"
    IN_PROGRESS = "en_cours", "En cours"
    DONE = "fait", "Fait"
    DEFERRED = "reporte", "Reporté"
