from django.db import models


class PlanKind(models.TextChoices):
    PRA = "pra", "Plan de reprise d'activité (PRA)"
    PCA = "pca", "Plan de continuité d'activité (PCA)"
    BOTH = "pra_pca", "PRA et PCA"


class PlanStatus(models.TextChoices):
    DRAFT = "brouillon", "Brouillon"
    APPROVED = "valide", "Validé"
    REPLACED = "remplace", "Remplacé"


class TestKind(models.TextChoices):
    TABLETOP = "sur_table", "Exercice sur table"
    RESTORE = "restauration", "Test de restauration"
    FAILOVER = "bascule", "Bascule réelle"


class TestStatus(models.TextChoices):
    PLANNED = "planifie", "Planifié"
    DONE = "realise", "Réalisé"
    CANCELLED = "annule", "Annulé"


class BackupTool(models.TextChoices):
    VEEAM = "veeam", "Veeam Backup & Replication"
    HYPER_BACKUP = "hyper_backup", "Synology Hyper Backup"
    PBS = "pbs", "Proxmox Backup Server"
    OTHER = "autre", "Autre"


class BackupSource(models.TextChoices):
    MANUAL = "saisie", "Saisie"
    IMPORT = "import", "Import d'un export de console"
