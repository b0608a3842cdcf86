"""The commit of a previewed EPN import, as a job of the worker (see gouvernail.jobs)."""

from django.urls import reverse

from gouvernail.jobs.choices import JobKind
from gouvernail.jobs.errors import JobFailed
from gouvernail.jobs.models import Job
from gouvernail.jobs.services import job_start

__all__ = ("EPN_IMPORT", "epn_import_handler", "epn_import_job_start")

EPN_IMPORT = "epn.import"


def epn_import_job_start(*, organisation, token: str, requested_by) -> Job:
    return job_start(
        organisation=organisation,
        kind=JobKind.IMPORT,
        handler=EPN_IMPORT,
        label="Import de séances de l'EPN",
        domain="activity",
        params={"token": token},
        requested_by=requested_by,
        result_url=reverse("epn:epnsession_list"),
    )


def epn_import_handler(job: Job, context) -> None:
    import json

    from gouvernail.epn.importer import pending_path, row_load
    from gouvernail.epn.services import sessions_import

    # The token was made by the preview and kept in the session, never typed: no path is forged.
    path = pending_path(job.params["token"])
    try:
        rows = [row_load(row) for row in json.loads(path.read_bytes())]
    except (OSError, ValueError, TypeError):
        raise JobFailed("Cet aperçu n'est plus valable : déposez à nouveau le fichier.") from None
    try:
        context.progress(0, len(rows))
        result = sessions_import(organisation=job.organisation, rows=rows)
    finally:
        path.unlink(missing_ok=True)  # imported or failed: the rows have served
    context.message = (
        f"{result.created} séances importées du {result.first_date:%d/%m/%Y} au {result.last_date:%d/%m/%Y}"
        + (f" ({result.replaced} séances précédentes remplacées)." if result.replaced else ".")
    )
