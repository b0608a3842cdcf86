"""« Conformité »: the latest assessment of each framework (score, themes, top gaps with their
actions), the incidents whose declarations are pending, and the NIS2 category."""

from django.utils import timezone
from django.views.generic import TemplateView

from gouvernail.compliance.models import Assessment, Framework, IncidentClock, Nis2Profile, SecurityIncident
from gouvernail.compliance.scoring import WEIGHTING, overall_score, theme_scores, top_gaps
from gouvernail.core.permissions import can_edit
from gouvernail.core.views.generic import MembershipRequiredMixin


def latest_assessments(organisation) -> list[Assessment]:
    latest = []
    for framework in Framework.objects.filter(organisation=organisation):
        assessment = (
            Assessment.objects.filter(organisation=organisation, version__framework=framework)
            .select_related("version__framework")
            .order_by("-campaign_date")
            .first()
        )
        if assessment is not None:
            latest.append(assessment)
    return latest


def summary(assessment: Assessment) -> dict:
    themes = theme_scores(assessment)
    previous = assessment.previous()
    return {
        "assessment": assessment,
        "score": overall_score(themes),
        "previous": previous,
        "previous_score": overall_score(theme_scores(previous)) if previous else None,
        "themes": themes,
        "gaps": top_gaps(assessment),
    }


class ComplianceDashboardView(MembershipRequiredMixin, TemplateView):
    template_name = "compliance/dashboard.html"
    domain = "compliance"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organisation = self.request.organisation
        now = timezone.now()
        pending = IncidentClock.objects.filter(organisation=organisation).pending().select_related("incident")
        context.update(
            {
                "summaries": [summary(a) for a in latest_assessments(organisation)],
                "weighting": WEIGHTING,
                "clocks": [(c, c.current_state(now)) for c in pending.order_by("deadline")],
                "open_incidents": SecurityIncident.objects.filter(organisation=organisation, status="ouvert").count(),
                "nis2": Nis2Profile.objects.filter(organisation=organisation).first(),
                "can_edit": can_edit(self.request.membership, "compliance"),
            }
        )
        return context
