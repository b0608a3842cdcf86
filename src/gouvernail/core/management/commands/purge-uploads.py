"""`gouvernail purge-uploads`: deletes the uploads of imports abandoned between preview and commit."""

from django.core.management.base import BaseCommand

from gouvernail.core.uploads import pending_dir, purge_stale, upload_limits


class Command(BaseCommand):
    help = (
        "Supprime les fichiers déposés pour un import puis abandonnés entre l'aperçu et la validation "
        "(plus anciens que GOUVERNAIL_UPLOAD_MAX_AGE_SECONDS, 24 h par défaut). À planifier chaque nuit."
    )

    def handle(self, *args, **options):
        removed = purge_stale()
        hours = upload_limits().max_age_seconds / 3600
        self.stdout.write(f"{removed} fichier(s) de plus de {hours:g} h supprimé(s) dans {pending_dir()}.")
