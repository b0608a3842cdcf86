from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gouvernail.core.models import Organisation
from gouvernail.governance.register import export_files


class Command(BaseCommand):
    help = (
        "Exporte le registre des décisions d'une organisation pour une vérification sans la base de Gouvernail : "
        "registre.json, un fichier par point de contrôle signé, la clé publique, le vérificateur et sa notice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="identifiant court de l'organisation")
        parser.add_argument("-o", "--output", required=True, help="dossier où écrire l'export (créé au besoin)")

    def handle(self, *args, org, output, **options):
        organisation = Organisation.objects.filter(slug=org).first()
        if organisation is None:
            raise CommandError(f"Organisation inconnue : {org}")
        directory = Path(output)
        files = export_files(organisation)
        for name, content in files.items():
            path = directory / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        if "cle-publique.pem" not in files:
            self.stderr.write(
                f"Attention : {org} n'a pas de clé de signature (gouvernail register-key --org {org}) ; "
                "l'export ne contient ni clé publique ni point de contrôle signé."
            )
        self.stdout.write(f"{len(files)} fichier(s) écrit(s) dans {directory}.")
        self.stdout.write(f"Vérification hors de Gouvernail : python3 {directory / 'verifier.py'} {directory}")
