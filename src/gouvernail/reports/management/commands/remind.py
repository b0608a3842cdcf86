from django.core.management.base import BaseCommand

from gouvernail.reports.reminders import reminders_send_due


class Command(BaseCommand):
    help = "Envoie les rappels par e-mail dus (préavis des contrats, actions en retard) ; chacun une seule fois."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="affiche les rappels dus sans rien envoyer")

    def handle(self, *args, dry_run=False, **options):
        reminders = reminders_send_due(dry_run=dry_run)
        verb = "à envoyer" if dry_run else "envoyé(s)"
        for reminder in reminders:
            # The subject names the organisation and the kind; the address stays out of the output
            # of a scheduled job, which ends up in system logs.
            self.stdout.write(f"- {reminder.subject} ({len(reminder.items)} élément(s))")
        self.stdout.write(f"{len(reminders)} rappel(s) {verb}.")
