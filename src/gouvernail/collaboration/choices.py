from django.db import models


class UsageSource(models.TextChoices):
    NEXTCLOUD = "nextcloud", "Nextcloud"
    IMPORT = "import", "Import de fichier"
    MANUAL = "saisie", "Saisie manuelle"
    DEMO = "demo", "Démonstration (synthétique)"


class SpaceKind(models.TextChoices):
    """Nextcloud's shared spaces: group folders were renamed team folders in app v19 (NC 31)."""

    GROUP_FOLDER = "dossier_groupe", "Dossier de groupe"
    TEAM_FOLDER = "dossier_equipe", "Dossier d'équipe"
    SHARED_FOLDER = "dossier_partage", "Dossier partagé"
