import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gouvernail.core.models import Organisation
from gouvernail.governance.register import register_problems
from gouvernail.governance.signing import SigningKeyError


class Command(BaseCommand):
    help = (
        "Vérifie le registre des décisions : la chaîne d'empreintes, les points de contrôle signés enregistrés "
        "et, avec --checkpoint, un point de contrôle publié (code de sortie 1 en cas de rupture)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--org", help="identifiant court de l'organisation (toutes par défaut)")
        parser.add_argument(
            "--checkpoint",
            action="append",
            default=[],
            metavar="FICHIER",
            help="point de contrôle publié (fichier JSON d'un export), répétable ; exige --org",
        )
        parser.add_argument(
            "--public-key", metavar="FICHIER", help="clé publique publiée (PEM), à la place de celle du serveur"
        )

    def handle(self, *args, org=None, checkpoint=(), public_key=None, **options):
        organisations = Organisation.objects.all()
        if org:
            organisations = organisations.filter(slug=org)
            if not organisations.exists():
                raise CommandError(f"Organisation inconnue : {org}")
        elif checkpoint:
            raise CommandError("--checkpoint s'utilise avec --org : un point de contrôle concerne une organisation.")
        published = [self._read(path) for path in checkpoint]
        given_key = self._read_key(public_key) if public_key else None
        broken = False
        for organisation in organisations:
            try:
                problems, checked = register_problems(organisation, published, public_key=given_key)
            except SigningKeyError as error:
                raise CommandError(str(error)) from error
            if not problems:
                self.stdout.write(f"{organisation.slug} : OK ({checked} point(s) de contrôle vérifié(s))")
                continue
            broken = True
            for problem in problems:
                self.stdout.write(f"{organisation.slug} : RUPTURE — {problem}")
        if broken:
            raise SystemExit(1)

    @staticmethod
    def _read(path: str) -> dict:
        try:
            return json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CommandError(f"Point de contrôle illisible ({path}) : {error}") from error

    @staticmethod
    def _read_key(path: str):
        from gouvernail.governance.register_verifier import load_public_key

        try:
            return load_public_key(Path(path).read_bytes())
        except (OSError, ValueError) as error:
            raise CommandError(f"Clé publique illisible ({path}) : {error}") from error
