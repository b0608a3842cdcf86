from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gouvernail.core.exports import PdfUnavailable
from gouvernail.governance.models import Meeting
from gouvernail.reports.choices import PackFormat
from gouvernail.reports.packs.services import copil_pack_create, pack_filename


class Command(BaseCommand):
    help = (
        "Produit le dossier de COPIL d'une réunion (PPTX ou PDF), l'archive avec la réunion "
        "(empreinte SHA-256 et données figées) et l'écrit dans un fichier."
    )

    def add_arguments(self, parser):
        parser.add_argument("meeting_id", type=int, help="identifiant de la réunion")
        parser.add_argument("--format", choices=PackFormat.values, default=PackFormat.PPTX, dest="pack_format")
        parser.add_argument(
            "-o", "--output", help="fichier à écrire (par défaut : nom tiré de l'instance et de la date)"
        )

    def handle(self, *args, meeting_id, pack_format, output=None, **options):
        meeting = Meeting.objects.select_related("committee", "organisation").filter(pk=meeting_id).first()
        if meeting is None:
            raise CommandError(f"Réunion inconnue : {meeting_id}")
        try:
            pack = copil_pack_create(meeting=meeting, pack_format=pack_format)
        except PdfUnavailable as error:
            raise CommandError(str(error)) from error
        path = Path(output or pack_filename(meeting, pack_format))
        with pack.file.open("rb") as archived:
            path.write_bytes(archived.read())
        self.stdout.write(
            f"Dossier de COPIL écrit dans {path} ({pack.size} octets, SHA-256 {pack.sha256}) ; archivé avec la réunion."
        )
