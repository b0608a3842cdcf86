"""Occurrences of recurring actions: the list (what is due, what is late) and « marquer faite »."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.generic import View

from gouvernail.core.permissions import can_edit
from gouvernail.core.views.generic import MembershipRequiredMixin, ObjectDetailView, ObjectViewSet
from gouvernail.steering import filtersets, tables
from gouvernail.steering.models import ActionOccurrence
from gouvernail.steering.services import occurrence_complete


class OccurrenceDoneForm(forms.Form):
    done_on = forms.DateField(label="Faite le")
    note = forms.CharField(label="Remarque", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class OccurrenceDetailView(ObjectDetailView):
    template_name = "steering/actionoccurrence_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["done_form"] = OccurrenceDoneForm(initial={"done_on": timezone.localdate()})
        context["can_complete"] = can_edit(self.request.membership, "governance")
        return context


class ActionOccurrenceViews(ObjectViewSet):
    model = ActionOccurrence
    table = tables.ActionOccurrenceTable
    filterset = filtersets.ActionOccurrenceFilterSet
    select_related = ("action",)
    read_only = True
    detail_view = OccurrenceDetailView
    detail_fields = ("action", "due_on", ("status_display", "État"), "done_on", "note")


class OccurrenceDoneView(MembershipRequiredMixin, View):
    """POST only: the occurrence is done; the next one is scheduled."""

    domain = "governance"
    needs_edit = True

    def post(self, request, pk):
        occurrence = get_object_or_404(ActionOccurrence, organisation=request.organisation, pk=pk)
        form = OccurrenceDoneForm(request.POST or {"done_on": timezone.localdate()})
        if not form.is_valid():
            messages.error(request, "Date de réalisation invalide (jj/mm/aaaa).")
            return redirect(occurrence.get_absolute_url())
        try:
            following = occurrence_complete(
                occurrence=occurrence,
                done_on=form.cleaned_data["done_on"],
                note=form.cleaned_data["note"],
                acting_user=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(occurrence.get_absolute_url())
        messages.success(request, f"Occurrence faite ; prochaine échéance le {following.due_on:%d/%m/%Y}.")
        return redirect(occurrence.action.get_absolute_url())
