from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import TemplateView

from gouvernail.core.views.generic import MembershipRequiredMixin
from gouvernail.sso.forms import EntraSignInForm
from gouvernail.sso.models import EntraSignIn
from gouvernail.sso.services import entra_sign_in_save


class EntraSignInView(MembershipRequiredMixin, TemplateView):
    """The organisation's sign-in with Microsoft Entra ID (Administrateur only)."""

    template_name = "sso/entra_sign_in.html"
    domain = "administration"
    needs_edit = True

    def _instance(self):
        return EntraSignIn.objects.filter(organisation=self.request.organisation).first()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        instance = self._instance()
        context["configured"] = instance
        if instance is not None:
            callback = reverse("openid_connect_callback", kwargs={"provider_id": instance.provider_id})
            context["callback_url"] = self.request.build_absolute_uri(callback)
        return context

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=EntraSignInForm(instance=self._instance())))

    def post(self, request, *args, **kwargs):
        form = EntraSignInForm(request.POST, instance=self._instance())
        if form.is_valid():
            try:
                entra_sign_in_save(
                    organisation=request.organisation,
                    acting_user=request.user,
                    **{name: form.cleaned_data[name] for name in form.Meta.field_order},
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "Connexion Entra ID enregistrée.")
                return redirect("sso:entra")
        return self.render_to_response(self.get_context_data(form=form))
