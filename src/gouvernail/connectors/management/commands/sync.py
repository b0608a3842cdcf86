import time

from django.core.management.base import BaseCommand, CommandError

from gouvernail.connectors.choices import ConnectorKind, RunStatus, RunTrigger
from gouvernail.connectors.models import ConnectorConfig
from gouvernail.connectors.runner import RunRefused, run_execute, run_start
from gouvernail.connectors.sources import source_for
from gouvernail.core.models import Organisation


class ProgressBar:
    """A text progress bar on the command's stderr, redrawn at most five times a second."""

    def __init__(self, stream, width: int = 30, unit: str = "tickets"):
        self.stream, self.width, self.last, self.unit = stream, width, 0.0, unit

    def __call__(self, current: int, total: int) -> None:
        now = time.monotonic()
        if now - self.last < 0.2 and current < total:
            return
        self.last = now
        if not total:  # a source that cannot say how much remains: a count, no bar
            self.stream.write(f"\r{current} {self.unit} lus", ending="")
            self.stream.flush()
            return
        filled = int(self.width * current / total)
        percent = f"{100 * current / total:5.1f} %"
        self.stream.write(
            f"\r[{'#' * filled}{'.' * (self.width - filled)}] {percent}  {current}/{total} {self.unit}", ending=""
        )
        self.stream.flush()

    def close(self) -> None:
        self.stream.write("")


class Command(BaseCommand):
    help = "Synchronise maintenant une source configurée d'une organisation (GestSup, GLPI, Nextcloud, GoPhish…)."

    def add_arguments(self, parser):
        parser.add_argument("source", choices=ConnectorKind.values)
        parser.add_argument("--org", dest="slug", required=True, help="identifiant court de l'organisation")
        parser.add_argument(
            "--full", action="store_true", help="relit toute la source et retire ce qui y a été supprimé"
        )

    def handle(self, *args, source, slug, full, **options):
        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation is None:
            raise CommandError(f"Organisation inconnue : « {slug} ».")
        config = ConnectorConfig.objects.filter(organisation=organisation, kind=source).first()
        if config is None:
            raise CommandError(f"Aucun connecteur {source} n'est configuré pour « {organisation} ».")
        try:
            run = run_start(config=config, trigger=RunTrigger.COMMAND, full=full)
        except RunRefused as refused:
            raise CommandError(str(refused)) from refused
        if source_for(source).incremental:
            kind = " complète" if run.full else " incrémentale"
            bar = ProgressBar(self.stderr)
        else:
            kind, bar = "", ProgressBar(self.stderr, unit="éléments")
        self.stderr.write(f"Synchronisation{kind} de {config} pour « {organisation} »…")
        run = run_execute(run, progress=bar)
        bar.close()
        if run.status != RunStatus.SUCCEEDED:
            raise CommandError(f"Échec : {run.error_message}")
        for label, section in run.count_sections:
            counts = ", ".join(f"{value} {name}" for name, value in section)
            self.stdout.write(f"{label[:1].upper()}{label[1:]} : {counts}")
        for warning in run.details.get("avertissements", []):
            self.stdout.write(f"Avertissement : {warning}")
        self.stdout.write(self.style.SUCCESS(f"Synchronisation réussie en {run.duration.total_seconds():.1f} s."))
