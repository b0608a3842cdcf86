"""`gouvernail demo`: loads the demo organisation (Communauté de communes du Gesnois Bilurien).

gouvernail demo              create it; if it exists, say so and change nothing
gouvernail demo --reset      delete it (rows, history, journal, demo accounts), then recreate it
gouvernail demo --if-empty   create it only when the database has no organisation (`make run`)
gouvernail demo --accounts   print the demo accounts and their password
gouvernail demo --operator N also build an illustrative mutualised service of N synthetic member
                             communes (measurements only, see demo/operator.py), replacing a previous one
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from gouvernail.core.models import Organisation
from gouvernail.demo.accounts import DEMO_PASSWORD, accounts_table
from gouvernail.demo.loader import DemoSummary, NotADemoOrganisation, find_demo_organisation, load_demo, purge_demo
from gouvernail.demo.operator import MEMBERS_OPENED, OPERATOR_ACCOUNT, load_operator


class Command(BaseCommand):
    help = "Charge l'organisation de démonstration (Communauté de communes du Gesnois Bilurien)."

    def add_arguments(self, parser):
        options = parser.add_mutually_exclusive_group()
        options.add_argument(
            "--reset",
            action="store_true",
            help="Supprime la démonstration existante (données, historique, journal, comptes) puis la recrée.",
        )
        options.add_argument(
            "--if-empty",
            action="store_true",
            help="Ne fait rien si la base contient déjà une organisation (utilisé par « make run »).",
        )
        options.add_argument("--accounts", action="store_true", help="Affiche seulement les comptes de démonstration.")
        parser.add_argument(
            "--operator",
            type=int,
            metavar="N",
            help=(
                "Crée aussi un service mutualisé illustratif regroupant N communes synthétiques (leurs mesures "
                "seulement, tirées de celles de la démonstration), à la place d'un précédent."
            ),
        )

    def handle(self, *args, reset: bool, if_empty: bool, accounts: bool, operator: int | None, **options) -> None:
        if accounts:
            self.print_accounts()
            return
        self.load(reset=reset, if_empty=if_empty)
        if operator is not None:
            self.load_operator(operator)

    def load(self, *, reset: bool, if_empty: bool) -> None:
        started = time.monotonic()
        # One transaction: an interrupted load (or reset) leaves the database as it was.
        with transaction.atomic():
            if if_empty and Organisation.objects.exists():
                self.stdout.write("La base contient déjà une organisation : la démonstration n'est pas chargée.")
                # `make run` prints the accounts once, whether the demo was loaded now or before.
                if find_demo_organisation() is not None:
                    self.print_accounts()
                return
            existing = find_demo_organisation()
            if existing is not None and not reset:
                self.stdout.write(
                    f"L'organisation « {existing.name} » existe déjà : rien n'est modifié "
                    "(« gouvernail demo --reset » la recharge)."
                )
                return
            if reset:
                self.purge()
            summary = load_demo()
        self.report(summary, time.monotonic() - started)
        self.print_accounts()

    def load_operator(self, members: int) -> None:
        if not 1 <= members <= 500:
            raise CommandError("--operator attend un nombre de membres entre 1 et 500.")
        template = find_demo_organisation()
        if template is None:
            raise CommandError("La démonstration n'est pas chargée : ses mesures sont le modèle de celles des membres.")
        started = time.monotonic()
        summary = load_operator(template=template, members=members)
        self.stdout.write(
            self.style.SUCCESS(
                f"Service mutualisé illustratif « {summary.operator} » créé en {time.monotonic() - started:.1f} s : "
                f"{summary.members} communes membres synthétiques, {summary.measurements} mesures (celles de la "
                "démonstration, modulées par membre ; source « illustratif »)."
            )
        )
        self.stdout.write(
            f"Compte de l'opérateur : {OPERATOR_ACCOUNT} (mot de passe {DEMO_PASSWORD}), Direction de l'agence et "
            f"Référent SI des {MEMBERS_OPENED} premières communes : « Vue consolidée des membres » dans le menu."
        )

    def purge(self) -> None:
        try:
            deleted = purge_demo()
        except NotADemoOrganisation as error:
            raise CommandError(
                f"L'organisation « {error} » n'est pas une organisation de démonstration : elle n'est pas supprimée."
            ) from error
        if deleted:
            self.stdout.write("Ancienne démonstration supprimée (données, historique, journal et comptes).")

    def report(self, summary: DemoSummary, seconds: float) -> None:
        self.stdout.write(
            self.style.SUCCESS(
                f"Organisation de démonstration « {summary.organisation.name} » créée en {seconds:.1f} s : "
                f"{summary.applications} applications, {summary.vendors} prestataires, {summary.contracts} contrats, "
                f"{summary.active_agents} agents actifs, {summary.elected} élus, {summary.devices} équipements, "
                f"un marché public en {summary.procurement_steps} étapes, "
                f"{summary.actions} actions, {summary.projects} projets, "
                f"{summary.requests} demandes SI sur deux ans et {summary.measurements} mesures d'indicateurs."
            )
        )
        self.stdout.write(
            "Les applications, les éditeurs, le calendrier du marché, le plan d'action et la feuille de route "
            "viennent de l'étude ; sites, personnes, parc, contrats, analyse des offres, projets, demandes SI, "
            "campagnes de phishing, usages Nextcloud et séances de l'EPN (source « Démonstration (synthétique) ») "
            "sont des données de démonstration synthétiques."
        )

    def print_accounts(self) -> None:
        self.stdout.write(f"\nComptes de démonstration (mot de passe commun : {DEMO_PASSWORD}) :\n")
        self.stdout.write(accounts_table())
