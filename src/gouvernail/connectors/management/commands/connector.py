"""`gouvernail connector configure SOURCE --org SLUG --set KEY=VALUE … [--secret NAME]` and
`gouvernail connector test SOURCE --org SLUG`: a source set up by automation (Ansible…).

A secret is read from the standard input, one line per `--secret`, never from the command
line (which `ps` and the shell's history show). Settings are validated by the source's schema
(`connectors.schema`), as on the page; every refusal is French and names the key.
"""

import getpass
import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from gouvernail.connectors.choices import ConnectorKind
from gouvernail.connectors.models import ConnectorConfig
from gouvernail.connectors.runner import config_test
from gouvernail.connectors.services import config_save, config_settings_apply
from gouvernail.connectors.sources import source_for
from gouvernail.core.models import Organisation


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [message for messages in error.message_dict.values() for message in messages]
    return error.messages


class Command(BaseCommand):
    help = "Configure ou teste un connecteur (GestSup, GLPI, Nextcloud…) depuis la ligne de commande."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, title="actions")
        configure = actions.add_parser("configure", help="enregistre les réglages et le secret d'une source")
        test = actions.add_parser("test", help="teste la connexion (code de sortie 0 si elle fonctionne)")
        for sub in (configure, test):
            sub.add_argument("source", choices=ConnectorKind.values)
            sub.add_argument("--org", dest="slug", required=True, help="identifiant court de l'organisation")
        configure.add_argument(
            "--set",
            # Not « settings »: Django's own --settings option would read this list as a module path.
            dest="pairs",
            action="append",
            default=[],
            metavar="CLÉ=VALEUR",
            help="un réglage de la source (host, port, database, user, url, service_mapping…) ; répétable",
        )
        configure.add_argument(
            "--secret",
            dest="secrets",
            action="append",
            default=[],
            metavar="NOM",
            help="un secret (password, app_token) lu sur l'entrée standard, une ligne par --secret",
        )

    def handle(self, *args, action, source, slug, **options):
        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation is None:
            raise CommandError(f"Organisation inconnue : « {slug} ».")
        if action == "configure":
            self.configure(organisation, source, options["pairs"], options["secrets"])
        else:
            self.test(organisation, source)

    def configure(self, organisation, kind: str, pairs: list[str], secret_names: list[str]) -> None:
        plugin = source_for(kind)
        values = {}
        for pair in pairs:
            key, sep, value = pair.partition("=")
            if not sep or not key.strip():
                raise CommandError(f"--set « {pair} » : écrivez CLÉ=VALEUR (exemple : --set host=gestsup.interne).")
            values[key.strip()] = value
        known = {secret.name: secret for secret in plugin.secrets}
        for name in secret_names:
            if name not in known:
                raise CommandError(
                    f"--secret « {name} » : cette source n'a pas de secret de ce nom (secrets : {', '.join(known)})."
                )
        config = ConnectorConfig.objects.filter(organisation=organisation, kind=kind).first() or ConnectorConfig(
            organisation=organisation, kind=kind
        )
        try:
            config_settings_apply(config=config, values=values)
        except ValidationError as refused:
            raise CommandError(
                "Réglages refusés, rien n'a été enregistré :\n" + "\n".join(_messages(refused))
            ) from None
        secrets = {name: self._read_secret(known[name].label) for name in secret_names}
        stored = config.stored_secrets()
        missing = [s for s in plugin.secrets if s.required and s.name not in secrets and s.name not in stored]
        if missing:
            raise CommandError(
                f"Le secret « {missing[0].name} » ({missing[0].label}) est obligatoire pour la première "
                f"configuration : ajoutez --secret {missing[0].name} et donnez-le sur l'entrée standard."
            )
        try:
            with transaction.atomic():
                notes = config_save(config=config, secrets=secrets, acting_user=None)
        except ValidationError as refused:
            raise CommandError("Rien n'a été enregistré : " + " ".join(_messages(refused))) from None
        for note in notes:
            self.stderr.write(note)
        settings = ", ".join(f"{name}={value}" for name, value in sorted(config.settings.items()) if value != {})
        self.stdout.write(
            self.style.SUCCESS(f"Connecteur {plugin.label} de « {organisation} » enregistré ({settings}).")
        )

    def _read_secret(self, label: str) -> str:
        if sys.stdin.isatty():
            value = getpass.getpass(f"{label[:1].upper()}{label[1:]} : ")
        else:
            value = sys.stdin.readline().rstrip("\r\n")
        if not value:
            raise CommandError(f"Le secret « {label} » lu sur l'entrée standard est vide : rien n'a été enregistré.")
        return value

    def test(self, organisation, kind: str) -> None:
        config = ConnectorConfig.objects.filter(organisation=organisation, kind=kind).first()
        if config is None:
            raise CommandError(
                f"Aucun connecteur {kind} n'est configuré pour « {organisation} » : "
                f"gouvernail connector configure {kind} --org {organisation.slug} --set …"
            )
        diagnosis = config_test(config=config)
        if not diagnosis.ok:
            raise CommandError(diagnosis.message)
        self.stdout.write(self.style.SUCCESS(diagnosis.message))
