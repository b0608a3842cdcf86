from django.db import models


class ConnectorKind(models.TextChoices):
    """The sources a connector configuration can read. One configuration per organisation and kind."""

    GESTSUP = "gestsup", "GestSup"


class RunStatus(models.TextChoices):
    RUNNING = "en_cours", "En cours"
    SUCCEEDED = "reussie", "Réussie"
    FAILED = "echouee", "Échouée"


class RunTrigger(models.TextChoices):
    USER = "utilisateur", "Un utilisateur (« synchroniser maintenant »)"
    COMMAND = "commande", "La commande sync"
    SCHEDULE = "planification", "La planification (worker)"
