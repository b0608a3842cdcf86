"""The metrics' long work as a job (see gouvernail.jobs): the history of a newly connected source,
every past period computed at once (`measurements_history`), never inside a web request."""

from datetime import date

from gouvernail.jobs.choices import JobKind
from gouvernail.jobs.models import Job
from gouvernail.jobs.services import job_start

__all__ = ("HISTORY", "history_handler", "history_job_start")

HISTORY = "metrics.history"


def history_job_start(*, organisation, since: date, codes=(), requested_by=None, domain: str = "connectors") -> Job:
    """Queues the computation of the indicators' past periods from `since` (a month's first
    day): those of `codes` (a source's), every periodic one when empty."""
    return job_start(
        organisation=organisation,
        # Part of what a sync brings: listed with the syncs (no job kind of its own, no migration).
        kind=JobKind.SYNC,
        handler=HISTORY,
        label=f"Historique des indicateurs depuis {since:%m/%Y}",
        domain=domain,
        params={"since": since.isoformat(), "codes": list(codes)},
        requested_by=requested_by,
    )


def history_handler(job: Job, context) -> None:
    from gouvernail.metrics.services import measurements_history

    since = date.fromisoformat(job.params["since"])
    codes = job.params.get("codes") or None
    stored = measurements_history(organisation=job.organisation, since=since, codes=codes, progress=context.progress)
    context.message = f"{stored} valeurs calculées depuis {since:%m/%Y}."
