"""Framework documents and their versions: the pages, and the three steps a version goes
through after its draft (submit, approve by a decision, publish), each through its service."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import path
from django.views.generic import TemplateView

from gouvernail.core.views.generic import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectHistoryView,
    ObjectListView,
    ObjectViewMixin,
    ObjectViewSet,
)
from gouvernail.governance import filtersets, forms, tables
from gouvernail.governance.choices import VersionStatus
from gouvernail.governance.models import (
    APPROVED_VERSION_MESSAGE,
    NOT_A_DRAFT_MESSAGE,
    FrameworkDocument,
    FrameworkDocumentVersion,
)
from gouvernail.governance.services import (
    document_version_approve,
    document_version_publish,
    document_version_save,
    document_version_submit,
)


class DocumentDetailView(ObjectDetailView):
    template_name = "governance/frameworkdocument_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        document = context["object"]
        context["current"] = document.current_version()
        context["versions"] = document.versions.select_related("decision", "decision__committee").order_by("-number")
        return context


class FrameworkDocumentViews(ObjectViewSet):
    model = FrameworkDocument
    table = tables.FrameworkDocumentTable
    filterset = filtersets.FrameworkDocumentFilterSet
    form = forms.FrameworkDocumentForm
    select_related = ("owner",)
    detail_view = DocumentDetailView
    detail_fields = ("title", "kind", "owner", "description")

    @classmethod
    def visible_queryset(cls, membership):
        return super().visible_queryset(membership).with_current_number()


class VersionDetailView(ObjectDetailView):
    template_name = "governance/frameworkdocumentversion_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["statuses"] = VersionStatus
        context["campaigns"] = context["object"].campaigns.all()
        return context


class DraftOnlyEditView(ObjectEditView):
    """The edit page of a version: refused, with the reason, once the version is no longer a draft."""

    def dispatch(self, request, *args, **kwargs):
        if "pk" in kwargs and request.user.is_authenticated and request.membership is not None:
            version = FrameworkDocumentVersion.objects.filter(
                organisation=request.organisation, pk=kwargs["pk"]
            ).first()
            if version is not None and not version.is_draft:
                messages.error(request, APPROVED_VERSION_MESSAGE if version.is_approved else NOT_A_DRAFT_MESSAGE)
                return redirect(version.get_absolute_url())
        return super().dispatch(request, *args, **kwargs)


class ApprovedRefusingDeleteView(ObjectDeleteView):
    def post(self, request, *args, **kwargs):
        version = self.get_object()
        if version.is_approved:
            messages.error(request, APPROVED_VERSION_MESSAGE)
            return redirect(version.get_absolute_url())
        return super().post(request, *args, **kwargs)


class VersionStepView(ObjectViewMixin, TemplateView):
    """Confirms then performs one step of a version (`step` is submit, approve or publish)."""

    template_name = "governance/version_step.html"
    needs_edit = True
    step: str = ""
    STEPS = {
        "submit": ("Soumettre à approbation", VersionStatus.DRAFTED, "Version soumise à approbation."),
        "approve": ("Approuver par une décision", VersionStatus.SUBMITTED, "Version approuvée."),
        "publish": ("Publier", VersionStatus.APPROVED, "Version publiée."),
    }

    def get_form(self):
        if self.step != "approve":
            return None
        data = self.request.POST if self.request.method == "POST" else None
        return forms.VersionApproveForm(data, organisation=self.request.organisation)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        label, expected, _ = self.STEPS[self.step]
        version = kwargs["object"]
        context.update({"step_label": label, "allowed": version.status == expected})
        return context

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(object=self.get_object(), form=self.get_form()))

    def post(self, request, *args, **kwargs):
        version = self.get_object()
        form = self.get_form()
        if form is not None and not form.is_valid():
            return self.render_to_response(self.get_context_data(object=version, form=form))
        try:
            if self.step == "submit":
                version = document_version_submit(version=version, acting_user=request.user)
            elif self.step == "approve":
                version = document_version_approve(
                    version=version, decision=form.cleaned_data["decision"], acting_user=request.user
                )
            else:
                version = document_version_publish(version=version, acting_user=request.user)
        except ValidationError as error:
            if form is not None and hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
                return self.render_to_response(self.get_context_data(object=version, form=form))
            for message in error.messages:
                messages.error(request, message)
            return redirect(version.get_absolute_url())
        messages.success(request, self.STEPS[self.step][2])
        return redirect(version.get_absolute_url())


class FrameworkDocumentVersionViews(ObjectViewSet):
    model = FrameworkDocumentVersion
    table = tables.FrameworkDocumentVersionTable
    filterset = filtersets.FrameworkDocumentVersionFilterSet
    form = forms.FrameworkDocumentVersionForm
    select_related = ("document", "decision", "drafted_by", "submitted_by", "approved_by", "published_by")
    detail_view = VersionDetailView
    detail_fields = (
        "document",
        "number",
        "status",
        "summary",
        "text",
        "file_reference",
        "change_note",
        "drafted_by",
        "created",
        "submitted_at",
        "submitted_by",
        "decision",
        "approved_at",
        "approved_by",
        "published_at",
        "published_by",
    )

    @classmethod
    def save_form(cls, form, request):
        return document_version_save(version=form.save(commit=False), acting_user=request.user)

    @classmethod
    def urls(cls, prefix: str) -> list:
        name = cls.model._meta.model_name
        steps = [
            path(
                f"{prefix}/<int:pk>/{slug}/",
                VersionStepView.as_view(viewset=cls, step=step),
                name=f"{name}_{step}",
            )
            for slug, step in (("soumettre", "submit"), ("approuver", "approve"), ("publier", "publish"))
        ]
        return [
            path(f"{prefix}/", ObjectListView.as_view(viewset=cls), name=f"{name}_list"),
            path(f"{prefix}/ajouter/", DraftOnlyEditView.as_view(viewset=cls), name=f"{name}_add"),
            path(f"{prefix}/<int:pk>/", VersionDetailView.as_view(viewset=cls), name=f"{name}_detail"),
            path(f"{prefix}/<int:pk>/historique/", ObjectHistoryView.as_view(viewset=cls), name=f"{name}_history"),
            path(f"{prefix}/<int:pk>/modifier/", DraftOnlyEditView.as_view(viewset=cls), name=f"{name}_edit"),
            path(
                f"{prefix}/<int:pk>/supprimer/", ApprovedRefusingDeleteView.as_view(viewset=cls), name=f"{name}_delete"
            ),
            *steps,
        ]
