"""Starting, running, following and cancelling jobs.

A job's row is written outside the work's transaction: the work (a sync, an import's commit)
writes in one transaction so that a failure leaves the previous data untouched, and a row
updated inside it would be invisible to the pages (PostgreSQL), locked against the cancel
button (both engines) and rolled back with the work. So while the work is inside its
transaction, its progress and the cancel request also travel through the shared cache
(files, read by every process); the row gets them whenever the work is outside a
transaction, and when it ends.
"""

import logging
import time

from django.core.cache import cache
from django.core.files.base import ContentFile, File
from django.db import OperationalError, connection, transaction
from django.utils import timezone
from django_tasks import task

from gouvernail.core.permissions import can_edit, can_read
from gouvernail.jobs.choices import JobStatus
from gouvernail.jobs.errors import JobCancelled, JobFailed
from gouvernail.jobs.models import Job
from gouvernail.jobs.registry import handler_for

__all__ = (
    "JobContext",
    "job_cancel",
    "job_execute",
    "job_may_cancel",
    "job_progress",
    "job_start",
    "job_visible_to",
)

logger = logging.getLogger(__name__)

INTERNAL_ERROR = (
    "Erreur interne pendant le traitement : rien n'a été modifié. Le détail est dans le journal du serveur."
)
CANCELLED = "Annulé à la demande : rien n'a été modifié."
# Cache entries outlive any job; a worker that died leaves them to expire.
CACHE_SECONDS = 24 * 3600
# The row is written at most this often while the work reports its progress.
ROW_EVERY_SECONDS = 1.0


def _progress_key(job_id: int) -> str:
    return f"gouvernail:jobs:{job_id}:progress"


def _cancel_key(job_id: int) -> str:
    return f"gouvernail:jobs:{job_id}:cancel"


def job_start(
    *,
    organisation,
    kind: str,
    handler: str,
    label: str,
    domain: str,
    params: dict | None = None,
    requested_by=None,
    private: bool = False,
    result_url: str = "",
) -> Job:
    """Records a job and queues its task; returns the job (already finished when tasks run
    immediately, as in the tests)."""

    handler_for(handler)  # an unknown name fails here, in the request, not in the worker
    job = Job.objects.create(
        organisation=organisation,
        kind=kind,
        handler=handler,
        params=params or {},
        label=label[:200],
        domain=domain,
        private=private,
        requested_by=requested_by,
        result_url=result_url,
    )
    result = execute_job.enqueue(job.pk)
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
    job.refresh_from_db()
    return job


def job_visible_to(job: Job, user, membership, *, same_organisation: bool = True) -> bool:
    """The person who asked for the job, or (unless private) the readers of its domain; in the
    job's organisation unless `same_organisation` is False (the pages answer 404 for another)."""
    if membership is None or (same_organisation and job.organisation_id != membership.organisation_id):
        return False
    if job.requested_by_id is not None and job.requested_by_id == user.pk:
        return True
    return not job.private and can_read(membership, job.domain)


def job_may_cancel(job: Job, user, membership, *, finished_too: bool = False) -> bool:
    """The requester, or (unless private) the editors of the job's domain, while it is not finished."""
    if (job.is_finished and not finished_too) or not job_visible_to(job, user, membership):
        return False
    return job.requested_by_id == user.pk or (not job.private and can_edit(membership, job.domain))


def job_progress(job: Job) -> tuple[int, int | None]:
    """(current, total): live from the cache while the job runs, from its row otherwise."""
    if job.status == JobStatus.RUNNING:
        live = cache.get(_progress_key(job.pk))
        if live is not None:
            return live
    return job.progress_current, job.progress_total


def job_cancel(*, job: Job, acting_user) -> None:
    """« Annuler »: a queued job is cancelled at once; a running one stops at its next batch."""
    cache.set(_cancel_key(job.pk), True, CACHE_SECONDS)
    now = timezone.now()
    try:
        Job.objects.filter(pk=job.pk, status=JobStatus.QUEUED).update(
            status=JobStatus.CANCELLED, cancel_requested=True, finished_at=now, message=CANCELLED
        )
        Job.objects.filter(pk=job.pk).update(cancel_requested=True)
    except OperationalError:
        # SQLite: the work holds the write lock beyond the busy timeout; the cache entry is
        # enough for it to stop at its next batch.
        logger.warning("Annulation du traitement %s notée dans le cache seulement", job.pk)
    logger.info("Traitement %s : annulation demandée par l'utilisateur %s", job.pk, acting_user.pk)


class JobContext:
    """What a handler gets besides its job: report progress (which also stops the work when
    « Annuler » was pressed), and hand over its result."""

    def __init__(self, job: Job):
        self.job = job
        self.message = ""
        self.result_url = job.result_url
        self._file: tuple[str, str] | None = None  # (name shown, name in the storage)
        self._row_written = 0.0

    def progress(self, current: int, total: int | None = None) -> None:
        self.check_cancelled()
        cache.set(_progress_key(self.job.pk), (current, total), CACHE_SECONDS)
        now = time.monotonic()
        if not connection.in_atomic_block and now - self._row_written >= ROW_EVERY_SECONDS:
            self._row_written = now
            Job.objects.filter(pk=self.job.pk).update(progress_current=current, progress_total=total)

    def check_cancelled(self) -> None:
        if cache.get(_cancel_key(self.job.pk)):
            raise JobCancelled(CANCELLED)
        if not connection.in_atomic_block and Job.objects.filter(pk=self.job.pk, cancel_requested=True).exists():
            raise JobCancelled(CANCELLED)

    def set_file(self, name: str, content: bytes | File) -> None:
        """The file the job produced (an export): stored at once (the content may be a temporary
        file), kept with the job if it succeeds, downloaded from its page."""
        field = self.job.result_file
        stored = field.storage.save(
            field.field.generate_filename(self.job, name),
            content if isinstance(content, File) else ContentFile(content),
        )
        self._file = (name, stored)

    def set_link(self, url: str) -> None:
        self.result_url = url


def job_execute(job_id: int) -> str:
    """Runs a queued job to its end (the task body). Returns its final status."""
    job = Job.objects.filter(pk=job_id).first()
    if job is None:
        return "absent"
    started = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED, cancel_requested=False).update(
        status=JobStatus.RUNNING, started_at=timezone.now()
    )
    if not started:
        return job.status  # cancelled while queued, or already taken
    job.refresh_from_db()
    context = JobContext(job)
    try:
        handler_for(job.handler)(job, context)
    except JobCancelled as cancelled:
        return _finish(job, context, JobStatus.CANCELLED, str(cancelled) or CANCELLED)
    except JobFailed as failed:
        return _finish(job, context, JobStatus.FAILED, str(failed))
    except Exception:
        logger.exception("Traitement %s (%s) en échec", job.pk, job.handler)
        return _finish(job, context, JobStatus.FAILED, INTERNAL_ERROR)
    return _finish(job, context, JobStatus.SUCCEEDED, context.message or "Terminé.")


def _finish(job: Job, context: JobContext, status: str, message: str) -> str:
    current, total = cache.get(_progress_key(job.pk)) or (job.progress_current, job.progress_total)
    if status == JobStatus.SUCCEEDED and total:
        current = total
    with transaction.atomic():
        job.refresh_from_db()
        job.status = status
        job.message = message
        job.progress_current = current or 0
        job.progress_total = total
        job.result_url = context.result_url
        job.finished_at = timezone.now()
        if context._file is not None:
            name, stored = context._file
            if status == JobStatus.SUCCEEDED:
                job.result_name = name[:200]
                job.result_file.name = stored
            else:
                job.result_file.storage.delete(stored)
        job.save()
    cache.delete_many([_progress_key(job.pk), _cancel_key(job.pk)])
    return status


@task()
def execute_job(job_id: int) -> str:
    """The task the worker runs for every job (queued by `job_start`)."""
    return job_execute(job_id)
