from django.db import models


class AccountSource(models.TextChoices):
    ENTRA = "entra", "Annuaire Entra ID (synchronisé)"
    IMPORT = "import", "Import de l'application"
    MANUAL = "saisie", "Saisie"


class CampaignStatus(models.TextChoices):
    DRAFT = "preparation", "En préparation"
    OPEN = "en_cours", "En cours"
    CLOSED = "close", "Close"


class ReviewDecision(models.TextChoices):
    PENDING = "a_revoir", "À revoir"
    CONFIRMED = "confirme", "Confirmé"
    REVOKED = "revoque", "Révoqué"


class MovementKind(models.TextChoices):
    ARRIVAL = "arrivee", "Arrivée"
    DEPARTURE = "depart", "Départ"


class ChecklistCategory(models.TextChoices):
    ACCOUNT = "compte", "Compte"
    EQUIPMENT = "equipement", "Équipement"
    CHARTER = "charte", "Charte informatique"
    OTHER = "autre", "Autre"


# The checklist template: (kind, category, label, days from the effective date). Negative: before.
CHECKLIST_TEMPLATE = (
    (MovementKind.ARRIVAL, ChecklistCategory.ACCOUNT, "Créer le compte de l'annuaire (Entra ID) et la messagerie", -3),
    (MovementKind.ARRIVAL, ChecklistCategory.ACCOUNT, "Ouvrir les accès aux applications métier du poste", -1),
    (MovementKind.ARRIVAL, ChecklistCategory.EQUIPMENT, "Remettre le poste et le téléphone, noter l'affectation", 0),
    (MovementKind.ARRIVAL, ChecklistCategory.ACCOUNT, "Activer la double authentification (MFA)", 1),
    (MovementKind.ARRIVAL, ChecklistCategory.CHARTER, "Faire prendre connaissance de la charte informatique", 7),
    (MovementKind.DEPARTURE, ChecklistCategory.EQUIPMENT, "Récupérer le poste, le téléphone et les badges", 0),
    (MovementKind.DEPARTURE, ChecklistCategory.ACCOUNT, "Désactiver le compte de l'annuaire (Entra ID)", 0),
    (MovementKind.DEPARTURE, ChecklistCategory.OTHER, "Transférer les fichiers et la messagerie au responsable", 7),
    (MovementKind.DEPARTURE, ChecklistCategory.ACCOUNT, "Supprimer le compte de l'annuaire", 90),
)
