"""`gouvernail worker`: runs the queued tasks (jobs, periodic work) of the database task backend,
and queues each app's periodic work when it is due (see jobs.registry)."""

import time

from django.core.management.base import BaseCommand
from django.db import OperationalError, close_old_connections, connection
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from gouvernail.jobs.registry import periodic_work


class GouvernailWorker(Worker):
    """django-tasks-db's worker, with the periodic work queued between two tasks."""

    def __init__(self, *, once: bool, periodic: bool, stdout, **options):
        super().__init__(**options)
        self.once = once
        self.periodic = periodic
        self.stdout = stdout
        self.next_due: dict[str, object] = {}

    def queue_due_periodic(self) -> None:
        now = timezone.now()
        for work in periodic_work():
            if self.next_due.get(work.name, now) <= now:
                work.task.enqueue()
                self.next_due[work.name] = now + work.every

    def claim_next(self) -> DBTaskResult | None:
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        with exclusive_transaction(tasks.db):
            try:
                task_result = tasks.get_locked()
                if task_result is not None:
                    task_result.claim(self.worker_id)
                return task_result
            except OperationalError as error:
                if is_locked_database_exception(error):
                    return None
                raise

    @staticmethod
    def drop_stale_connections() -> None:
        # Connections that died or aged while the worker slept are dropped, as after a request;
        # never inside a transaction (a test runs the worker inside its own).
        if not connection.in_atomic_block:
            close_old_connections()

    def run(self) -> None:
        while self.running:
            self.drop_stale_connections()
            if self.periodic:
                self.queue_due_periodic()
            task_result = self.claim_next()
            if task_result is not None:
                # django-tasks logs each task's start and end (logger « django_tasks »).
                self.run_task(task_result)
                continue
            if self.once:
                return
            self.drop_stale_connections()
            if self.running:
                time.sleep(self.interval)


class Command(BaseCommand):
    help = (
        "Exécute les traitements en file (synchronisations, imports, exports, dossiers de COPIL) et le travail "
        "périodique des applications (synchronisations planifiées, rappels), en boucle (ou une passe avec --once)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help="une passe : le travail périodique, la file, puis s'arrête"
        )
        parser.add_argument(
            "--interval", type=float, default=1.0, help="secondes d'attente quand la file est vide (défaut : 1)"
        )
        parser.add_argument(
            "--no-periodic", action="store_false", dest="periodic", help="la file seulement, sans travail périodique"
        )
        parser.add_argument(
            "--queue-name", default="default", help="files à traiter, séparées par des virgules ; * : toutes"
        )

    def handle(self, *args, once, interval, periodic, queue_name, **options):
        worker = GouvernailWorker(
            once=once,
            periodic=periodic,
            stdout=self.stdout,
            queue_names=queue_name.split(","),
            interval=interval,
            batch=once,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=get_random_string(32),
            excluded_queue_names=[],
        )
        if not once:
            worker.configure_signals()
            self.stdout.write("Worker Gouvernail démarré (Ctrl-C l'arrête).")
        worker.run()
