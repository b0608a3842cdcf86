from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gouvernail.backup.archive import BackupError
from gouvernail.backup.services import backup_restore
from gouvernail.governance.signing import SigningKeyError


class Command(BaseCommand):
    help = (
        "Restaure une sauvegarde dans une instance vide (base et répertoire de données) : vérifie les empreintes "
        "du manifeste avant de toucher à quoi que ce soit, puis le registre des décisions. Une sauvegarde SQLite "
        "se restaure aussi dans PostgreSQL (GOUVERNAIL_DATABASE_URL=postgres://…). Code de sortie 1 si le "
        "registre est rompu."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("archive", metavar="FICHIER", help="archive écrite par « gouvernail backup »")
        parser.add_argument(
            "--force", action="store_true", help="remplace une base et des fichiers existants (irréversible)"
        )

    def handle(self, *args, archive, force=False, **options):
        try:
            report = backup_restore(path=Path(archive), force=force, progress=self.stdout.write)
        except (BackupError, SigningKeyError) as error:
            raise CommandError(str(error)) from error
        manifest = report.manifest
        self.stdout.write(
            f"Sauvegarde du {manifest['created_at']} (Gouvernail {manifest['gouvernail_version']}, "
            f"base {manifest['database_vendor']}) restaurée : {len(manifest['parts'])} parties vérifiées."
        )
        if report.migrated_rows is not None:
            self.stdout.write(f"Passage à PostgreSQL : {report.migrated_rows} lignes copiées.")
        for notice in report.notices:
            self.stdout.write(notice)
        for slug, problems, checked in report.register:
            if not problems:
                self.stdout.write(f"Registre des décisions {slug} : OK ({checked} point(s) de contrôle vérifié(s))")
            for problem in problems:
                self.stdout.write(f"Registre des décisions {slug} : RUPTURE — {problem}")
        if not report.register_intact:
            raise SystemExit(1)
