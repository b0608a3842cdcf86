"""`gouvernail framework import FILE [--org SLUG]`: loads a CISO Assistant library (YAML) into an
organisation; `gouvernail framework builtin [--org SLUG]` loads the ANSSI hygiene guide shipped
with Gouvernail. Both are idempotent: running them again changes nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gouvernail.compliance.library import LibraryError, parse_ciso_library
from gouvernail.compliance.services import framework_install, framework_load_builtin
from gouvernail.core.models import Organisation


def organisation_from(slug: str | None) -> Organisation:
    if slug:
        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation is None:
            raise CommandError(f"Aucune organisation n'a l'identifiant court « {slug} ».")
        return organisation
    organisations = list(Organisation.objects.all()[:2])
    if len(organisations) != 1:
        raise CommandError("Précisez l'organisation avec --org SLUG (il y en a plusieurs, ou aucune).")
    return organisations[0]


class Command(BaseCommand):
    help = "Importe un référentiel (bibliothèque CISO Assistant au format YAML, ou le guide d'hygiène intégré)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imported = sub.add_parser("import", help="Importe une bibliothèque CISO Assistant (YAML).")
        imported.add_argument("file", help="Chemin du fichier YAML.")
        imported.add_argument("--org", help="Identifiant court de l'organisation.")
        builtin = sub.add_parser("builtin", help="Charge les 42 mesures d'hygiène de l'ANSSI (reformulées).")
        builtin.add_argument("--org", help="Identifiant court de l'organisation.")

    def handle(self, *args, action: str, org: str | None = None, file: str | None = None, **options) -> None:
        organisation = organisation_from(org)
        if action == "builtin":
            result = framework_load_builtin(organisation=organisation, acting_user=None)
        else:
            path = Path(file)
            if not path.is_file():
                raise CommandError(f"Fichier introuvable : {file}")
            try:
                data = parse_ciso_library(path.read_bytes())
            except LibraryError as error:
                raise CommandError(f"{path.name} : {error}") from None
            result = framework_install(organisation=organisation, data=data, acting_user=None)
        self.stdout.write(result.summary())
