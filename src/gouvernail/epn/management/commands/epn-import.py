"""`gouvernail epn-import FILE --org SLUG`: imports the EPN software's session export (CSV)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gouvernail.core.models import Organisation
from gouvernail.epn.importer import EpnImportError, parse_sessions
from gouvernail.epn.services import sessions_import, sessions_replaced_by


class Command(BaseCommand):
    help = "Importe l'export CSV des séances du logiciel de l'EPN (tout ou rien)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="fichier CSV (colonnes date, heure, durée, usager, atelier, site)")
        parser.add_argument("--org", required=True, help="identifiant court de l'organisation")
        parser.add_argument("--dry-run", action="store_true", help="vérifie le fichier sans rien enregistrer")

    def handle(self, *args, file: str, org: str, dry_run: bool, **options):
        organisation = Organisation.objects.filter(slug=org).first()
        if organisation is None:
            raise CommandError(f"Organisation inconnue : {org}")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Fichier introuvable : {file}")
        try:
            parsed = parse_sessions(path.read_bytes(), organisation=organisation)
        except EpnImportError as error:
            raise CommandError("Fichier non importé, rien n'a été enregistré :\n" + "\n".join(error.errors)) from error
        period = f"du {parsed.first_date:%d/%m/%Y} au {parsed.last_date:%d/%m/%Y}"
        if dry_run:
            replaced = sessions_replaced_by(organisation, parsed.rows).count()
            self.stdout.write(f"Fichier valide : {len(parsed.rows)} séances {period} ({replaced} seraient remplacées).")
            return
        result = sessions_import(organisation=organisation, rows=parsed.rows)
        self.stdout.write(
            self.style.SUCCESS(f"{result.created} séances importées {period} ({result.replaced} remplacées).")
        )
