from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import path
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from gouvernail.access import filtersets, forms, services, tables
from gouvernail.access.models import AccessReview, AccessReviewCampaign, AccountGrant, ChecklistItem, Movement
from gouvernail.core.exports import CONTENT_TYPES, PdfUnavailable, export_filename, exported_line, render_pdf
from gouvernail.core.models import Person
from gouvernail.core.views.generic import MembershipRequiredMixin, ObjectDetailView, ObjectViewMixin, ObjectViewSet


class AccountGrantViews(ObjectViewSet):
    model = AccountGrant
    table = tables.AccountGrantTable
    filterset = filtersets.AccountGrantFilterSet
    form = forms.AccountGrantForm
    select_related = ("application", "person")

    @classmethod
    def urls(cls, prefix: str) -> list:
        return [
            path(f"{prefix}/depuis-entra/", DirectoryFillView.as_view(), name="accounts_from_directory"),
            *super().urls(prefix),
        ]


class DirectoryFillView(MembershipRequiredMixin, TemplateView):
    template_name = "access/directory_fill.html"
    domain = "access"
    needs_edit = True

    def get(self, request, *args, **kwargs):
        form = forms.DirectoryFillForm(organisation=request.organisation)
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        form = forms.DirectoryFillForm(request.POST, organisation=request.organisation)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        application = form.cleaned_data["application"]
        written = services.accounts_from_directory(application=application, acting_user=request.user)
        messages.success(request, f"{written} compte(s) de « {application} » créé(s) ou mis à jour depuis Entra ID.")
        return redirect("access:accountgrant_list")


class CampaignDetailView(ObjectDetailView):
    template_name = "access/campaign_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["progress"] = services.progress_by_application(context["object"])
        return context


class AccessReviewCampaignViews(ObjectViewSet):
    model = AccessReviewCampaign
    table = tables.AccessReviewCampaignTable
    filterset = filtersets.AccessReviewCampaignFilterSet
    form = forms.AccessReviewCampaignForm
    detail_view = CampaignDetailView
    detail_fields = ("name", "year", "starts_on", "due_on", "status")

    @classmethod
    def urls(cls, prefix: str) -> list:
        return [
            *super().urls(prefix),
            path(f"{prefix}/<int:pk>/ouvrir/", CampaignOpenView.as_view(viewset=cls), name="campaign_open"),
            path(f"{prefix}/<int:pk>/rapport.pdf", CampaignReportView.as_view(viewset=cls), name="campaign_report"),
        ]


class CampaignOpenView(ObjectViewMixin, View):
    """POST: every enabled account goes under review; the reviewer of an application is the one
    who reviewed it in the previous campaign, if any (else set on each decision)."""

    needs_edit = True
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        campaign = self.get_object()
        previous = (
            AccessReview.objects.filter(organisation=request.organisation, reviewer__isnull=False)
            .exclude(campaign=campaign)
            .order_by("campaign__year")
            .values_list("account__application_id", "reviewer")
        )
        wanted = [reviewer for _, reviewer in previous]
        people = {p.pk: p for p in Person.objects.filter(organisation=request.organisation, pk__in=wanted)}
        reviewers = {application: people[reviewer] for application, reviewer in previous}
        created = services.campaign_open(campaign=campaign, reviewers=reviewers, acting_user=request.user)
        messages.success(request, f"Revue ouverte : {created} compte(s) à revoir.")
        return HttpResponseRedirect(campaign.get_absolute_url())


class CampaignReportView(ObjectViewMixin, View):
    """The campaign's evidence: progress per application and every decision, as PDF."""

    def get(self, request, *args, **kwargs):
        campaign = self.get_object()
        context = {
            "campaign": campaign,
            "organisation": request.organisation,
            "progress": services.progress_by_application(campaign),
            "reviews": campaign.reviews.select_related("account__application", "reviewer"),
            "exported_line": exported_line(request.organisation),
        }
        try:
            content = render_pdf("access/campaign_report.html", context)
        except PdfUnavailable as error:
            messages.error(request, str(error))
            return redirect(campaign.get_absolute_url())
        response = HttpResponse(content, content_type=CONTENT_TYPES["pdf"])
        response["Content-Disposition"] = f'attachment; filename="{export_filename(str(campaign), "pdf")}"'
        return response


class AccessReviewViews(ObjectViewSet):
    model = AccessReview
    table = tables.AccessReviewTable
    filterset = filtersets.AccessReviewFilterSet
    form = forms.AccessReviewForm
    select_related = ("campaign", "account__application", "reviewer")
    detail_fields = ("campaign", "account", "reviewer", "decision", "decided_on", "last_reminded_on", "comment")

    @classmethod
    def save_form(cls, form, request):
        review = form.save(commit=False)
        return services.review_decide(
            review=review,
            decision=review.decision,
            on=review.decided_on or timezone.localdate(),
            acting_user=request.user,
        )


class MovementViews(ObjectViewSet):
    model = Movement
    table = tables.MovementTable
    filterset = filtersets.MovementFilterSet
    form = forms.MovementForm
    select_related = ("person",)
    detail_fields = ("person", "kind", "effective_on", "notes")
    related_lists = (("Liste de contrôle", "items", tables.ChecklistItemTable),)

    @classmethod
    def save_form(cls, form, request):
        if form.instance.pk:
            return form.save()
        data = form.cleaned_data
        return services.movement_create(
            person=data["person"],
            kind=data["kind"],
            effective_on=data["effective_on"],
            notes=data.get("notes", ""),
            acting_user=request.user,
        )


class ChecklistItemViews(ObjectViewSet):
    model = ChecklistItem
    table = tables.ChecklistItemTable
    filterset = filtersets.ChecklistItemFilterSet
    form = forms.ChecklistItemForm
    select_related = ("movement__person",)
