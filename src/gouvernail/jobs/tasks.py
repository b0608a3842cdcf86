"""The periodic work of the jobs app: forget old jobs (the task that runs a job is
services.execute_job, beside what it runs)."""

from datetime import timedelta

from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from gouvernail.jobs.choices import FINISHED
from gouvernail.jobs.models import Job

# How long finished jobs (and their files) and the task rows behind them are kept.
KEEP_JOBS = timedelta(days=30)
KEEP_TASK_ROWS = timedelta(days=7)


@task()
def prune_finished() -> int:
    """Periodic: forgets the jobs finished more than 30 days ago (their files too) and the
    task rows finished more than 7 days ago. Returns how many jobs went."""
    now = timezone.now()
    DBTaskResult.objects.finished().filter(finished_at__lt=now - KEEP_TASK_ROWS).delete()
    old = Job.objects.filter(status__in=FINISHED, finished_at__lt=now - KEEP_JOBS)
    for job in old.exclude(result_file=""):
        job.result_file.delete(save=False)
    return old.delete()[0]
