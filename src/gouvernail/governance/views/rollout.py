"""The governance roll-out: its steps and reviews, and the meeting each one plans."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import View

from gouvernail.core.views.generic import MembershipRequiredMixin, ObjectDetailView, ObjectViewSet
from gouvernail.governance import filtersets, forms, tables
from gouvernail.governance.models import GovernanceEvent
from gouvernail.governance.services import governance_event_plan_meeting


class GovernanceEventDetailView(ObjectDetailView):
    template_name = "governance/governanceevent_detail.html"


class GovernanceEventViews(ObjectViewSet):
    model = GovernanceEvent
    table = tables.GovernanceEventTable
    filterset = filtersets.GovernanceEventFilterSet
    form = forms.GovernanceEventForm
    select_related = ("committee", "meeting")
    detail_view = GovernanceEventDetailView
    detail_fields = (
        "title",
        "kind",
        "committee",
        "planned_on",
        "is_approximate",
        "done_on",
        "agenda_template",
        "meeting",
    )


class GovernanceEventPlanView(MembershipRequiredMixin, View):
    """POST only: plans the event's meeting with its agenda template."""

    domain = "governance"
    needs_edit = True

    def post(self, request, pk):
        event = get_object_or_404(GovernanceEvent, organisation=request.organisation, pk=pk)
        try:
            meeting = governance_event_plan_meeting(event=event, acting_user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(event.get_absolute_url())
        messages.success(request, f"Réunion « {meeting} » planifiée avec son ordre du jour.")
        return redirect(meeting.get_absolute_url())
