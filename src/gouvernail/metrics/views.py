from django.http import Http404
from django.utils import timezone
from django.views.generic import TemplateView

from gouvernail.core.views.generic import MembershipRequiredMixin
from gouvernail.metrics import registry
from gouvernail.metrics.pages import dashboard_body


class CatalogueView(MembershipRequiredMixin, TemplateView):
    """Every indicator's definition: how each number of the dashboards is made."""

    template_name = "metrics/catalogue.html"
    domain = "referentiel"  # definitions hold no data: everyone may read them

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        groups = []
        listed = set()
        for dashboard in registry.dashboards():
            entries = [registry.get_indicator(code) for code in dashboard.codes if code not in listed]
            listed.update(i.code for i in entries)
            if entries:
                groups.append((dashboard, entries))
        context.update({"groups": groups, "today": today})
        return context


class DashboardIndexView(MembershipRequiredMixin, TemplateView):
    template_name = "metrics/index.html"
    domain = "dashboards"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["dashboards"] = registry.dashboards()
        return context


class DashboardView(MembershipRequiredMixin, TemplateView):
    template_name = "metrics/dashboard.html"
    domain = "dashboards"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        dashboard = registry.get_dashboard(self.kwargs["slug"])
        if dashboard is None:
            raise Http404("Tableau de bord inconnu.")
        context["dashboard"] = dashboard
        context["body"] = dashboard_body(dashboard, self.request.organisation, timezone.localdate())
        return context
