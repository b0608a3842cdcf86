import os
import shutil
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Sert Gouvernail avec gunicorn (http://127.0.0.1:8000 par défaut ; PORT ou --port pour changer) et lance "
        "à côté le worker des traitements (synchronisations, imports, exports, rappels). Ctrl-C arrête les deux."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("GOUVERNAIL_WORKERS", "2")))
        parser.add_argument(
            "--no-worker",
            action="store_false",
            dest="worker",
            help="sans le worker (quand il tourne ailleurs, par exemple en service systemd)",
        )

    def handle(self, *args, host, port, workers, worker, **options):
        gunicorn = shutil.which("gunicorn", path=os.path.dirname(sys.executable)) or shutil.which("gunicorn")
        if gunicorn is None:
            raise CommandError("gunicorn est introuvable : installez Gouvernail avec « pip install gouvernail ».")
        self.stdout.write(
            f"Gouvernail écoute sur http://{host}:{port}/ (base : {settings.DATABASES['default']['NAME']})"
        )
        web = [
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
        ]
        if not worker:
            os.execv(gunicorn, web)
        self.stdout.flush()
        children = [
            subprocess.Popen([sys.executable, "-m", "gouvernail.cli", "worker"]),
            subprocess.Popen(web),
        ]
        sys.exit(supervise(children))


def supervise(children: list[subprocess.Popen]) -> int:
    """Waits while every child runs; when one ends, or on Ctrl-C / SIGTERM, stops the others.
    Returns the exit status of the first child to end (0 after Ctrl-C)."""
    status = 0

    def stop(signum, frame):
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGINT)
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    try:
        while all(child.poll() is None for child in children):
            time.sleep(0.5)
        status = next(child.returncode for child in children if child.returncode is not None)
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGINT)
    except KeyboardInterrupt:
        pass  # Ctrl-C reached every child too (same process group): each stops gracefully
    # A task in progress gets a few seconds to end; cut short, its transaction is rolled back.
    deadline = time.monotonic() + 10
    for child in children:
        try:
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.terminate()
            try:
                child.wait(timeout=5)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
    return status
