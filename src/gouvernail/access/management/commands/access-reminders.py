from django.core.management.base import BaseCommand
from django.utils import timezone

from gouvernail.access.services import reminders_send


class Command(BaseCommand):
    help = "Relance les réviseurs des revues des accès en cours (à lancer chaque jour, par exemple par cron)."

    def handle(self, *args, **options):
        sent = reminders_send(today=timezone.localdate())
        self.stdout.write(f"{sent} relance(s) envoyée(s).")
