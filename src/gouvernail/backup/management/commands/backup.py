from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gouvernail.backup.archive import BackupError
from gouvernail.backup.services import backup_create


class Command(BaseCommand):
    help = (
        "Sauvegarde l'instance dans une archive : la base (copie à chaud SQLite ou pg_dump), les fichiers "
        "déposés et générés, les dossiers de COPIL archivés, les clés, et un manifeste des empreintes SHA-256."
    )
    # No query before the backup: the checks would open (and create) an absent SQLite file.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", required=True, metavar="FICHIER", help="archive à écrire (.zip)")

    def handle(self, *args, output, **options):
        try:
            manifest = backup_create(output=Path(output))
        except BackupError as error:
            raise CommandError(str(error)) from error
        size = sum(part["size"] for part in manifest["parts"])
        kinds = {}
        for part in manifest["parts"]:
            kinds[part["kind"]] = kinds.get(part["kind"], 0) + 1
        detail = ", ".join(f"{kind} : {count}" for kind, count in sorted(kinds.items()))
        self.stdout.write(
            f"Sauvegarde écrite : {output} ({len(manifest['parts'])} parties, {size} octets avant compression ; "
            f"{detail} ; base {manifest['database_vendor']})."
        )
