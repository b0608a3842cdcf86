"""Connector pages: the configuration of a source (with « tester la connexion » and
« synchroniser maintenant »), the run log, and a run's live progress (polled with htmx)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.generic import TemplateView

from gouvernail.connectors import filtersets, runner, services, tables
from gouvernail.connectors.choices import ConnectorKind, RunStatus, RunTrigger
from gouvernail.connectors.forms import ConnectorConfigForm
from gouvernail.connectors.models import ConnectorConfig, SyncRun
from gouvernail.connectors.sources import SOURCES, source_for
from gouvernail.connectors.tasks import sync_job_pending, sync_job_start
from gouvernail.core.permissions import can_edit
from gouvernail.core.views.generic import MembershipRequiredMixin, ObjectDetailView, ObjectViewSet

RECENT_RUNS = 10


def run_context(run: SyncRun) -> dict:
    current, total = runner.run_progress(run)
    percent = min(100, round(100 * current / total)) if total else None
    return {"run": run, "progress_current": current, "progress_total": total, "progress_percent": percent}


class ConnectorIndexView(MembershipRequiredMixin, TemplateView):
    """Every source an organisation can connect, with its state: configured or not, last run."""

    template_name = "connectors/index.html"
    domain = "connectors"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organisation = self.request.organisation
        runs = SyncRun.objects.filter(config=OuterRef("pk")).order_by("-started_at", "-pk")
        configs = {
            config.kind: config
            for config in ConnectorConfig.objects.filter(organisation=organisation).annotate(
                last_run_id=Subquery(runs.values("pk")[:1]),
                last_success_finished_at=Subquery(runs.filter(status=RunStatus.SUCCEEDED).values("finished_at")[:1]),
            )
        }
        last_runs = SyncRun.objects.in_bulk([config.last_run_id for config in configs.values() if config.last_run_id])
        context["rows"] = [
            {
                "source": source,
                "config": configs.get(kind),
                "last_run": last_runs.get(configs[kind].last_run_id) if kind in configs else None,
            }
            for kind, source in SOURCES.items()
        ]
        context["can_configure"] = can_edit(self.request.membership, "connector_settings")
        # The auditor reads this page but may not import: no link to a page that answers 403.
        context["can_import_antivirus"] = can_edit(self.request.membership, "collecte")
        return context


class ConnectorConfigView(MembershipRequiredMixin, TemplateView):
    """The settings of one source, for those who run the syncs (the auditor reads the run log)."""

    template_name = "connectors/config.html"
    domain = "connector_settings"
    needs_edit = True

    def get_kind(self) -> str:
        kind = self.kwargs["kind"]
        if kind not in ConnectorKind.values:
            raise Http404("Source inconnue.")
        return kind

    def get_config(self) -> ConnectorConfig:
        config = ConnectorConfig.objects.filter(organisation=self.request.organisation, kind=self.get_kind()).first()
        return config or ConnectorConfig(organisation=self.request.organisation, kind=self.get_kind())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        config = kwargs.get("config") or self.get_config()
        form = kwargs.get("form") or ConnectorConfigForm(instance=config, organisation=self.request.organisation)
        runs = list(config.runs.select_related("triggered_by")[:RECENT_RUNS]) if config.pk else []
        running = next((run for run in runs if run.is_running), None)
        context.update(
            {
                "config": config,
                "form": form,
                "can_edit": True,  # the page is for editors only (needs_edit)
                "runs_table": tables.SyncRunTable(
                    runs, orderable=False, exclude=("config",), empty_text="Aucune synchronisation pour l'instant."
                ),
                "running": run_context(running) if running else None,
                "last_run": runs[0] if runs else None,
                "diagnosis": kwargs.get("diagnosis"),
                "tested_secrets": kwargs.get("tested_secrets", ()),
                "kind_label": ConnectorKind(self.get_kind()).label,
                "source": source_for(self.get_kind()),
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        config = self.get_config()
        form = ConnectorConfigForm(request.POST, instance=config, organisation=request.organisation)
        action = request.POST.get("action", "save")
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form, config=config))
        if action == "test":
            # Tests what is typed, saved or not: the typed secrets, else the stored ones.
            typed = form.typed_secrets()
            diagnosis = runner.config_test(config=form.instance, secrets=typed)
            # A typed secret is never shown back: say so, or « Enregistrer » would surprise.
            tested = [secret.label for secret in form.source.secrets if secret.name in typed]
            return self.render_to_response(
                self.get_context_data(form=form, config=config, diagnosis=diagnosis, tested_secrets=tested)
            )
        try:
            notes = services.config_save(
                config=form.save(commit=False), secrets=form.typed_secrets(), acting_user=request.user
            )
        except ValidationError as refused:
            # The form refuses the same case first; this is the service keeping its word.
            form.add_error(None, refused)
            return self.render_to_response(self.get_context_data(form=form, config=self.get_config()))
        messages.success(request, "Configuration du connecteur enregistrée.")
        for note in notes:
            messages.warning(request, note)
        return redirect(config.get_absolute_url())


class SyncNowView(MembershipRequiredMixin, TemplateView):
    """« Synchroniser maintenant »: queues a sync job for the worker and opens the job's page."""

    domain = "connectors"
    needs_edit = True
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        config = get_object_or_404(ConnectorConfig, organisation=request.organisation, kind=kwargs["kind"])
        running = config.runs.filter(
            status=RunStatus.RUNNING, started_at__gte=timezone.now() - runner.STALE_AFTER
        ).exists()
        if running or sync_job_pending(config):
            messages.error(request, "Une synchronisation de ce connecteur est déjà en cours.")
            return redirect(config.get_absolute_url())
        job = sync_job_start(
            config=config, trigger=RunTrigger.USER, requested_by=request.user, full=bool(request.POST.get("full"))
        )
        return redirect(job.get_absolute_url())


class SyncRunDetailView(ObjectDetailView):
    template_name = "connectors/syncrun_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(run_context(context["object"]))
        return context


class SyncRunViews(ObjectViewSet):
    model = SyncRun
    table = tables.SyncRunTable
    filterset = filtersets.SyncRunFilterSet
    read_only = True
    select_related = ("config", "triggered_by")
    detail_view = SyncRunDetailView
    detail_fields = (
        "config",
        "started_at",
        "finished_at",
        "status",
        "full",
        "trigger",
        "triggered_by",
        "created_count",
        "updated_count",
        "unchanged_count",
        "deleted_count",
        "high_water_mark",
        "error_message",
    )


class SyncRunProgressView(MembershipRequiredMixin, TemplateView):
    """The progress fragment that the run page polls while the run is « en cours »."""

    template_name = "connectors/includes/run_progress.html"
    domain = "connectors"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        run = get_object_or_404(SyncRun, organisation=self.request.organisation, pk=kwargs["pk"])
        context.update(run_context(run))
        context["succeeded"] = RunStatus.SUCCEEDED
        return context
