"""Starting, recording and scheduling synchronisation runs.

Every source runs the same way (`connectors.sources`: GestSup as the HTTP ones): a run is
recorded (status « en cours ») before anything is read, then executed: the source's writes
happen in one database transaction, so a failure or a cut connection
leaves the previous data untouched and the run « échouée » with a French message. Runs
started from a page or by the schedule are jobs run by `gouvernail worker` (connectors.tasks).

While a run writes inside its transaction, its own row cannot show progress to other
connections (uncommitted on PostgreSQL, locked on SQLite): progress goes through the cache
(`run_progress`), which the run page polls, and lands in the row when the run ends.
"""

import logging
from datetime import timedelta

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from gouvernail.connectors import network
from gouvernail.connectors.choices import RunStatus
from gouvernail.connectors.crypto import CredentialError, decrypt
from gouvernail.connectors.errors import Diagnosis, SourceError
from gouvernail.connectors.models import ConnectorConfig, ConnectorSecret, ImportRecord, SyncRun
from gouvernail.connectors.sources import source_for
from gouvernail.connectors.sync_base import SyncContext
from gouvernail.connectors.watermark import needs_full, since_for
from gouvernail.core.models import JournalEntry
from gouvernail.epn.models import EpnSession
from gouvernail.jobs.choices import JobKind
from gouvernail.jobs.errors import JobCancelled
from gouvernail.jobs.models import Job

__all__ = (
    "RunRefused",
    "after_sync",
    "config_password_set",
    "config_test",
    "is_due",
    "run_execute",
    "run_progress",
    "run_start",
)

logger = logging.getLogger(__name__)

# A run still « en cours » after this long died with its process (restart, crash).
STALE_AFTER = timedelta(hours=6)
INTERNAL_ERROR = (
    "Erreur interne pendant la synchronisation : rien n'a été modifié. Le détail est dans le journal du serveur."
)


CANCELLED = "Annulée à la demande : rien n'a été modifié."


class RunRefused(Exception):
    """A run cannot start (another one is running, no password…). The message is French."""


#
# Credentials
#


@transaction.atomic
def config_password_set(*, config: ConnectorConfig, password: str, name: str = "password", acting_user=None) -> None:
    """Stores a secret bound to the configuration's saved destination (see services)."""
    from gouvernail.connectors.services import config_secret_set

    config_secret_set(config=config, name=name, value=password, acting_user=acting_user)


def _secrets(config: ConnectorConfig, typed: dict[str, str] | None = None) -> dict[str, str]:
    """Every secret the source needs, decrypted: what was just typed, else what is stored, if
    it was stored for the destination `config` points at now (saved or being tested). A stored
    secret of another destination is never sent: a required one is refused in French, an
    optional one left out."""
    from gouvernail.connectors.services import stale_secret_message

    typed = {name: value for name, value in (typed or {}).items() if value}
    stored = (
        {
            name: (value, binding)
            for name, value, binding in ConnectorSecret.objects.filter(config=config).values_list(
                "name", "value_encrypted", "binding"
            )
        }
        if config.pk
        else {}
    )
    current = config.destination_fingerprint()
    values = {}
    for secret in source_for(config.kind).secrets:
        value, binding = stored.get(secret.name, ("", ""))
        if secret.name in typed:
            values[secret.name] = typed[secret.name]
        elif value and (binding or config.saved_fingerprint()) == current:
            values[secret.name] = decrypt(value)
        elif value and secret.required:
            raise RunRefused(stale_secret_message(secret))
        elif secret.required:
            raise RunRefused(f"Aucun {secret.label} n'est enregistré pour ce connecteur.")
    return values


def _password(config: ConnectorConfig) -> str:
    return _secrets(config)["password"]


def _client_settings(config: ConnectorConfig, password: str) -> dict:
    return {
        "host": config.host,
        "port": config.port,
        "database": config.database,
        "user": config.user,
        "password": password,
        "table_prefix": config.table_prefix,
    }


def config_test(
    *,
    config: ConnectorConfig,
    password: str | None = None,
    secrets: dict[str, str] | None = None,
    client_options: dict | None = None,
):
    """« Tester la connexion »: a French diagnosis, for what is typed (saved or not), within a
    few seconds (the page waits for it): short timeouts, no waiting on a throttled source.
    `client_options` go to an HTTP source's client (`timeout`, `sleep`: tests wait for nothing)."""
    try:
        values = _secrets(config, {"password": password or "", **(secrets or {})})
    except (RunRefused, CredentialError) as problem:
        return Diagnosis(False, str(problem))
    source = source_for(config.kind)
    options = {"timeout": network.PROBE_TIMEOUT, "max_throttle_attempts": 1, **(client_options or {})}
    try:
        with source.open(config, values, **options) as client:
            return Diagnosis(True, source.probe(client))
    except (SourceError, *source.errors) as problem:
        advice = getattr(problem, "diagnosis", "")
        return Diagnosis(False, f"{problem} {advice}".strip())
    except Exception:
        logger.exception("Test de connexion %s en échec", config.get_kind_display())
        return Diagnosis(False, "Erreur interne pendant le test : le détail est dans le journal du serveur.")


#
# Runs
#


def run_progress(run: SyncRun) -> tuple[int, int]:
    """(current, total) of a run: live from the cache while it runs, from its row after."""
    if run.status == RunStatus.RUNNING:
        live = cache.get(_progress_key(run.pk))
        if live is not None:
            return live
    return run.progress_current, run.progress_total


def _progress_key(run_id: int) -> str:
    return f"gouvernail:connectors:run:{run_id}:progress"


def _mark_stale_runs(config: ConnectorConfig, now) -> None:
    config.runs.filter(status=RunStatus.RUNNING, started_at__lt=now - STALE_AFTER).update(
        status=RunStatus.FAILED,
        finished_at=now,
        error_message="Exécution interrompue (arrêt du serveur ou du worker) : rien n'a été modifié.",
    )


def run_start(*, config: ConnectorConfig, trigger: str, acting_user=None, full: bool = False, now=None) -> SyncRun:
    """Records a new run, refusing while another run of the same connector is in progress."""
    now = now or timezone.now()
    with transaction.atomic():
        # Lock the configuration row so that two starters cannot both see « nothing running ».
        config = ConnectorConfig.objects.select_for_update().get(pk=config.pk)
        _mark_stale_runs(config, now)
        if config.runs.filter(status=RunStatus.RUNNING).exists():
            raise RunRefused("Une synchronisation de ce connecteur est déjà en cours.")
        return SyncRun.objects.create(
            organisation_id=config.organisation_id,
            config=config,
            started_at=now,
            full=full or needs_full(config, incremental=source_for(config.kind).incremental, now=now),
            trigger=trigger,
            triggered_by=acting_user,
        )


def run_execute(
    run: SyncRun, *, progress=None, batch_size: int | None = None, client_options: dict | None = None
) -> SyncRun:
    """Executes a recorded run to its end, successful or failed; never raises for a source problem.
    `client_options` go to an HTTP source's client (`timeout`, `sleep`: tests wait for nothing)."""
    config = run.config
    source = source_for(config.kind)

    def report(current: int, total: int) -> None:
        cache.set(_progress_key(run.pk), (current, total), timeout=int(STALE_AFTER.total_seconds()))
        if progress is not None:
            progress(current, total)

    context = SyncContext(run=run, progress=report, full=run.full, since=since_for(run), batch_size=batch_size)
    try:
        with source.open(config, _secrets(config), **(client_options or {})) as client, transaction.atomic():
            counts = source.sync(config, client, context)
    except (SourceError, CredentialError, RunRefused, *source.errors) as problem:
        # The source's messages are French and name no credential (the driver's never are shown).
        return _finish(run, status=RunStatus.FAILED, error_message=str(problem))
    except JobCancelled:
        # « Annuler » on the job's page: the transaction is rolled back; the job ends cancelled.
        _finish(run, status=RunStatus.FAILED, error_message=CANCELLED)
        raise
    except Exception:
        logger.exception("Synchronisation %s (run %s) en échec", config.get_kind_display(), run.pk)
        return _finish(run, status=RunStatus.FAILED, error_message=INTERNAL_ERROR)
    current, _total = cache.get(_progress_key(run.pk)) or (0, 0)
    read = counts.rows_read or current
    finished = _finish(
        run,
        status=RunStatus.SUCCEEDED,
        created_count=counts.created,
        updated_count=counts.updated,
        unchanged_count=counts.unchanged,
        deleted_count=counts.deleted,
        details={**counts.sections(source.section or source.label), "avertissements": counts.warnings[:200]},
        progress_current=read,
        progress_total=read,
        high_water_mark=counts.high_water_mark,
    )
    after_sync(config.organisation, run=finished)
    return finished


def _finish(run: SyncRun, **fields) -> SyncRun:
    fields["finished_at"] = timezone.now()
    if fields["status"] == RunStatus.FAILED:
        current, total = cache.get(_progress_key(run.pk)) or (0, 0)
        fields.setdefault("progress_current", current)
        fields.setdefault("progress_total", total)
    SyncRun.objects.filter(pk=run.pk).update(**fields)
    cache.delete(_progress_key(run.pk))
    run.refresh_from_db()
    return run


def after_sync(organisation, run: SyncRun | None = None) -> None:
    """Run after each successful sync: the organisation's indicators are recomputed, so the
    dashboards and their stored trends follow the new data at once; the contracts' delay
    service levels of the last complete month are measured from the requests just read. A run
    that changed nothing skips both when nothing else was written since they were computed
    today (`data_version`): a frequent incremental sync of a quiet source costs a few queries.
    After a source's first successful sync, the past periods its data cover (24 months,
    8 quarters at most) are queued as a job: the trends show at once instead of « — »."""
    from gouvernail.metrics.services import measurements_compute
    from gouvernail.metrics.sla import last_complete_month, sla_compute

    key = f"gouvernail:metrics:computed:{organisation.pk}"
    wrote = run is None or run.created_count or run.updated_count or run.deleted_count
    if not wrote and cache.get(key) == data_version(organisation):
        return
    measurements_compute(organisation=organisation)
    sla_compute(organisation=organisation, month=last_complete_month(timezone.localdate()))
    _history_queue(organisation, run)
    cache.set(key, data_version(organisation), timeout=int(timedelta(days=1).total_seconds()))


def _history_queue(organisation, run: SyncRun | None) -> None:
    from gouvernail.metrics.services import history_start

    source = source_for(run.config.kind) if run is not None else None
    if source is None or source.covers is None:
        return
    if run.config.runs.filter(status=RunStatus.SUCCEEDED).exclude(pk=run.pk).exists():
        return  # not the first: the history is there, and each sync keeps the current period
    since = history_start(earliest=source.covers(organisation))
    if since is not None:
        from gouvernail.metrics.tasks import history_job_start

        history_job_start(
            organisation=organisation, since=since, codes=source.history_codes, requested_by=run.triggered_by
        )


def data_version(organisation) -> tuple:
    """What the stored measurements depend on besides a sync's own rows, in a few indexed
    reads: the day (periods move), the latest journaled edit (every référentiel, plan and
    governance row), import, import job (the web's imports), EPN session (imported, never
    journaled) and sync run that wrote, and the latest computation (a history job's, or a
    purged table, recomputes)."""
    from gouvernail.metrics.models import Measurement

    def latest(queryset, field: str = "pk"):
        return queryset.filter(organisation=organisation).order_by(f"-{field}").values_list(field, flat=True).first()

    runs = SyncRun.objects.filter(status=RunStatus.SUCCEEDED).exclude(created_count=0, updated_count=0, deleted_count=0)
    return (
        timezone.localdate(),
        latest(JournalEntry.objects),
        latest(ImportRecord.objects),
        latest(Job.objects.filter(kind=JobKind.IMPORT)),
        latest(EpnSession.objects),
        latest(runs),
        latest(Measurement.objects, "computed_at"),
    )


#
# Schedule
#


def is_due(config: ConnectorConfig, now) -> bool:
    last = config.runs.order_by("-started_at", "-pk").first()
    if last is None:
        return True
    if last.status == RunStatus.RUNNING and last.started_at >= now - STALE_AFTER:
        return False
    return last.started_at + timedelta(minutes=config.interval_minutes) <= now
