from django.db import models


class RequestFamily(models.TextChoices):
    """The study's four families of IT requests (« Vision Charge & capacité du service SI »)."""

    USER_SUPPORT = "support", "Support utilisateurs"
    SITES = "sites", "Sites"
    PROJECTS = "projets", "Projets"
    SECURITY = "securite", "Sécurité / incidents"


class RequestStatus(models.TextChoices):
    NEW = "nouvelle", "Nouvelle"
    IN_PROGRESS = "en_cours", "En cours"
    PENDING = "en_attente", "En attente"
    RESOLVED = "resolue", "Résolue"
    CLOSED = "cloturee", "Clôturée"
    CANCELLED = "rejetee", "Rejetée / annulée"


# Statuses after which a request no longer loads the service.
DONE_STATUSES = frozenset({RequestStatus.RESOLVED, RequestStatus.CLOSED, RequestStatus.CANCELLED})


class RequestSource(models.TextChoices):
    GESTSUP = "gestsup", "GestSup"
    GLPI = "glpi", "GLPI"
    IMPORT = "import", "Import de fichier"
    DEMO = "demo", "Démonstration (synthétique)"
