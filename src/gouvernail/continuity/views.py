import json
import secrets
from datetime import datetime

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import path
from django.utils import timezone
from django.views.generic import TemplateView

from gouvernail.continuity import filtersets, forms, tables
from gouvernail.continuity.backup_import import BackupImportError, parse_backups
from gouvernail.continuity.models import BackupJob, ContinuityPlan, ContinuityTest, PlanEntry, TestResult, stale_filter
from gouvernail.continuity.services import backups_record, issue_action_create
from gouvernail.core.uploads import UploadRefused, pending_dir, purge_stale, write_capped
from gouvernail.core.views.generic import (
    MembershipRequiredMixin,
    ObjectDetailView,
    ObjectListView,
    ObjectViewMixin,
    ObjectViewSet,
)
from gouvernail.steering.tables import ActionItemTable

PENDING_KEY = "backup_import_pending"


class ContinuityPlanViews(ObjectViewSet):
    model = ContinuityPlan
    table = tables.ContinuityPlanTable
    filterset = filtersets.ContinuityPlanFilterSet
    form = forms.ContinuityPlanForm
    detail_fields = ("title", "kind", "version", "status", "approved_on", "document", "scope", "notes")
    related_lists = (
        ("Applications critiques et reprise", "entries", tables.PlanEntryTable),
        ("Tests", "tests", tables.ContinuityTestTable),
    )


class PlanEntryViews(ObjectViewSet):
    model = PlanEntry
    table = tables.PlanEntryTable
    filterset = filtersets.PlanEntryFilterSet
    form = forms.PlanEntryForm
    select_related = ("plan", "application", "depends_on_site", "depends_on_vendor")
    detail_fields = (
        "plan",
        "application",
        "priority",
        ("target_rto_hours", "RTO cible (heures, cartographie)"),
        ("target_rpo_hours", "RPO cible (heures, cartographie)"),
        "recovery_procedure",
        "depends_on_site",
        "depends_on_vendor",
        "dependencies",
    )


class TestDetailView(ObjectDetailView):
    template_name = "continuity/test_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        test = context["object"]
        context["actions_table"] = ActionItemTable(test.actions.all(), request=self.request, orderable=False)
        context["action_form"] = forms.IssueActionForm()
        return context


class ContinuityTestViews(ObjectViewSet):
    model = ContinuityTest
    table = tables.ContinuityTestTable
    filterset = filtersets.ContinuityTestFilterSet
    form = forms.ContinuityTestForm
    detail_view = TestDetailView
    select_related = ("plan",)
    detail_fields = ("name", "plan", "kind", "status", "planned_on", "done_on", "scope", "issues")
    related_lists = (("Résultats par application (cible et constaté)", "results", tables.TestResultTable),)

    @classmethod
    def urls(cls, prefix: str) -> list:
        return [
            *super().urls(prefix),
            path(f"{prefix}/<int:pk>/action/", IssueActionView.as_view(viewset=cls), name="continuitytest_action"),
        ]


class IssueActionView(ObjectViewMixin, TemplateView):
    """POST only: an issue found by the test becomes an action of the action plan."""

    needs_edit = True
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        test = self.get_object()
        form = forms.IssueActionForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Indiquez l'intitulé de l'action corrective (300 caractères au plus).")
            return HttpResponseRedirect(test.get_absolute_url())
        action = issue_action_create(test=test, title=form.cleaned_data["title"], acting_user=request.user)
        messages.success(request, f"Action n° {action.number} ajoutée au plan d'action.")
        return HttpResponseRedirect(test.get_absolute_url())


class TestResultViews(ObjectViewSet):
    __test__ = False
    model = TestResult
    table = tables.TestResultTable
    filterset = filtersets.TestResultFilterSet
    form = forms.TestResultForm
    select_related = ("test", "application")
    detail_fields = (
        "test",
        "application",
        "rto_achieved_hours",
        ("rto_met", "RTO tenu"),
        "rpo_achieved_hours",
        ("rpo_met", "RPO tenu"),
        "notes",
    )


class BackupListView(ObjectListView):
    template_name = "continuity/backup_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = BackupJob.objects.visible_to(self.request.membership)
        context["stale_count"] = rows.filter(stale_filter(timezone.now())).count()
        return context


class BackupJobViews(ObjectViewSet):
    model = BackupJob
    table = tables.BackupJobTable
    filterset = filtersets.BackupJobFilterSet
    form = forms.BackupJobForm
    select_related = ("application",)
    detail_fields = (
        "name",
        "application",
        "tool",
        "rpo_hours",
        ("effective_rpo_hours", "RPO appliqué (heures)"),
        "last_success_at",
        "due_by",
        ("is_stale", "Plus ancienne que son RPO"),
        "last_restore_test_on",
        "restore_test_ok",
        ("is_verified", "Sauvegarde vérifiée"),
        "source",
        "notes",
    )

    @classmethod
    def urls(cls, prefix: str) -> list:
        routes = [route for route in super().urls(prefix) if route.name != "backupjob_list"]
        return [
            path(f"{prefix}/", BackupListView.as_view(viewset=cls), name="backupjob_list"),
            path(f"{prefix}/importer/", BackupImportView.as_view(), name="backup_import"),
            *routes,
        ]


class BackupImportView(MembershipRequiredMixin, TemplateView):
    """Upload → preview (jobs moved forward, jobs ignored) → confirm; nothing written before."""

    template_name = "continuity/backup_import.html"
    domain = "continuity"
    needs_edit = True

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=forms.BackupImportForm()))

    def post(self, request, *args, **kwargs):
        if "cancel" in request.POST:
            self.discard(request)
            messages.info(request, "Import abandonné : rien n'a été enregistré.")
            return redirect("continuity:backup_import")
        if "token" in request.POST:
            return self.confirm(request)
        form = forms.BackupImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        self.discard(request)
        purge_stale()
        token = secrets.token_urlsafe(16)
        upload = pending_dir() / f"{token}.backups.upload"
        try:
            write_capped(form.cleaned_data["file"].chunks(), upload)
            parsed = parse_backups(upload, organisation=request.organisation)
        except (UploadRefused, BackupImportError) as error:
            errors = getattr(error, "errors", None) or [str(error)]
            return self.render_to_response(self.get_context_data(form=form, errors=errors))
        finally:
            upload.unlink(missing_ok=True)
        latest = {str(job_id): moment.isoformat() for job_id, moment in parsed.latest.items()}
        write_capped([json.dumps(latest).encode()], _pending_path(token))
        request.session[PENDING_KEY] = {"token": token, "organisation": request.organisation.pk}
        jobs = BackupJob.objects.filter(organisation=request.organisation, pk__in=list(parsed.latest))
        lines = [
            {
                "job": job,
                "latest": parsed.latest[job.pk],
                "moves": job.last_success_at is None or job.last_success_at < parsed.latest[job.pk],
            }
            for job in jobs
        ]
        preview = {"token": token, "parsed": parsed, "lines": lines}
        return self.render_to_response(self.get_context_data(form=forms.BackupImportForm(), preview=preview))

    def confirm(self, request):
        pending = request.session.get(PENDING_KEY)
        latest = None
        if pending and pending["token"] == request.POST["token"] and pending["organisation"] == request.organisation.pk:
            try:
                data = json.loads(_pending_path(pending["token"]).read_bytes())
                latest = {int(job_id): datetime.fromisoformat(moment) for job_id, moment in data.items()}
            except (OSError, ValueError, TypeError):
                latest = None
        if latest is None:
            messages.error(request, "Cet aperçu n'est plus valable : déposez à nouveau le fichier.")
            return redirect("continuity:backup_import")
        try:
            changed = backups_record(organisation=request.organisation, latest=latest, acting_user=request.user)
        finally:
            self.discard(request)
        messages.success(request, f"Dernières sauvegardes mises à jour pour {changed} tâche(s).")
        return redirect("continuity:backupjob_list")

    @staticmethod
    def discard(request) -> None:
        pending = request.session.pop(PENDING_KEY, None)
        if pending:
            _pending_path(pending["token"]).unlink(missing_ok=True)


def _pending_path(token: str):
    # The token comes from the session, never from the request: no path can be forged.
    return pending_dir() / f"{token}.backups.json"
