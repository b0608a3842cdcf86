from django.db import models


class JobStatus(models.TextChoices):
    QUEUED = "en_attente", "En attente"
    RUNNING = "en_cours", "En cours"
    SUCCEEDED = "termine", "Terminé"
    FAILED = "echoue", "Échoué"
    CANCELLED = "annule", "Annulé"


FINISHED = frozenset({JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED})


class JobKind(models.TextChoices):
    SYNC = "synchronisation", "Synchronisation"
    IMPORT = "import", "Import"
    EXPORT = "export", "Export"
    DOCUMENT = "document", "Document"
