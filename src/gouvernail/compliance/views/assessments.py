from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils import timezone
from django.views.generic import View

from gouvernail.compliance import exports, filtersets, forms, tables
from gouvernail.compliance.charts import radar_svg
from gouvernail.compliance.models import Assessment, MeasureAssessment
from gouvernail.compliance.scoring import WEIGHTING, overall_score, status_counts, theme_scores
from gouvernail.compliance.services import (
    action_create_from_measure,
    assessment_create,
    bindings_by_ref,
    evidence_refresh,
    item_evidence,
    measure_decide,
)
from gouvernail.core.views.generic import (
    MembershipRequiredMixin,
    ObjectDetailView,
    ObjectEditView,
    ObjectHistoryView,
    ObjectListView,
    ObjectViewSet,
)


def assessment_context(assessment: Assessment) -> dict:
    themes = theme_scores(assessment)
    previous = assessment.previous()
    previous_scores = {t.ref_id: t.score for t in theme_scores(previous)} if previous else {}
    labels = [f"{t.ref_id}. {t.name}" if len(t.name) < 28 else f"{t.ref_id}. {t.name[:26]}…" for t in themes]
    past = [previous_scores.get(t.ref_id) or 0 for t in themes] if previous else None
    return {
        "themes": [(t, previous_scores.get(t.ref_id)) for t in themes],
        "score": overall_score(themes),
        "previous": previous,
        "previous_score": overall_score(theme_scores(previous)) if previous else None,
        "counts": status_counts(assessment),
        "weighting": WEIGHTING,
        "radar": radar_svg(
            labels,
            [t.score or 0 for t in themes],
            past,
            label=f"Score par thème de « {assessment} »"
            + (f" comparé à la campagne du {previous.campaign_date:%d/%m/%Y}" if previous else ""),
        ),
    }


class AssessmentDetailView(ObjectDetailView):
    template_name = "compliance/assessment_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        assessment = context["object"]
        context.update(assessment_context(assessment))
        bindings = bindings_by_ref(assessment.version.framework)
        today = timezone.localdate()
        rows = []
        items = assessment.items.select_related("measure__theme", "owner").prefetch_related("actions")
        for item in items.order_by("measure__position"):
            evidence, status, explanation = item_evidence(
                item, today=today, bindings=bindings.get(item.measure.ref_id, [])
            )
            rows.append({"item": item, "evidence": evidence, "live_status": status, "live_explanation": explanation})
        context["rows"] = rows
        context["stale"] = sum(
            1
            for r in rows
            if (r["live_status"], r["live_explanation"]) != (r["item"].proposed_status, r["item"].proposal_explanation)
        )
        return context


class AssessmentViews(ObjectViewSet):
    model = Assessment
    table = tables.AssessmentTable
    filterset = filtersets.AssessmentFilterSet
    form = forms.AssessmentForm
    select_related = ("version__framework",)
    detail_view = AssessmentDetailView
    detail_fields = ("title", "campaign_date", "version", "notes")

    @classmethod
    def save_form(cls, form, request):
        if form.instance.pk:
            return form.save()
        data = form.cleaned_data
        assessment = assessment_create(
            organisation=request.organisation,
            version=data["version"],
            campaign_date=data["campaign_date"],
            title=data["title"],
            acting_user=request.user,
        )
        if data["notes"]:
            assessment.notes = data["notes"]
            assessment.save()
        evidence_refresh(assessment=assessment, acting_user=request.user)
        return assessment


class AssessmentActionMixin(MembershipRequiredMixin):
    domain = "compliance"

    def get_assessment(self, pk) -> Assessment:
        assessment = get_object_or_404(Assessment.objects.filter(organisation=self.request.organisation), pk=pk)
        if not assessment.is_visible_to(self.request.membership):
            raise PermissionDenied
        return assessment


class AssessmentRefreshView(AssessmentActionMixin, View):
    """Stores the proposals the evidence gives now (the page always shows the live ones)."""

    needs_edit = True
    http_method_names = ["post"]

    def post(self, request, pk):
        assessment = self.get_assessment(pk)
        moved = evidence_refresh(assessment=assessment, acting_user=request.user)
        messages.success(request, f"Preuves actualisées : {moved} proposition(s) mise(s) à jour.")
        return redirect(assessment.get_absolute_url())


class AssessmentExportView(AssessmentActionMixin, View):
    def get(self, request, pk, fmt):
        assessment = self.get_assessment(pk)
        if fmt not in exports.FORMATS:
            raise Http404("Format d'export inconnu.")
        return exports.assessment_response(assessment, fmt, request=request)


class MeasureDetailView(ObjectDetailView):
    template_name = "compliance/measureassessment_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        item = context["object"]
        evidence, status, explanation = item_evidence(item)
        context.update({"evidence": evidence, "live_status": status, "live_explanation": explanation})
        return context


class MeasureAssessmentViews(ObjectViewSet):
    model = MeasureAssessment
    table = tables.MeasureAssessmentTable
    filterset = filtersets.MeasureAssessmentFilterSet
    form = forms.MeasureAssessmentForm
    select_related = ("measure__theme", "assessment__version__framework", "owner")
    detail_view = MeasureDetailView
    detail_fields = (
        "assessment",
        ("measure", "Mesure"),
        "status",
        "not_applicable_reason",
        "proposed_status",
        "proposal_explanation",
        "decided_status_proposal",
        "decided_explanation",
        "override_reason",
        "decided_at",
        "decided_by",
        "owner",
        "target_date",
        "comments",
    )

    @classmethod
    def save_form(cls, form, request):
        data = form.cleaned_data
        item = form.instance
        actions = data.pop("actions", None)
        fields = {k: data[k] for k in ("owner", "target_date", "comments", "proofs", "not_applicable_reason")}
        item = measure_decide(
            item=item, status=data["status"], reason=data.get("override_reason", ""), acting_user=request.user, **fields
        )
        if actions is not None:
            item.actions.set(actions)
        return item

    @classmethod
    def urls(cls, prefix: str) -> list:
        name = cls.model._meta.model_name
        return [
            path(f"{prefix}/", ObjectListView.as_view(viewset=cls), name=f"{name}_list"),
            path(f"{prefix}/<int:pk>/", cls.detail_view.as_view(viewset=cls), name=f"{name}_detail"),
            path(f"{prefix}/<int:pk>/historique/", ObjectHistoryView.as_view(viewset=cls), name=f"{name}_history"),
            path(f"{prefix}/<int:pk>/modifier/", ObjectEditView.as_view(viewset=cls), name=f"{name}_edit"),
        ]


class MeasureCreateActionView(MembershipRequiredMixin, View):
    """« Créer l'action » on a measure: one action of the plan, linked, then its page."""

    domain = "compliance"
    needs_edit = True
    http_method_names = ["post"]

    def post(self, request, pk):
        item = get_object_or_404(MeasureAssessment.objects.filter(organisation=request.organisation), pk=pk)
        action = action_create_from_measure(item=item, acting_user=request.user)
        messages.success(request, f"Action n° {action.number} créée et liée à la mesure {item.measure.ref_id}.")
        return redirect(action.get_absolute_url())
