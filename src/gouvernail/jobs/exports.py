"""Exports of long lists as jobs: the worker rebuilds the list exactly as the page showed it
(same filters, sorting and row visibility for the same membership) and writes the file, which
the job's page then offers to the person who asked for it (and to no one else: the file holds
what their role sees)."""

import tempfile

from django.core.files import File
from django.http import HttpRequest, QueryDict
from django.urls import resolve

from gouvernail.core.exports import EXPORT_LABELS, write_table_export
from gouvernail.core.models import Membership
from gouvernail.jobs.choices import FINISHED, JobKind
from gouvernail.jobs.errors import JobFailed
from gouvernail.jobs.models import Job
from gouvernail.jobs.services import job_start

__all__ = ("EXPORT", "export_handler", "export_job_start")

EXPORT = "jobs.export"


def export_job_start(*, request, label: str, export_format: str) -> Job:
    """Queues the export of the list page of `request`; the same export still waiting or
    running for the same person is reused rather than queued twice."""
    query = request.GET.copy()
    query.pop("_export", None)
    params = {
        "path": request.path,
        "query": query.urlencode(),
        "format": export_format,
        "membership_id": request.membership.pk,
        "label": label,
    }
    pending = (
        Job.objects.filter(organisation=request.organisation, handler=EXPORT, requested_by=request.user)
        .exclude(status__in=FINISHED)
        .order_by("-pk")
    )
    for job in pending:
        if job.params == params:
            return job
    viewset = resolve(request.path).func.view_initkwargs["viewset"]
    return job_start(
        organisation=request.organisation,
        kind=JobKind.EXPORT,
        handler=EXPORT,
        label=f"Export « {label} » ({EXPORT_LABELS[export_format]})",
        domain=viewset.get_domain(),
        params=params,
        requested_by=request.user,
        private=True,
    )


def _list_request(job: Job, membership: Membership) -> HttpRequest:
    """The list page's GET as its requester made it, for the filterset and the table."""
    request = HttpRequest()
    request.method = "GET"
    request.path = request.path_info = job.params["path"]
    request.GET = QueryDict(job.params["query"])
    request.user = membership.user
    request.membership = membership
    request.organisation = membership.organisation
    return request


def export_handler(job: Job, context) -> None:
    from gouvernail.core.views.generic import list_table

    membership = (
        Membership.objects.select_related("user", "organisation")
        .filter(pk=job.params["membership_id"], organisation=job.organisation, user=job.requested_by)
        .first()
    )
    if membership is None:
        raise JobFailed("L'habilitation qui a demandé cet export n'existe plus : rien n'a été exporté.")
    viewset = resolve(job.params["path"]).func.view_initkwargs["viewset"]
    _, table = list_table(viewset, _list_request(job, membership))
    total = len(table.data)
    context.progress(0, total)
    with tempfile.TemporaryFile() as spool:
        name = write_table_export(
            table,
            job.params["format"],
            spool,
            label=job.params["label"],
            organisation=job.organisation,
            progress=lambda done: context.progress(done, total),
        )
        spool.seek(0)
        context.set_file(name, File(spool, name=name))
        context.message = f"{total} lignes exportées."
