"""allauth's social-account adapter: the apps come from the organisations' Entra ID settings, and
a Microsoft account signs in only as an existing member of that organisation, matched by its
verified e-mail address — never a new account."""

import logging

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.contrib import messages
from django.shortcuts import redirect

from gouvernail.core.middleware import SESSION_KEY
from gouvernail.core.models import User
from gouvernail.sso.services import sign_in_of_provider, social_apps

logger = logging.getLogger(__name__)

TRUE = {True, "true", "True", "1"}


def verified_email(sociallogin) -> str:
    """The address Entra ID vouches for: `email_verified`, or the optional claim `xms_edov` (the
    domain's owner verified it), which Entra ID sends instead. Empty when unverified."""
    for address in sociallogin.email_addresses:
        if address.verified and address.email:
            return address.email
    data = sociallogin.account.extra_data or {}
    for claims in (data.get("userinfo") or {}, data.get("id_token") or {}):
        if claims.get("email") and claims.get("xms_edov") in TRUE:
            return claims["email"]
    return ""


def _refuse(request, message: str):
    messages.error(request, message)
    raise ImmediateHttpResponse(redirect("account_login"))


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def list_apps(self, request, provider=None, client_id=None):
        apps = social_apps()
        if provider:
            apps = [app for app in apps if provider in (app.provider, app.provider_id)]
        if client_id:
            apps = [app for app in apps if app.client_id == client_id]
        return apps

    def is_open_for_signup(self, request, sociallogin) -> bool:
        return False

    def is_auto_signup_allowed(self, request, sociallogin) -> bool:
        return False

    def pre_social_login(self, request, sociallogin) -> None:
        config = sign_in_of_provider(sociallogin.account.provider)
        if config is None:
            _refuse(request, "Cette connexion Entra ID n'est plus proposée par son organisation.")
        organisation = config.organisation
        email = verified_email(sociallogin)
        if not email:
            _refuse(
                request,
                "Microsoft Entra ID n'indique pas que l'adresse e-mail de ce compte est vérifiée : connexion "
                "refusée. L'administrateur de l'application Entra ID doit émettre la revendication email_verified.",
            )
        user = (
            User.objects.filter(email__iexact=email, is_active=True, memberships__organisation=organisation)
            .distinct()
            .first()
        )
        if user is None:
            _refuse(
                request,
                f"Aucun compte de « {organisation} » ne correspond à l'adresse {email} : les comptes sont créés "
                "par l'administrateur de votre organisation dans Gouvernail.",
            )
        if sociallogin.is_existing:
            if sociallogin.user.pk != user.pk:
                _refuse(request, f"Ce compte Microsoft est relié à un autre compte que celui de {email}.")
        else:
            sociallogin.connect(request, user)
        # The member lands in the organisation whose Entra ID they came through.
        request.session[SESSION_KEY] = organisation.pk

    def on_authentication_error(self, request, provider, error=None, exception=None, extra_context=None) -> None:
        logger.warning("Échec de connexion Entra ID (%s) : %s %s", getattr(provider, "id", provider), error, exception)
        _refuse(
            request,
            "La connexion avec Microsoft Entra ID a échoué (réponse du serveur d'identité refusée) : réessayez, "
            "ou connectez-vous avec votre mot de passe.",
        )
