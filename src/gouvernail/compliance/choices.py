from django.db import models


class MeasureLevel(models.TextChoices):
    """The level(s) of a measure: the ANSSI guide tags some « standard », some « renforcé », many both
    (a standard measure with a reinforced complement)."""

    STANDARD = "standard", "Standard"
    BOTH = "standard_renforce", "Standard, avec complément renforcé"
    REINFORCED = "renforce", "Renforcé"


class MeasureStatus(models.TextChoices):
    NOT_ASSESSED = "non_evaluee", "Non évaluée"
    NOT_APPLIED = "non_appliquee", "Non appliquée"
    PARTIAL = "partielle", "Partielle"
    APPLIED = "appliquee", "Appliquée"
    NOT_APPLICABLE = "non_applicable", "Non applicable"


# Points of a status in the score; non-applicable and non-assessed measures leave the denominator
# (written on the assessment page, see scoring.py).
STATUS_POINTS = {MeasureStatus.NOT_APPLIED: 0, MeasureStatus.PARTIAL: 0.5, MeasureStatus.APPLIED: 1}
# From the least to the most favourable: combining several proposals keeps the least favourable.
PROPOSAL_ORDER = (MeasureStatus.NOT_APPLIED, MeasureStatus.PARTIAL, MeasureStatus.APPLIED)


class Severity(models.TextChoices):
    LOW = "faible", "Faible"
    MEDIUM = "moyenne", "Moyenne"
    HIGH = "grave", "Grave"
    CRITICAL = "critique", "Critique"


class IncidentStatus(models.TextChoices):
    OPEN = "ouvert", "En cours de traitement"
    CLOSED = "clos", "Clos"


class ClockKind(models.TextChoices):
    NIS2_EARLY_WARNING = "nis2_alerte", "NIS2 — alerte précoce (24 h)"
    NIS2_NOTIFICATION = "nis2_notification", "NIS2 — notification d'incident (72 h)"
    NIS2_FINAL_REPORT = "nis2_rapport_final", "NIS2 — rapport final (1 mois après la notification)"
    CNIL_BREACH = "cnil_violation", "RGPD — notification de la violation à la CNIL (72 h)"


class ClockState(models.TextChoices):
    DUE = "a_faire", "À faire"
    DONE = "fait", "Fait dans le délai"
    LATE_DONE = "fait_en_retard", "Fait après l'échéance"
    OVERDUE = "depasse", "Échéance dépassée"
    WAIVED = "sans_objet", "Sans objet"


class EntityType(models.TextChoices):
    REGION = "region", "Région"
    DEPARTEMENT = "departement", "Département"
    COMMUNE = "commune", "Commune"
    METROPOLE = "metropole", "Métropole"
    CU = "cu", "Communauté urbaine"
    CA = "ca", "Communauté d'agglomération"
    CC = "cc", "Communauté de communes"
    SYNDICAT = "syndicat", "Syndicat, SDIS, centre de gestion ou autre établissement public local"
    OTHER = "autre", "Autre entité"


class Nis2Category(models.TextChoices):
    ESSENTIAL = "essentielle", "Entité essentielle"
    IMPORTANT = "importante", "Entité importante"
    OUT_OF_SCOPE = "hors_champ", "Hors champ"
    UNCERTAIN = "a_confirmer", "À confirmer (désignation possible)"
