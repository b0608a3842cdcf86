from django.db import models


class SessionSource(models.TextChoices):
    IMPORT = "import", "Import de fichier"
    DEMO = "demo", "Démonstration (synthétique)"
