"""The connectors' long work as jobs (see gouvernail.jobs): a sync, the commit of a spreadsheet
import, an antivirus export; and the periodic task that starts the scheduled syncs."""

from datetime import datetime

from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from gouvernail.connectors.choices import RunStatus, RunTrigger
from gouvernail.connectors.models import ConnectorConfig, SyncRun
from gouvernail.jobs.choices import FINISHED, JobKind
from gouvernail.jobs.errors import JobFailed
from gouvernail.jobs.models import Job
from gouvernail.jobs.services import job_start

__all__ = (
    "antivirus_handler",
    "antivirus_job_start",
    "due_syncs_start",
    "import_handler",
    "import_job_start",
    "runs_of",
    "start_due_syncs",
    "sync_handler",
    "sync_job_start",
)

SYNC = "connectors.sync"


#
# Syncs
#


def sync_job_start(*, config: ConnectorConfig, trigger: str, requested_by=None, full: bool = False, now=None) -> Job:
    """Queues a sync of `config`; the run itself is recorded when the worker starts it."""
    params = {"config_id": config.pk, "trigger": trigger, "full": full}
    if now is not None:
        params["now"] = now.isoformat()
    return job_start(
        organisation=config.organisation,
        kind=JobKind.SYNC,
        handler=SYNC,
        label=f"Synchronisation {config.get_kind_display()}",
        domain="connectors",
        params=params,
        requested_by=requested_by,
    )


def sync_job_pending(config: ConnectorConfig) -> bool:
    """Whether a sync job of `config` waits or runs (the scheduler then starts no other)."""
    return (
        Job.objects.filter(organisation_id=config.organisation_id, handler=SYNC, params__config_id=config.pk)
        .exclude(status__in=FINISHED)
        .exists()
    )


def sync_handler(job: Job, context) -> None:
    from gouvernail.connectors.runner import RunRefused, run_execute, run_start

    config = ConnectorConfig.objects.select_related("organisation").get(
        pk=job.params["config_id"], organisation=job.organisation
    )
    now = datetime.fromisoformat(job.params["now"]) if job.params.get("now") else timezone.now()
    try:
        run = run_start(
            config=config, trigger=job.params["trigger"], acting_user=job.requested_by, full=job.params["full"], now=now
        )
    except RunRefused as refused:
        raise JobFailed(str(refused)) from None
    Job.objects.filter(pk=job.pk).update(params={**job.params, "run_id": run.pk})
    context.set_link(run.get_absolute_url())
    run = run_execute(run, progress=context.progress)
    if run.status != RunStatus.SUCCEEDED:
        raise JobFailed(run.error_message)
    context.message = (
        f"{run.created_count} créé(s), {run.updated_count} modifié(s), {run.unchanged_count} inchangé(s), "
        f"{run.deleted_count} supprimé(s)."
    )


def due_syncs_start(*, now=None) -> list[Job]:
    """Queues a sync of every enabled connector whose interval has elapsed since its last run,
    unless one is already queued or running."""
    from gouvernail.connectors.runner import is_due

    now = now or timezone.now()
    jobs = []
    for config in ConnectorConfig.objects.filter(enabled=True).select_related("organisation"):
        if is_due(config, now) and not sync_job_pending(config):
            jobs.append(sync_job_start(config=config, trigger=RunTrigger.SCHEDULE, now=now))
    return jobs


@task()
def start_due_syncs() -> int:
    """Periodic: the scheduled syncs, each its own job."""
    return len(due_syncs_start())


def run_due_syncs(*, now=None) -> list[SyncRun]:
    """Starts a sync job of every due connector and returns the runs recorded so far: all of
    them when tasks run at once (tests), none when the worker runs them."""
    return runs_of(due_syncs_start(now=now))


def runs_of(jobs: list[Job]) -> list[SyncRun]:
    """The runs the sync jobs recorded (those the worker has started)."""
    ids = [job.params.get("run_id") for job in Job.objects.filter(pk__in=[job.pk for job in jobs])]
    return list(SyncRun.objects.filter(pk__in=[pk for pk in ids if pk]).order_by("started_at", "pk"))


#
# Imports, after their preview
#

IMPORT = "connectors.import"
ANTIVIRUS_IMPORT = "connectors.antivirus_import"


def import_job_start(*, organisation, upload, on_error: str, requested_by, create_missing: bool = False) -> Job:
    """The commit of a previewed spreadsheet import; the uploaded file waits for the worker."""
    return job_start(
        organisation=organisation,
        kind=JobKind.IMPORT,
        handler=IMPORT,
        label=f"Import de « {upload.file_name} »",
        domain="collecte",
        params={"token": upload.token, "on_error": on_error, "create_missing": create_missing},
        requested_by=requested_by,
    )


def import_handler(job: Job, context) -> None:
    from django.http import Http404

    from gouvernail.connectors.forms import saved_mappings
    from gouvernail.connectors.services import import_file
    from gouvernail.connectors.spreadsheet.reader import ImportFileError
    from gouvernail.connectors.uploads import Upload

    try:
        upload = Upload.load(job.params["token"], organisation_id=job.organisation_id, user_id=job.requested_by_id)
    except Http404:
        raise JobFailed("Le fichier déposé n'existe plus (import abandonné) : déposez-le à nouveau.") from None
    try:
        result, record = import_file(
            organisation=job.organisation,
            kind=upload.kind,
            path=upload.path,
            file_name=upload.file_name,
            on_error=job.params["on_error"],
            dry_run=False,
            mapping=saved_mappings(job.organisation, upload.kind).filter(pk=upload.mapping_id).first(),
            fields=upload.column_fields(),
            acting_user=job.requested_by,
            progress=context.progress,
            values=upload.values,
            create_missing=job.params.get("create_missing", False),
        )
    except ImportFileError as error:
        raise JobFailed(f"Fichier « {upload.file_name} » inutilisable : {error}") from None
    finally:
        upload.delete()  # written, refused, failed or cancelled: the file has served
    context.set_link(record.get_absolute_url())
    if result.refused:
        raise JobFailed(
            f"Import refusé : {result.rejected_count} ligne(s) en erreur, rien n'a été écrit. "
            "Corrigez le fichier, ou choisissez d'importer les lignes valides."
        )
    created = "".join(f", {len(names)} {where.lower()} créé(e)s" for where, names in record.created_missing.items())
    context.message = (
        f"Import enregistré : {result.created} créée(s), {result.updated} mise(s) à jour, "
        f"{result.unchanged} inchangée(s), {result.rejected_count} rejetée(s){created}."
    )


def antivirus_job_start(*, organisation, path, file_name: str, product: str, requested_by) -> Job:
    return job_start(
        organisation=organisation,
        kind=JobKind.IMPORT,
        handler=ANTIVIRUS_IMPORT,
        label=f"Import de l'état antivirus « {file_name} »",
        domain="collecte",
        params={"file": path.name, "product": product},
        requested_by=requested_by,
    )


def antivirus_handler(job: Job, context) -> None:
    from gouvernail.connectors.antivirus.exports import ExportError
    from gouvernail.connectors.antivirus.sync import import_export
    from gouvernail.connectors.runner import after_sync
    from gouvernail.core.formatting import unit_agreed
    from gouvernail.core.uploads import pending_dir

    # The name was made by the view (a random token): no path comes from a user.
    path = pending_dir() / job.params["file"]
    try:
        content = path.read_bytes()
    except OSError:
        raise JobFailed("Le fichier déposé n'existe plus : déposez-le à nouveau.") from None
    try:
        context.check_cancelled()
        counts = import_export(job.organisation, content, product=job.params["product"])
    except ExportError as error:
        raise JobFailed(f"Fichier refusé, rien n'a été modifié : {error}") from None
    finally:
        path.unlink(missing_ok=True)
    after_sync(job.organisation)
    # « mis » stays as it is: only the counted nouns and adjectives agree.
    context.message = " ".join(
        [
            f"État antivirus importé : {counts.updated} {unit_agreed('postes', counts.updated)} mis à jour, "
            f"{counts.unchanged} {unit_agreed('inchangés', counts.unchanged)}, "
            f"{counts.unmatched} {unit_agreed('machines non rapprochées', counts.unmatched)} de l'inventaire.",
            *counts.warnings,
        ]
    )
    context.set_link(reverse("connectors:antivirus_import"))
