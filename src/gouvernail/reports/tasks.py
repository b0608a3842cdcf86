"""The reports' long work: generating a COPIL pack (a job) and sending the due reminders (periodic)."""

from django_tasks import task

from gouvernail.core.exports import PdfUnavailable
from gouvernail.jobs.choices import JobKind
from gouvernail.jobs.errors import JobFailed
from gouvernail.jobs.models import Job
from gouvernail.jobs.services import job_start

__all__ = ("COPIL_PACK", "copil_pack_handler", "copil_pack_job_start", "send_due_reminders")

COPIL_PACK = "reports.copil_pack"


def copil_pack_job_start(*, meeting, pack_format: str, requested_by) -> Job:
    return job_start(
        organisation=meeting.organisation,
        kind=JobKind.DOCUMENT,
        handler=COPIL_PACK,
        label=f"Dossier de COPIL ({pack_format.upper()}) — {meeting}",
        domain="governance",
        params={"meeting_id": meeting.pk, "format": pack_format},
        requested_by=requested_by,
        result_url=meeting.get_absolute_url() + "#dossiers-copil",
    )


def copil_pack_handler(job: Job, context) -> None:
    from gouvernail.governance.models import Meeting
    from gouvernail.reports.packs.services import copil_pack_create

    meeting = Meeting.objects.get(pk=job.params["meeting_id"], organisation=job.organisation)
    context.progress(0, 1)
    try:
        pack = copil_pack_create(meeting=meeting, pack_format=job.params["format"], acting_user=job.requested_by)
    except PdfUnavailable as error:
        raise JobFailed(str(error)) from None
    context.progress(1, 1)
    context.message = f"Dossier de COPIL ({pack.get_format_display()}) généré et archivé : SHA-256 {pack.sha256}."


@task()
def send_due_reminders() -> int:
    """Periodic: the reminders due (each sent once: the log of sent reminders says so)."""
    from gouvernail.reports.reminders import reminders_send_due

    return len(reminders_send_due())
