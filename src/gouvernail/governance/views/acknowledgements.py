"""Acknowledgement campaigns: the rates per service for everyone; recording and the list of
people by name for the governance editors only (follow-up), never for other readers."""

from itertools import groupby

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import path
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from gouvernail.core.models import Person, Service
from gouvernail.core.views.generic import ObjectDetailView, ObjectViewMixin, ObjectViewSet
from gouvernail.governance import filtersets, forms, tables
from gouvernail.governance.indicators import NO_SERVICE_LABEL, acknowledgement_rates
from gouvernail.governance.models import Acknowledgement, AcknowledgementCampaign
from gouvernail.governance.services import acknowledgement_record, acknowledgement_self


class CampaignDetailView(ObjectDetailView):
    template_name = "governance/acknowledgementcampaign_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        campaign = context["object"]
        context["rates"] = acknowledgement_rates(campaign)
        context["is_open"] = campaign.is_open_on(timezone.localdate())
        person_id = self.request.membership.person_id
        context["has_person"] = person_id is not None
        context["is_targeted"] = person_id is not None and campaign.targeted_people().filter(pk=person_id).exists()
        context["mine"] = (
            Acknowledgement.objects.filter(campaign=campaign, person_id=person_id).first() if person_id else None
        )
        return context


class SelfAcknowledgeView(ObjectViewMixin, View):
    """« J'ai pris connaissance du document »: a logged-in user, for themself only."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        campaign = self.get_object()
        membership = request.membership
        if membership.person_id and not campaign.targeted_people().filter(pk=membership.person_id).exists():
            messages.error(request, "Cette campagne ne vous concerne pas.")
            return redirect(campaign.get_absolute_url())
        try:
            acknowledgement_self(campaign=campaign, membership=membership)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, "Votre prise de connaissance est enregistrée. Merci.")
        return redirect(campaign.get_absolute_url())


def people_of(campaign: AcknowledgementCampaign, request):
    """The targeted people, searched by name and filtered by service (GET `q`, `service`)."""
    people = (
        campaign.targeted_people()
        .select_related("service")
        .order_by("service__name", "kind", "last_name", "first_name")
    )
    query = request.GET.get("q", "").strip()
    for term in query.split():
        people = people.filter(Q(last_name__icontains=term) | Q(first_name__icontains=term))
    service = request.GET.get("service", "")
    if service.isdigit():
        people = people.filter(service_id=service)
    elif service == "aucun":
        people = people.filter(service__isnull=True)
    return people, query, service


def group_label(person: Person) -> str:
    return person.service.name if person.service_id else NO_SERVICE_LABEL[person.kind]


class EditorOnlyCampaignView(ObjectViewMixin, TemplateView):
    """A page that names people: for the governance editors, whatever the read rights."""

    needs_edit = True

    def get_campaign_context(self, campaign) -> dict:
        people, query, service = people_of(campaign, self.request)
        done = dict(Acknowledgement.objects.filter(campaign=campaign).values_list("person_id", "acknowledged_on"))
        rows = [(person, done.get(person.pk)) for person in people]
        return {
            "object": campaign,
            "query": query,
            "service": service,
            "services": Service.objects.filter(organisation=campaign.organisation_id).order_by("name"),
            "rows": rows,
            "groups": [(label, list(items)) for label, items in groupby(rows, key=lambda row: group_label(row[0]))],
        }


class AcknowledgementRecordView(EditorOnlyCampaignView):
    """Tick the people (by service, with a search) who acknowledged, e.g. on a signed paper list."""

    template_name = "governance/acknowledgement_record.html"

    def get(self, request, *args, **kwargs):
        campaign = self.get_object()
        form = forms.AcknowledgementRecordForm(initial={"acknowledged_on": timezone.localdate()})
        return self.render_to_response(self.get_context_data(form=form, **self.get_campaign_context(campaign)))

    def post(self, request, *args, **kwargs):
        campaign = self.get_object()
        form = forms.AcknowledgementRecordForm(request.POST)
        ids = [value for value in request.POST.getlist("people") if value.isdigit()]
        people = list(Person.objects.filter(organisation=request.organisation, pk__in=ids))
        if form.is_valid() and not people:
            form.add_error(None, "Cochez au moins une personne.")
        if form.is_valid():
            try:
                created = acknowledgement_record(
                    campaign=campaign,
                    people=people,
                    acknowledged_on=form.cleaned_data["acknowledged_on"],
                    acting_user=request.user,
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, errors in error.message_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, error.messages)
            else:
                count = len(created)
                messages.success(
                    request,
                    f"{count} prise{'s' if count > 1 else ''} de connaissance enregistrée{'s' if count > 1 else ''}.",
                )
                return HttpResponseRedirect(request.get_full_path())
        context = self.get_context_data(form=form, **self.get_campaign_context(campaign))
        return self.render_to_response(context)


class AcknowledgementPeopleView(EditorOnlyCampaignView):
    """Who acknowledged and who is still to be reminded: the editors' follow-up list."""

    template_name = "governance/acknowledgement_people.html"

    def get(self, request, *args, **kwargs):
        campaign = self.get_object()
        context = self.get_campaign_context(campaign)
        state = request.GET.get("etat", "")
        if state == "fait":
            context["rows"] = [row for row in context["rows"] if row[1]]
        elif state == "a_relancer":
            context["rows"] = [row for row in context["rows"] if not row[1]]
        context["state"] = state
        return self.render_to_response(self.get_context_data(**context))


class AcknowledgementCampaignViews(ObjectViewSet):
    model = AcknowledgementCampaign
    table = tables.AcknowledgementCampaignTable
    filterset = filtersets.AcknowledgementCampaignFilterSet
    form = forms.AcknowledgementCampaignForm
    select_related = ("version", "version__document")
    detail_view = CampaignDetailView
    detail_fields = (
        "title",
        "version",
        "starts_on",
        "ends_on",
        ("targets_label", "Personnes visées"),
    )

    @classmethod
    def urls(cls, prefix: str) -> list:
        name = cls.model._meta.model_name
        return [
            *super().urls(prefix),
            path(
                f"{prefix}/<int:pk>/prises-de-connaissance/",
                AcknowledgementRecordView.as_view(viewset=cls),
                name=f"{name}_record",
            ),
            path(
                f"{prefix}/<int:pk>/liste-nominative/",
                AcknowledgementPeopleView.as_view(viewset=cls),
                name=f"{name}_people",
            ),
            path(
                f"{prefix}/<int:pk>/j-ai-pris-connaissance/",
                SelfAcknowledgeView.as_view(viewset=cls),
                name=f"{name}_acknowledge",
            ),
        ]
