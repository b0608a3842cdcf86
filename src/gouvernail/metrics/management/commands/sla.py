"""`gouvernail sla`: the service levels measured from the service desk.

gouvernail sla --compute --org SLUG                  the last complete month
gouvernail sla --compute --org SLUG --month 2026-10  a given month

Each delay service level (time to take, time to resolve) of a contract whose vendor has its
assignment groups gets the month's measurement from the requests assigned to the vendor; the
other service levels keep their entered measurements.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from gouvernail.core.models import Organisation
from gouvernail.metrics.sla import last_complete_month, parse_month, sla_compute


class Command(BaseCommand):
    help = "Calcule les niveaux de service (délais) des contrats depuis les demandes du support."

    def add_arguments(self, parser):
        parser.add_argument("--compute", action="store_true", help="Calcule et enregistre les mesures du mois.")
        parser.add_argument("--org", required=True, help="Identifiant court (slug) de l'organisation.")
        parser.add_argument("--month", help="Mois mesuré, AAAA-MM ; le dernier mois complet par défaut.")

    def handle(self, *args, compute: bool, org: str, month: str | None, **options) -> None:
        if not compute:
            raise CommandError("Indiquez --compute : la commande calcule les mesures du mois.")
        organisation = Organisation.objects.filter(slug=org).first()
        if organisation is None:
            raise CommandError(f"Aucune organisation n'a l'identifiant court « {org} ».")
        try:
            measured = parse_month(month) if month else last_complete_month(timezone.localdate())
        except ValueError as error:
            raise CommandError(str(error)) from None
        results = sla_compute(organisation=organisation, month=measured)
        if not results:
            self.stdout.write(
                "Aucun niveau de service à calculer : il faut un délai (prise en charge, résolution) sur le contrat "
                "d'un prestataire dont les groupes d'attribution sont renseignés."
            )
        for result in results:
            self.stdout.write(result.message)
