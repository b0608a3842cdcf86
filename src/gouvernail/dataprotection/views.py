import json
import secrets

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import path
from django.views import View
from django.views.generic import TemplateView

from gouvernail.core.exports import CONTENT_TYPES, PdfUnavailable, export_filename, exported_line, render_pdf
from gouvernail.core.uploads import UploadRefused, pending_dir, purge_stale, write_capped
from gouvernail.core.views.generic import (
    MembershipRequiredMixin,
    ObjectDetailView,
    ObjectListView,
    ObjectViewSet,
)
from gouvernail.dataprotection import filtersets, forms, register_io, tables
from gouvernail.dataprotection.choices import WP248_CRITERIA, WP248_THRESHOLD, CnilListItem
from gouvernail.dataprotection.layout import HEADERS
from gouvernail.dataprotection.models import ImpactAssessment, ProcessingActivity, ProcessorEngagement, Register
from gouvernail.dataprotection.services import activities_import

DOMAIN = "dataprotection"
PENDING_KEY = "register_import_pending"


class RegisterViews(ObjectViewSet):
    model = Register
    table = tables.RegisterTable
    filterset = filtersets.RegisterFilterSet
    form = forms.RegisterForm
    select_related = ("dpo_vendor",)
    detail_fields = (
        "controller_name",
        "controller_contact",
        "representative",
        "dpo_name",
        "dpo_contact",
        "dpo_vendor",
        "notes",
    )


class ActivityListView(ObjectListView):
    template_name = "dataprotection/activity_list.html"


class ActivityDetailView(ObjectDetailView):
    template_name = "dataprotection/activity_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        activity = context["object"]
        context["missing_fields"] = activity.missing_fields()
        context["assessment"] = ImpactAssessment.objects.filter(activity=activity).first()
        context["breaches"] = breach_records(activity, self.request.membership)
        return context


# The app that owns the security incident register, personal-data breaches and the CNIL's 72-hour
# clock. Its incidents point at the activities they affect (a relation to ProcessingActivity);
# this page lists them without importing that app, so either can be installed alone.
INCIDENT_APP = "compliance"


def breach_records(activity, membership) -> list[tuple[str, list]]:
    """(title, rows) for each model of the incident register that points at this activity."""
    found = []
    for relation in activity._meta.related_objects:
        model = relation.related_model
        if model._meta.app_label != INCIDENT_APP:
            continue
        rows = model._default_manager.filter(**{relation.field.name: activity})
        if hasattr(rows, "visible_to"):
            rows = rows.visible_to(membership)
        found.append((str(model._meta.verbose_name_plural).capitalize(), list(rows[:50])))
    return found


class ProcessingActivityViews(ObjectViewSet):
    model = ProcessingActivity
    table = tables.ProcessingActivityTable
    filterset = filtersets.ProcessingActivityFilterSet
    form = forms.ProcessingActivityForm
    detail_view = ActivityDetailView
    select_related = ("responsible_service",)
    detail_fields = (
        "reference",
        "name",
        "role",
        "controllers_served",
        "joint_controller",
        "responsible_service",
        "applications",
        "purpose",
        "legal_basis",
        "data_subjects",
        ("data_category_labels", "Catégories de données"),
        "data_details",
        "sensitive_data",
        "sensitive_details",
        "retention",
        "recipients_internal",
        "recipients_external",
        "transfers_outside_eu",
        "transfer_countries",
        "transfer_safeguards",
        ("security_measure_labels", "Mesures de sécurité"),
        "security_details",
        "reviewed_on",
        ("status_label", "Statut"),
        "notes",
    )
    related_lists = (("Sous-traitants", "processors", tables.ProcessorEngagementTable),)

    @classmethod
    def urls(cls, prefix: str) -> list:
        own = [
            path(f"{prefix}/", ActivityListView.as_view(viewset=cls), name="processingactivity_list"),
            path(f"{prefix}/registre.xlsx", RegisterExportView.as_view(export_format="xlsx"), name="register_xlsx"),
            path(f"{prefix}/registre.ods", RegisterExportView.as_view(export_format="ods"), name="register_ods"),
            path(f"{prefix}/registre.pdf", RegisterExportView.as_view(export_format="pdf"), name="register_pdf"),
            path(f"{prefix}/importer/", RegisterImportView.as_view(), name="register_import"),
        ]
        return own + [route for route in super().urls(prefix) if route.name != "processingactivity_list"]


class ProcessorEngagementViews(ObjectViewSet):
    model = ProcessorEngagement
    table = tables.ProcessorEngagementTable
    filterset = filtersets.ProcessorEngagementFilterSet
    form = forms.ProcessorEngagementForm
    select_related = ("activity", "vendor", "contract")


class AssessmentDetailView(ObjectDetailView):
    template_name = "dataprotection/assessment_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        assessment = context["object"]
        context["criteria"] = [(label, getattr(assessment, name)) for name, label in WP248_CRITERIA]
        context["cnil_list"] = CnilListItem.choices
        context["threshold"] = WP248_THRESHOLD
        return context


class ImpactAssessmentViews(ObjectViewSet):
    model = ImpactAssessment
    table = tables.ImpactAssessmentTable
    filterset = filtersets.ImpactAssessmentFilterSet
    form = forms.ImpactAssessmentForm
    detail_view = AssessmentDetailView
    select_related = ("activity",)
    detail_fields = ("activity", "is_required", ("reason", "Motif"), "status", "completed_on", "conclusion")


def visible_activities(request):
    return ProcessingActivity.objects.visible_to(request.membership).order_by("reference")


class RegisterExportView(MembershipRequiredMixin, View):
    """The whole register in the CNIL column layout (XLSX, ODS) or as printable fiches (PDF)."""

    domain = DOMAIN
    export_format = "xlsx"

    def get(self, request, *args, **kwargs):
        activities = visible_activities(request)
        label = "registre des traitements"
        if self.export_format == "pdf":
            head = Register.objects.visible_to(request.membership).select_related("dpo_vendor").first()
            rows = activities.select_related("responsible_service").prefetch_related(
                "applications", "processors__vendor"
            )
            context = {
                "organisation": request.organisation,
                "register": head,
                "fiches": [list(zip(HEADERS, register_io.activity_values(a), strict=True)) for a in rows],
                "exported_line": exported_line(request.organisation),
            }
            try:
                content = render_pdf("dataprotection/register_pdf.html", context)
            except PdfUnavailable as error:
                messages.error(request, str(error))
                return redirect("dataprotection:processingactivity_list")
        else:
            content = register_io.export_register(
                activities, export_format=self.export_format, organisation=request.organisation
            )
        response = HttpResponse(content, content_type=CONTENT_TYPES[self.export_format])
        response["Content-Disposition"] = f'attachment; filename="{export_filename(label, self.export_format)}"'
        return response


class RegisterImportView(MembershipRequiredMixin, TemplateView):
    """Upload → preview (each row: created, changed — which columns — or unchanged) → confirm.
    The values read wait on disk under a random token between the two steps (the session holds
    only the token); nothing is written before the confirmation, and then all or nothing."""

    template_name = "dataprotection/register_import.html"
    domain = DOMAIN
    needs_edit = True

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=forms.RegisterImportForm()))

    def post(self, request, *args, **kwargs):
        if "cancel" in request.POST:
            self.discard(request)
            messages.info(request, "Import abandonné : rien n'a été enregistré.")
            return redirect("dataprotection:register_import")
        if "token" in request.POST:
            return self.confirm(request)
        form = forms.RegisterImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        self.discard(request)
        purge_stale()
        token = secrets.token_urlsafe(16)
        upload = pending_dir() / f"{token}.register.upload"
        try:
            write_capped(form.cleaned_data["file"].chunks(), upload)
            parsed = register_io.parse_register(upload, organisation=request.organisation)
        except (UploadRefused, register_io.RegisterImportError) as error:
            errors = getattr(error, "errors", None) or [str(error)]
            return self.render_to_response(self.get_context_data(form=form, errors=errors))
        finally:
            upload.unlink(missing_ok=True)
        rows = [_dump(row.values) for row in parsed.rows]
        write_capped([json.dumps(rows).encode()], _pending_path(token))
        request.session[PENDING_KEY] = {"token": token, "organisation": request.organisation.pk}
        preview = {
            "token": token,
            "lines": register_io.preview(request.organisation, parsed),
            "ignored_columns": parsed.ignored_columns,
            "missing_columns": parsed.missing_columns,
        }
        return self.render_to_response(self.get_context_data(form=forms.RegisterImportForm(), preview=preview))

    def confirm(self, request):
        pending = request.session.get(PENDING_KEY)
        rows = None
        if pending and pending["token"] == request.POST["token"] and pending["organisation"] == request.organisation.pk:
            try:
                rows = [_load(row) for row in json.loads(_pending_path(pending["token"]).read_bytes())]
            except (OSError, ValueError, TypeError):
                rows = None
        if rows is None:
            messages.error(request, "Cet aperçu n'est plus valable : déposez à nouveau le fichier.")
            return redirect("dataprotection:register_import")
        try:
            result = activities_import(organisation=request.organisation, rows=rows, acting_user=request.user)
        except ValueError as error:
            messages.error(request, f"Rien n'a été enregistré : {error}")
            return redirect("dataprotection:register_import")
        finally:
            self.discard(request)
        messages.success(
            request,
            f"Registre importé : {result.created} activité(s) créée(s), {result.updated} modifiée(s), "
            f"{result.unchanged} inchangée(s).",
        )
        return redirect("dataprotection:processingactivity_list")

    @staticmethod
    def discard(request) -> None:
        pending = request.session.pop(PENDING_KEY, None)
        if pending:
            _pending_path(pending["token"]).unlink(missing_ok=True)


def _pending_path(token: str):
    # The token comes from the session, never from the request: no path can be forged.
    return pending_dir() / f"{token}.register.json"


def _dump(values: dict) -> dict:
    return {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in values.items()}


def _load(values: dict) -> dict:
    from datetime import date

    loaded = dict(values)
    if loaded.get("reviewed_on"):
        loaded["reviewed_on"] = date.fromisoformat(loaded["reviewed_on"])
    return loaded
