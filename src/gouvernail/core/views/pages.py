from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from gouvernail.core import home
from gouvernail.core.forms import OrganisationForm
from gouvernail.core.middleware import SESSION_KEY
from gouvernail.core.views.generic import MembershipRequiredMixin


class HomeView(MembershipRequiredMixin, TemplateView):
    """The cockpit of the current user: what waits for them, then the blocks of their role
    (registered by the apps, core.home); a new organisation's first steps while some remain."""

    template_name = "core/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        membership = self.request.membership
        today = timezone.localdate()
        steps = home.first_steps_for(membership.organisation) if membership.role in home.SETUP_ROLES else []
        context["first_steps"] = steps if any(not step["done"] for step in steps) else []
        context["todos"] = home.todos_for(membership, today)
        context["panels"] = home.panels_for(membership, today)
        context["cards"] = home.cards_for(membership) if membership.role in home.OPERATORS else []
        return context


@require_POST
def switch_organisation(request):
    if not request.user.is_authenticated:
        return redirect("account_login")
    slug = request.POST.get("organisation")
    membership = next((m for m in request.memberships if m.organisation.slug == slug), None)
    if membership is None:
        messages.error(request, "Vous n'avez pas d'habilitation dans cette organisation.")
    else:
        request.session[SESSION_KEY] = membership.organisation_id
        messages.success(request, f"Vous travaillez maintenant sur « {membership.organisation} ».")
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return HttpResponseRedirect(target)


class OrganisationSettingsView(MembershipRequiredMixin, TemplateView):
    """The current organisation's identity and security settings (Administrateur only)."""

    template_name = "core/organisation_settings.html"
    domain = "administration"
    needs_edit = True

    def get(self, request, *args, **kwargs):
        form = OrganisationForm(instance=request.organisation)
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        form = OrganisationForm(request.POST, request.FILES, instance=request.organisation)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        form.save()
        messages.success(request, "Paramètres de l'organisation enregistrés.")
        return redirect("core:organisation_settings")
