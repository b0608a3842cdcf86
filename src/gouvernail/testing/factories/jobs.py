"""Builders for the rows of the `jobs` app."""

from django.core.files.base import ContentFile

from gouvernail.core.models import Organisation
from gouvernail.jobs.models import Job


def make_job(organisation: Organisation, *, result: bytes | None = None, **fields) -> Job:
    """A finished sync job (readers of the connectors follow it), with a result file if given."""
    job = Job(
        organisation=organisation,
        **{
            "kind": "synchronisation",
            "handler": "connectors.sync",
            "label": "Synchronisation GestSup",
            "domain": "connectors",
            "status": "termine",
            "message": "Terminé.",
            **fields,
        },
    )
    if result is not None:
        job.result_name = "export.csv"
        job.result_file.save("export.csv", ContentFile(result), save=False)
    job.save()
    return job
