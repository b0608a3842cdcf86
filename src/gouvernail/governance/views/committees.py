from gouvernail.core.views.generic import ObjectDetailView, ObjectViewSet
from gouvernail.governance import filtersets, forms, tables
from gouvernail.governance.choices import AgendaItemKind
from gouvernail.governance.models import QUORUM_RULE, AgendaItem, Committee, CommitteeMember, Meeting
from gouvernail.governance.services import agenda_item_save, meeting_save


class CommitteeViews(ObjectViewSet):
    model = Committee
    table = tables.CommitteeTable
    filterset = filtersets.CommitteeFilterSet
    form = forms.CommitteeForm
    detail_fields = (
        "name",
        "kind",
        "role",
        "frequency",
        "decides",
        ("next_due_display", "Prochaine réunion due"),
        ("next_review_display", "Prochaine revue de la gouvernance"),
    )

    @classmethod
    def visible_queryset(cls, membership):
        return super().visible_queryset(membership).with_last_held()

    related_lists = (
        ("Membres", "members", tables.CommitteeMemberTable),
        ("Réunions", "meetings", tables.MeetingTable),
        ("Mise en œuvre de la gouvernance", "governance_events", tables.GovernanceEventTable),
    )


class CommitteeMemberViews(ObjectViewSet):
    model = CommitteeMember
    table = tables.CommitteeMemberTable
    filterset = filtersets.CommitteeMemberFilterSet
    form = forms.CommitteeMemberForm
    select_related = ("committee", "person")


class MeetingDetailView(ObjectDetailView):
    template_name = "governance/meeting_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meeting = context["object"]
        context["agenda"] = meeting.agenda.select_related("project", "action", "decision")
        context["decision_kind"] = AgendaItemKind.DECISION
        context["quorum"] = meeting.quorum()
        context["quorum_rule"] = QUORUM_RULE
        return context


class MeetingViews(ObjectViewSet):
    model = Meeting
    table = tables.MeetingTable
    filterset = filtersets.MeetingFilterSet
    form = forms.MeetingForm
    select_related = ("committee",)
    detail_view = MeetingDetailView
    detail_fields = (
        "title",
        "committee",
        "date",
        "is_approximate",
        "start_time",
        "place",
        "status",
        "attendees",
        "excused",
    )
    related_lists = (("Décisions enregistrées", "decisions", tables.DecisionTable),)

    @classmethod
    def save_form(cls, form, request):
        meeting = form.save(commit=False)
        previous = (
            Meeting.objects.filter(pk=meeting.pk).values_list("status", flat=True).first() if meeting.pk else None
        )
        meeting = meeting_save(meeting=meeting, previous_status=previous, acting_user=request.user)
        form.save_m2m()
        return meeting


class AgendaItemViews(ObjectViewSet):
    model = AgendaItem
    table = tables.AgendaItemTable
    filterset = filtersets.AgendaItemFilterSet
    form = forms.AgendaItemForm
    select_related = ("meeting", "decision")

    @classmethod
    def save_form(cls, form, request):
        return agenda_item_save(item=form.save(commit=False), acting_user=request.user)
