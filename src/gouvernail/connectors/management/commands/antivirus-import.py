"""`gouvernail antivirus-import FILE --org SLUG`: the antivirus state of a console's CSV export."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gouvernail.connectors.antivirus.exports import ExportError
from gouvernail.connectors.antivirus.sync import import_export
from gouvernail.connectors.runner import after_sync
from gouvernail.core.models import Organisation


class Command(BaseCommand):
    help = (
        "Importe l'état antivirus d'un export CSV (ESET PROTECT, Bitdefender GravityZone, Intune) "
        "sur les équipements de l'inventaire, tout ou rien."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="export CSV : nom de machine, produit, dernière connexion, état")
        parser.add_argument("--org", required=True, help="identifiant court de l'organisation")
        parser.add_argument("--product", default="", help="produit antivirus, pour un fichier sans colonne produit")

    def handle(self, *args, file: str, org: str, product: str, **options):
        organisation = Organisation.objects.filter(slug=org).first()
        if organisation is None:
            raise CommandError(f"Organisation inconnue : « {org} ».")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Fichier introuvable : {file}")
        try:
            counts = import_export(organisation, path.read_bytes(), product=product)
        except ExportError as error:
            raise CommandError(f"Fichier refusé, rien n'a été modifié : {error}") from error
        after_sync(organisation)
        for warning in counts.warnings:
            self.stderr.write(f"Avertissement : {warning}")
        self.stdout.write(
            self.style.SUCCESS(
                f"État antivirus importé : {counts.updated} poste(s) mis à jour, {counts.unchanged} inchangé(s), "
                f"{counts.unmatched} machine(s) non rapprochée(s)."
            )
        )
