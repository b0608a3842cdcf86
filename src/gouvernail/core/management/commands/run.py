import os
import shutil
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Sert Gouvernail avec gunicorn (http://127.0.0.1:8000 par défaut ; PORT ou --port pour changer)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("GOUVERNAIL_WORKERS", "2")))

    def handle(self, *args, host, port, workers, **options):
        gunicorn = shutil.which("gunicorn", path=os.path.dirname(sys.executable)) or shutil.which("gunicorn")
        if gunicorn is None:
            raise CommandError("gunicorn est introuvable : installez Gouvernail avec « pip install gouvernail ».")
        self.stdout.write(
            f"Gouvernail écoute sur http://{host}:{port}/ (base : {settings.DATABASES['default']['NAME']})"
        )
        os.execv(
            gunicorn,
            [
                gunicorn,
                "gouvernail.wsgi:application",
                "--bind",
                f"{host}:{port}",
                "--workers",
                str(workers),
                "--access-logfile",
                "-",
                # Private calendar URLs carry their token: the access log masks it.
                "--logger-class",
                "gouvernail.core.access_log.MaskedAccessLogger",
            ],
        )
