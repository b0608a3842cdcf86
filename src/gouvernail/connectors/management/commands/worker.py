import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from gouvernail.connectors.choices import RunStatus
from gouvernail.connectors.runner import run_due_syncs
from gouvernail.reports.reminders import reminders_send_due


class Command(BaseCommand):
    help = (
        "Exécute les synchronisations dues selon leur planification et envoie les rappels dus, en boucle "
        "(ou une fois avec --once)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="une seule passe, puis s'arrête")
        parser.add_argument("--poll", type=int, default=60, help="secondes entre deux passes (défaut : 60)")

    def handle(self, *args, once, poll, **options):
        while True:
            for run in run_due_syncs():
                if run.status == RunStatus.SUCCEEDED:
                    self.stdout.write(
                        f"{run.config} ({run.organisation_id}) : réussie — {run.created_count} créés, "
                        f"{run.updated_count} modifiés, {run.deleted_count} supprimés."
                    )
                else:
                    self.stderr.write(f"{run.config} : échouée — {run.error_message}")
            sent = reminders_send_due()
            if sent:
                self.stdout.write(f"{len(sent)} rappel(s) envoyé(s).")
            if once:
                return
            time.sleep(poll)
            # A long-lived loop: drop database connections that died or aged while asleep.
            close_old_connections()
