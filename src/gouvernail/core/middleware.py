from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse

from gouvernail.core.models import Membership

SESSION_KEY = "gouvernail_organisation_id"
# Pages a user must reach before MFA is set up (or to leave).
MFA_EXEMPT_PREFIXES = ("/compte/", "/static/")


class OrganisationMiddleware:
    """Sets `request.membership` and `request.organisation`: the organisation the user works in now.

    A user of several organisations picks one (stored in the session); everything they see is
    scoped to it. When that organisation requires MFA, a user without TOTP is sent to set it up.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.membership = None
        request.organisation = None
        request.memberships = []
        if request.user.is_authenticated:
            memberships = list(
                Membership.objects.filter(user=request.user)
                .select_related("organisation")
                .order_by("organisation__name")
            )
            request.memberships = memberships
            chosen = request.session.get(SESSION_KEY)
            membership = next((m for m in memberships if m.organisation_id == chosen), None)
            if membership is None and memberships:
                membership = memberships[0]
            if membership is not None:
                request.membership = membership
                request.organisation = membership.organisation
                if membership.organisation.require_mfa and not request.path.startswith(MFA_EXEMPT_PREFIXES):
                    if not _has_totp(request.user):
                        messages.warning(
                            request,
                            "Votre organisation exige la double authentification : "
                            "activez un code TOTP pour continuer.",
                        )
                        return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)


def _has_totp(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
