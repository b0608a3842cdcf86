from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gouvernail.core.exports import PdfUnavailable
from gouvernail.governance.models import Meeting
from gouvernail.reports import minutes


class Command(BaseCommand):
    help = "Produit le relevé de décisions d'une réunion tenue, en PDF ou en DOCX."

    def add_arguments(self, parser):
        parser.add_argument("meeting_id", type=int, help="identifiant de la réunion")
        parser.add_argument("--format", choices=("pdf", "docx"), default="pdf", dest="export_format")
        parser.add_argument(
            "-o", "--output", help="fichier à écrire (par défaut : nom tiré de l'instance et de la date)"
        )

    def handle(self, *args, meeting_id, export_format, output=None, **options):
        meeting = Meeting.objects.select_related("committee", "organisation").filter(pk=meeting_id).first()
        if meeting is None:
            raise CommandError(f"Réunion inconnue : {meeting_id}")
        try:
            content = minutes.meeting_minutes(meeting)
            data = minutes.minutes_pdf(content) if export_format == "pdf" else minutes.minutes_docx(content)
        except (minutes.MeetingNotHeld, PdfUnavailable) as error:
            raise CommandError(str(error)) from error
        path = Path(output or minutes.minutes_filename(meeting, export_format))
        path.write_bytes(data)
        self.stdout.write(f"Relevé de décisions écrit dans {path} ({len(data)} octets).")
