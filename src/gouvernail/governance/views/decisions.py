from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.views.generic import TemplateView

from gouvernail.core.exports import table_export_response
from gouvernail.core.models import Organisation
from gouvernail.core.views.generic import (
    EXPORT_FORMATS,
    MembershipRequiredMixin,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectHistoryView,
    ObjectListView,
    ObjectViewMixin,
    ObjectViewSet,
)
from gouvernail.governance import filtersets, forms, tables
from gouvernail.governance.models import IMMUTABLE_MESSAGE, AgendaItem, Decision, DecisionOption, RegisterCheckpoint
from gouvernail.governance.register import inclusion_proof, trusted_public_key, verify_live_against, verify_register
from gouvernail.governance.services import decision_record


class DecisionDetailView(ObjectDetailView):
    template_name = "governance/decision_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        decision = context["object"]
        context["amendments"] = decision.amendments.all()
        context["follow_ups"] = decision.follow_up_actions.all()
        if decision.is_recorded:
            checkpoint = (
                RegisterCheckpoint.objects.filter(organisation=decision.organisation, tree_size__gte=decision.sequence)
                .order_by("-tree_size", "-issued_at")
                .first()
            )
            if checkpoint is not None:
                context["checkpoint"] = checkpoint
                context["inclusion"] = inclusion_proof(decision, checkpoint)
        return context


class RecordedRefusingEditView(ObjectEditView):
    """The edit page of a decision, or of one of its options: refused, with the reason, once the
    decision is recorded."""

    # From the edited row to its decision's register number.
    sequence_lookup = "sequence"

    def dispatch(self, request, *args, **kwargs):
        if "pk" in kwargs and request.user.is_authenticated and request.membership is not None:
            row = self.model.objects.filter(
                organisation=request.organisation, pk=kwargs["pk"], **{f"{self.sequence_lookup}__isnull": False}
            ).first()
            if row is not None:
                messages.error(request, IMMUTABLE_MESSAGE)
                return redirect(row.get_absolute_url())
        return super().dispatch(request, *args, **kwargs)


class DecisionViews(ObjectViewSet):
    model = Decision
    table = tables.DecisionTable
    filterset = filtersets.DecisionFilterSet
    form = forms.DecisionForm
    select_related = ("committee", "chosen_option", "meeting", "amends", "expected_decision")
    detail_view = DecisionDetailView
    detail_fields = (
        "sequence",
        "question",
        "context",
        "recommendation",
        "committee",
        "needed_by",
        "expected_decision",
        "status",
        "chosen_option",
        "rationale",
        "vote_for",
        "vote_against",
        "vote_abstain",
        "consensus",
        "decided_on",
        "meeting",
        "deciders",
        "amends",
        "recorded_at",
        "recorded_by",
        "previous_hash",
        "content_hash",
    )
    related_lists = (
        ("Options", "options", tables.DecisionOptionTable),
        ("Résolutions", "resolutions", tables.DecisionResolutionTable),
        ("Actes (délibérations, arrêtés)", "acts", tables.DecisionActTable),
    )

    @classmethod
    def urls(cls, prefix: str) -> list:
        name = cls.model._meta.model_name
        return [
            path(f"{prefix}/", ObjectListView.as_view(viewset=cls), name=f"{name}_list"),
            path(f"{prefix}/ajouter/", RecordedRefusingEditView.as_view(viewset=cls), name=f"{name}_add"),
            path(f"{prefix}/<int:pk>/", DecisionDetailView.as_view(viewset=cls), name=f"{name}_detail"),
            path(f"{prefix}/<int:pk>/historique/", ObjectHistoryView.as_view(viewset=cls), name=f"{name}_history"),
            path(f"{prefix}/<int:pk>/modifier/", RecordedRefusingEditView.as_view(viewset=cls), name=f"{name}_edit"),
            path(f"{prefix}/<int:pk>/supprimer/", ObjectDeleteView.as_view(viewset=cls), name=f"{name}_delete"),
            path(f"{prefix}/<int:pk>/enregistrer/", DecisionRecordView.as_view(viewset=cls), name=f"{name}_record"),
        ]


class DecisionOptionViews(ObjectViewSet):
    model = DecisionOption
    table = tables.DecisionOptionTable
    filterset = filtersets.DecisionOptionFilterSet
    form = forms.DecisionOptionForm
    select_related = ("decision",)

    @classmethod
    def urls(cls, prefix: str) -> list:
        # The option of a recorded decision is refused at its edit page, like the decision.
        edit = RecordedRefusingEditView.as_view(viewset=cls, sequence_lookup="decision__sequence")
        return [
            path(f"{prefix}/<int:pk>/modifier/", edit, name=pattern.name)
            if pattern.name == "decisionoption_edit"
            else pattern
            for pattern in super().urls(prefix)
        ]


class DecisionRecordView(ObjectViewMixin, TemplateView):
    """Records the outcome of a decision (from its page or from a « décision à prendre » agenda item)."""

    template_name = "governance/decision_record.html"
    needs_edit = True

    def get_form(self, decision):
        data = self.request.POST if self.request.method == "POST" else None
        initial = {}
        item_id = self.request.GET.get("agenda_item")
        if item_id and item_id.isdigit():
            item = AgendaItem.objects.filter(organisation=self.request.organisation, pk=item_id).first()
            if item is not None:
                initial = {"meeting": item.meeting_id, "decided_on": item.meeting.date}
        return forms.DecisionRecordForm(data, decision=decision, initial=initial)

    def get(self, request, *args, **kwargs):
        decision = self.get_object()
        if decision.is_recorded:
            messages.error(request, IMMUTABLE_MESSAGE)
            return redirect(decision.get_absolute_url())
        return self.render_to_response(self.get_context_data(object=decision, form=self.get_form(decision)))

    def post(self, request, *args, **kwargs):
        decision = self.get_object()
        form = self.get_form(decision)
        if form.is_valid():
            data = form.cleaned_data
            try:
                decision_record(
                    decision=decision,
                    outcome=data["outcome"],
                    chosen_option=data["chosen_option"],
                    rationale=data["rationale"],
                    vote_for=data["vote_for"],
                    vote_against=data["vote_against"],
                    vote_abstain=data["vote_abstain"],
                    consensus=data["consensus"],
                    decided_on=data["decided_on"],
                    meeting=data["meeting"],
                    deciders=data["deciders"],
                    follow_up_actions=form.follow_up_titles(),
                    adopted_resolutions=data.get("adopted_resolutions")
                    if "adopted_resolutions" in form.fields
                    else None,
                    acting_user=request.user,
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, errors in error.message_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, error.messages)
            else:
                messages.success(request, f"Décision enregistrée au registre sous le n° {decision.sequence}.")
                return HttpResponseRedirect(decision.get_absolute_url())
        decision.refresh_from_db()
        return self.render_to_response(self.get_context_data(object=decision, form=form))


class RegisterVerificationView(MembershipRequiredMixin, TemplateView):
    """« Registre des décisions — vérification »: the hash chain recomputed, for the auditor."""

    template_name = "governance/register_verification.html"
    domain = "journal"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organisation = get_object_or_404(Organisation, pk=self.request.organisation.pk)
        context["breaks"] = verify_register(organisation)
        context["count"] = Decision.objects.filter(organisation=organisation).recorded().count()
        stored = list(RegisterCheckpoint.objects.filter(organisation=organisation).order_by("-issued_at", "-pk"))
        public_key = trusted_public_key(organisation)
        context["latest_checkpoint"] = stored[0] if stored else None
        context["checkpoint_count"] = len(stored)
        context["has_key"] = public_key is not None
        context["checkpoint_problems"] = (
            verify_live_against(organisation, [c.as_file() for c in stored], public_key=public_key)
            if public_key is not None
            else []
        )
        return context


class DecisionRegisterViews(ObjectViewSet):
    """« Registre des décisions »: the recorded decisions, in sequence order, read by everyone."""

    model = Decision
    table = tables.DecisionRegisterTable
    filterset = filtersets.DecisionRegisterFilterSet
    select_related = ("committee", "amends")

    @classmethod
    def visible_queryset(cls, membership):
        return (
            super().visible_queryset(membership).recorded().prefetch_related("amendments", "acts").order_by("sequence")
        )


class DecisionRegisterView(ObjectListView):
    template_name = "governance/decision_register.html"

    def export(self, export_format: str):
        if export_format not in EXPORT_FORMATS:
            raise Http404("Format d'export inconnu.")
        return table_export_response(
            self.table, export_format, label="registre des décisions", organisation=self.request.organisation
        )
