from django.apps import AppConfig


class BackupConfig(AppConfig):
    """Backup and restore of a whole instance (`gouvernail backup`, `gouvernail restore`): no model."""

    name = "gouvernail.backup"
    label = "backup"
    verbose_name = "Sauvegarde"
