from django.core.management.base import BaseCommand, CommandError

from gouvernail.core.models import Organisation
from gouvernail.governance.services import verify_register


class Command(BaseCommand):
    help = "Vérifie la chaîne d'empreintes du registre des décisions (code de sortie 1 en cas de rupture)."

    def add_arguments(self, parser):
        parser.add_argument("--org", help="identifiant court de l'organisation (toutes par défaut)")

    def handle(self, *args, org=None, **options):
        organisations = Organisation.objects.all()
        if org:
            organisations = organisations.filter(slug=org)
            if not organisations.exists():
                raise CommandError(f"Organisation inconnue : {org}")
        broken = False
        for organisation in organisations:
            breaks = verify_register(organisation)
            if not breaks:
                self.stdout.write(f"{organisation.slug} : OK")
                continue
            broken = True
            for chain_break in breaks:
                self.stdout.write(f"{organisation.slug} : RUPTURE — {chain_break}")
        if broken:
            raise SystemExit(1)
