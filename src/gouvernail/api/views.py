"""« Jetons d'API »: a user's tokens for the organisation they work in."""

import uuid

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import TemplateView

from gouvernail.api.forms import TokenForm
from gouvernail.api.models import ApiToken
from gouvernail.api.tokens import token_create, token_revoke
from gouvernail.core.models import FormSubmission
from gouvernail.core.views.generic import AlreadySubmitted, MembershipRequiredMixin, claim_form_token, posted_token

ALREADY_CREATED = (
    "Ce jeton avait déjà été créé (formulaire envoyé deux fois) : aucun second jeton n'a été créé, et son "
    "secret n'est plus affiché. Si vous ne l'avez pas copié, révoquez-le et créez-en un autre."
)


class TokenListView(MembershipRequiredMixin, TemplateView):
    """Every member manages their own tokens; a token never does more than its holder's role."""

    template_name = "api/tokens.html"
    domain = "referentiel"  # every role reads something: every member may hold a token

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", TokenForm())
        # A reloaded or resent creation must not make a second token (core's one-time form tokens).
        context["form_token"] = uuid.uuid4()
        context["tokens"] = ApiToken.objects.filter(
            organisation=self.request.organisation, user=self.request.user
        ).order_by("-created")
        return context

    def post(self, request, *args, **kwargs):
        form_token = posted_token(request)
        if form_token is None or FormSubmission.objects.filter(token=form_token, user=request.user).exists():
            messages.info(request, ALREADY_CREATED)
            return redirect("api:tokens")
        form = TokenForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=200)
        try:
            with transaction.atomic():
                claim_form_token(form_token, request.user)
                issued = token_create(
                    membership=request.membership,
                    name=form.cleaned_data["name"],
                    scope=form.cleaned_data["scope"],
                    expires_at=form.expires_at(),
                )
        except AlreadySubmitted:
            messages.info(request, ALREADY_CREATED)
            return redirect("api:tokens")
        # Shown in this response only, never stored nor redirected through the session.
        response = self.render_to_response(self.get_context_data(form=TokenForm(), issued=issued))
        response["Cache-Control"] = "no-store"
        return response


class TokenRevokeView(MembershipRequiredMixin, TemplateView):
    http_method_names = ["post"]
    domain = "referentiel"

    def post(self, request, pk):
        token = get_object_or_404(ApiToken, pk=pk, organisation=request.organisation, user=request.user)
        token_revoke(token=token)
        messages.success(request, f"Jeton « {token.name} » révoqué : il ne donne plus accès à l'API.")
        return redirect("api:tokens")
