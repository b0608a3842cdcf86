from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.generic import View

from gouvernail.compliance import filtersets, forms, nis2, tables
from gouvernail.compliance.choices import ClockState
from gouvernail.compliance.models import IncidentClock, Nis2Profile, SecurityIncident
from gouvernail.compliance.services import clock_mark_done, incident_save
from gouvernail.core.views.generic import MembershipRequiredMixin, ObjectDetailView, ObjectViewSet


class IncidentDetailView(ObjectDetailView):
    template_name = "compliance/securityincident_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        incident = context["object"]
        now = timezone.now()
        states = dict(ClockState.choices)
        context["clocks"] = [
            (clock, clock.current_state(now), states[clock.current_state(now)])
            for clock in incident.clocks.order_by("deadline")
        ]
        context["done_form"] = forms.ClockDoneForm(
            initial={"done_at": timezone.localtime(now).strftime("%Y-%m-%dT%H:%M")}
        )
        return context


class SecurityIncidentViews(ObjectViewSet):
    model = SecurityIncident
    table = tables.SecurityIncidentTable
    filterset = filtersets.SecurityIncidentFilterSet
    form = forms.SecurityIncidentForm
    pdf_title = "Registre des incidents de sécurité"
    detail_view = IncidentDetailView
    detail_fields = (
        "number",
        "title",
        "detected_at",
        "aware_at",
        "description",
        "severity",
        "nis2_significant",
        "personal_data",
        "personal_data_no_risk_reason",
        "measures_taken",
        "status",
        "closed_at",
        "agenda_item",
    )

    @classmethod
    def save_form(cls, form, request):
        incident = form.save(commit=False)
        incident_save(incident=incident, acting_user=request.user)
        form.save_m2m()
        return incident


class ClockDoneView(MembershipRequiredMixin, View):
    """Records that a declaration was made (date, time, reference)."""

    domain = "compliance"
    needs_edit = True
    http_method_names = ["post"]

    def post(self, request, pk):
        clock = get_object_or_404(IncidentClock.objects.filter(organisation=request.organisation), pk=pk)
        if not clock.is_visible_to(request.membership):
            raise PermissionDenied
        form = forms.ClockDoneForm(request.POST)
        if form.is_valid():
            clock_mark_done(
                clock=clock,
                done_at=form.cleaned_data["done_at"],
                reference=form.cleaned_data["reference"],
                acting_user=request.user,
            )
            messages.success(request, f"« {clock.get_kind_display()} » : déclaration enregistrée.")
        else:
            messages.error(request, "Indiquez la date et l'heure de la déclaration (jj/mm/aaaa hh:mm).")
        return redirect(clock.incident.get_absolute_url())


class Nis2DetailView(ObjectDetailView):
    template_name = "compliance/nis2profile_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "rules_source": nis2.RULES_SOURCE,
                "rules_url": nis2.SOURCE_URL,
                "current_version": nis2.RULES_VERSION,
            }
        )
        return context


class Nis2ProfileViews(ObjectViewSet):
    model = Nis2Profile
    table = tables.Nis2ProfileTable
    filterset = filtersets.Nis2ProfileFilterSet
    form = forms.Nis2ProfileForm
    detail_view = Nis2DetailView
    detail_fields = (
        "entity_type",
        "population",
        "has_commune_over_30000",
        "sector",
        "designated",
        "category",
        "rule",
        "rules_version",
        "legal_name",
        "address",
        "contact_emails",
        "contact_phones",
        "public_ip_ranges",
        "member_states",
        "registered_on",
    )
