"""The one task of Gouvernail's jobs: run a recorded job (see services.job_execute)."""

from django_tasks import task

from gouvernail.jobs.services import job_execute


@task()
def execute_job(job_id: int) -> str:
    return job_execute(job_id)
