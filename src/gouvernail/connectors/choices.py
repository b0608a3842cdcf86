from django.db import models


class ImportKind(models.TextChoices):
    EQUIPMENT = "equipment", "Équipements"
    APPLICATIONS = "applications", "Applications"
    VENDORS = "vendors", "Prestataires"
    CONTRACTS = "contracts", "Contrats"
    PEOPLE = "people", "Personnes"
    SITES = "sites", "Sites"
    SERVICES = "services", "Services"
    ACTIONS = "actions", "Plan d'action"
    ROADMAP = "roadmap", "Feuille de route"
    PROJECTS = "projects", "Projets"
    MILESTONES = "milestones", "Jalons de projets"
    PROCEDURE_STEPS = "procedure_steps", "Étapes de marchés"
    DECISIONS = "decisions", "Décisions déjà prises (historique)"
    SCENARIOS = "scenarios", "Grilles d'analyse de scénarios"


class OnError(models.TextChoices):
    REFUSE = "refuse", "Refuser tout le fichier à la moindre erreur"
    SKIP = "skip", "Importer les lignes valides, écarter les autres"


class ImportStatus(models.TextChoices):
    DONE = "importe", "Importé"
    REFUSED = "refuse", "Refusé (rien n'a été écrit)"


class ConnectorKind(models.TextChoices):
    """The sources a connector configuration can read. One configuration per organisation and kind."""

    GESTSUP = "gestsup", "GestSup"
    GLPI = "glpi", "GLPI"
    NEXTCLOUD = "nextcloud", "Nextcloud"
    GOPHISH = "gophish", "GoPhish"
    GRAPH = "entra", "Microsoft Entra ID / Intune"
    DEFENDER = "defender", "Microsoft Defender for Endpoint"


class RunStatus(models.TextChoices):
    RUNNING = "en_cours", "En cours"
    SUCCEEDED = "reussie", "Réussie"
    FAILED = "echouee", "Échouée"


class RunTrigger(models.TextChoices):
    USER = "utilisateur", "Un utilisateur (« synchroniser maintenant »)"
    COMMAND = "commande", "La commande sync"
    SCHEDULE = "planification", "La planification (worker)"
