from django.db import models


class CommitteeKind(models.TextChoices):
    COPIL = "copil", "COPIL"
    COTECH = "cotech", "COTECH"
    OTHER = "autre", "Autre"


class Frequency(models.TextChoices):
    WEEKLY = "hebdomadaire", "Hebdomadaire"
    MONTHLY = "mensuel", "Mensuel"
    QUARTERLY = "trimestriel", "Trimestriel"


class Capacity(models.TextChoices):
    CHAIR = "president", "Président"
    DIGITAL_ELECTED = "elu_numerique", "Élu référent numérique"
    DGS = "dgs", "DGS"
    IT_REFERENT = "referent_si", "Référent SI"
    GUEST = "invite", "Invité"


class MeetingStatus(models.TextChoices):
    PLANNED = "prevue", "Prévue"
    HELD = "tenue", "Tenue"


class AgendaItemKind(models.TextChoices):
    PROJECT = "projet", "Projet"
    ACTION = "action", "Action"
    DECISION = "decision", "Décision à prendre"
    INDICATOR = "indicateur", "Indicateur"
    FREE = "libre", "Sujet libre"


class DecisionStatus(models.TextChoices):
    TO_PREPARE = "a_instruire", "À instruire"
    ON_AGENDA = "inscrite", "Inscrite à l'ordre du jour"
    ADOPTED = "adoptee", "Adoptée"
    REJECTED = "rejetee", "Rejetée"
    POSTPONED = "ajournee", "Ajournée"
    AMENDED = "amendee", "Amendée"


# Outcomes of a recording: once a decision has one, it is immutable.
RECORDED_STATUSES = frozenset(
    {DecisionStatus.ADOPTED, DecisionStatus.REJECTED, DecisionStatus.POSTPONED, DecisionStatus.AMENDED}
)
# Outcomes that settle on an option.
CHOOSING_STATUSES = frozenset({DecisionStatus.ADOPTED, DecisionStatus.AMENDED})


class Direction(models.TextChoices):
    HIGHER = "plus", "Plus c'est élevé, mieux c'est"
    LOWER = "moins", "Moins c'est élevé, mieux c'est (coût, risque, délai)"


class Level(models.IntegerChoices):
    LOW = 1, "Faible"
    LOW_MEDIUM = 2, "Faible à moyenne"
    MEDIUM = 3, "Moyenne"
    HIGH = 4, "Élevée"
    VERY_HIGH = 5, "Très élevée"


class DocumentKind(models.TextChoices):
    IT_CHARTER = "charte", "Charte informatique"
    PASSWORD_POLICY = "mots_de_passe", "Politique de mots de passe"
    ARRIVALS_DEPARTURES = "arrivees_departs", "Procédure arrivées / départs"
    ACCESS_MANAGEMENT = "acces", "Gestion des accès"
    INCIDENT_MANAGEMENT = "incidents", "Gestion des incidents"
    OTHER = "autre", "Autre"


class VersionStatus(models.TextChoices):
    DRAFTED = "brouillon", "Brouillon"
    SUBMITTED = "soumise", "Soumise à approbation"
    APPROVED = "approuvee", "Approuvée"
    PUBLISHED = "publiee", "Publiée"


# A version in one of these states has been approved by a decision: it is immutable.
APPROVED_STATUSES = frozenset({VersionStatus.APPROVED, VersionStatus.PUBLISHED})


class CheckpointReason(models.TextChoices):
    DECISION = "decision", "Décision enregistrée"
    MEETING = "reunion", "Réunion close"
    MANUAL = "manuel", "Émis à la demande"


class ResolutionRole(models.TextChoices):
    """What a resolution does with the option it names (the study's COPIL #3: a target, a lever
    engaged now, options kept aside, a fallback)."""

    TARGET = "cible", "Orientation cible"
    ENGAGED = "engagee", "Engagée maintenant"
    FALLBACK = "repli", "Solution de repli"
    SET_ASIDE = "ecartee", "Non retenue à ce stade"
    OTHER = "autre", "Autre"


class ActKind(models.TextChoices):
    DELIBERATION = "deliberation", "Délibération"
    ORDER = "arrete", "Arrêté"
    PRESIDENT_DECISION = "decision", "Décision du président"


class ActBody(models.TextChoices):
    COUNCIL = "conseil", "Conseil communautaire"
    MUNICIPAL_COUNCIL = "conseil_municipal", "Conseil municipal"
    BUREAU = "bureau", "Bureau"
    PRESIDENT = "president", "Président"
    MAYOR = "maire", "Maire"


class GovernanceEventKind(models.TextChoices):
    STEP = "etape", "Étape de mise en place"
    REVIEW = "revue", "Revue de la gouvernance"


class Responsibility(models.TextChoices):
    """A cell of the RACI matrix: who does, who answers for it, who is consulted, who is told."""

    RESPONSIBLE = "R", "R — Réalise"
    ACCOUNTABLE = "A", "A — Approuve (rend compte)"
    BOTH = "AR", "A/R — Approuve et réalise"
    CONSULTED = "C", "C — Consulté"
    INFORMED = "I", "I — Informé"
