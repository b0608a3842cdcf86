from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.generic import TemplateView

from gouvernail.core.permissions import can_edit
from gouvernail.core.views.generic import MembershipRequiredMixin, ObjectViewSet
from gouvernail.steering import filtersets, forms, tables
from gouvernail.steering.choices import ActionStatus
from gouvernail.steering.models import ActionItem, RoadmapAxis
from gouvernail.steering.services import action_change_status, action_save


class ActionItemViews(ObjectViewSet):
    model = ActionItem
    table = tables.ActionItemTable
    filterset = filtersets.ActionItemFilterSet
    form = forms.ActionItemForm
    pdf_title = "Plan d'action"
    select_related = ("owner_person", "owner_vendor", "axis")
    detail_fields = (
        "number",
        "title",
        "description",
        "status",
        "stop_reason",
        ("owner", "Porteur"),
        "due_date",
        ("is_overdue", "En retard"),
        "recurrence_months",
        "priority",
        "effort",
        "axis",
        "remarks",
    )
    related_lists = (
        ("Occurrences (action récurrente)", "occurrences", tables.ActionOccurrenceTable),
        ("Journal de bord", "events", tables.ActionEventTable),
    )

    @classmethod
    def save_form(cls, form, request):
        return action_save(
            action=form.save(commit=False),
            previous_status=form.previous_status,
            comment=form.cleaned_data.get("comment", ""),
            acting_user=request.user,
        )


def board_columns(membership) -> list[dict]:
    """The board: one column per status, cards in number order (one query)."""
    actions = ActionItem.objects.visible_to(membership).select_related("owner_person", "owner_vendor", "axis")
    by_status: dict[str, list] = {status: [] for status in ActionStatus.values}
    for action in actions.order_by("number"):
        by_status[action.status].append(action)
    return [{"status": value, "label": label, "actions": by_status[value]} for value, label in ActionStatus.choices]


def progress(membership, today: date) -> dict:
    """% done, counts by status and by axis; each count opens the list it counts."""
    actions = ActionItem.objects.visible_to(membership)
    counts = dict(actions.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    total = sum(counts.values())
    done = counts.get(ActionStatus.DONE, 0)
    axes = (
        RoadmapAxis.objects.visible_to(membership)
        .annotate(
            total=Count("actions"),
            done=Count("actions", filter=Q(actions__status=ActionStatus.DONE)),
        )
        .filter(total__gt=0)
        .order_by("position")
    )
    return {
        "total": total,
        "done": done,
        "percent_done": round(100 * done / total) if total else 0,
        "by_status": [{"status": v, "label": label, "count": counts.get(v, 0)} for v, label in ActionStatus.choices],
        "by_axis": [
            {"axis": axis, "total": axis.total, "done": axis.done, "percent": round(100 * axis.done / axis.total)}
            for axis in axes
        ],
        "without_axis": actions.filter(axis__isnull=True).count(),
        "overdue": actions.overdue(today).count(),
    }


class ActionBoardView(MembershipRequiredMixin, TemplateView):
    """The action plan as a board by status. Moving a card is a form (keyboard and no-JS friendly),
    posted with htmx when available; the board is re-rendered in place."""

    template_name = "steering/action_board.html"
    domain = "governance"

    def get_template_names(self):
        if self.request.htmx:
            return ["steering/includes/action_board_columns.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(board_context(self.request))
        return context


def board_context(request) -> dict:
    membership = request.membership
    return {
        "columns": board_columns(membership),
        "progress": progress(membership, date.today()),
        "can_edit": can_edit(membership, "governance"),
        "status_choices": ActionStatus.choices,
        "stop_reason_choices": forms.ActionMoveForm.base_fields["stop_reason"].choices,
    }


class ActionMoveView(MembershipRequiredMixin, TemplateView):
    domain = "governance"
    needs_edit = True
    http_method_names = ["post"]

    def post(self, request, pk):
        action = get_object_or_404(ActionItem.objects.filter(organisation=request.organisation), pk=pk)
        if not action.is_visible_to(request.membership):
            raise PermissionDenied
        form = forms.ActionMoveForm(request.POST)
        if not form.is_valid():
            messages.error(request, f"Action {action.number} : choisissez un statut valide.")
        else:
            try:
                event = action_change_status(
                    action=action,
                    status=form.cleaned_data["status"],
                    stop_reason=form.cleaned_data["stop_reason"],
                    comment=form.cleaned_data["comment"],
                    acting_user=request.user,
                )
            except ValidationError as error:
                messages.error(request, f"Action {action.number} : {' '.join(error.messages)}")
            else:
                if event is not None:
                    messages.success(
                        request, f"Action {action.number} déplacée vers « {action.get_status_display()} »."
                    )
        if request.htmx:
            return render(request, "steering/includes/action_board_columns.html", board_context(request))
        return redirect("steering:action_board")
