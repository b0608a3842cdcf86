import logging
import math

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.core.exceptions import ValidationError

from gouvernail.core import throttling

logger = logging.getLogger(__name__)


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are created by an administrator (or `gouvernail createadmin`), never by sign-up.

    Failed logins are counted by `core.throttling` rather than allauth's fixed limit per
    account, which let anyone lock an account's owner out from everywhere.
    """

    def is_open_for_signup(self, request) -> bool:
        return False

    def pre_authenticate(self, request, **credentials) -> None:
        wait = throttling.seconds_to_wait(login=_login(credentials), address=self.get_client_ip(request))
        if wait > 0:
            minutes = math.ceil(wait / 60)
            raise ValidationError(
                "Trop de tentatives de connexion échouées depuis cette adresse réseau : "
                f"réessayez dans {minutes} minute{'s' if minutes > 1 else ''}.",
                code="too_many_login_attempts",
            )

    def authenticate(self, request, **credentials):
        user = super().authenticate(request, **credentials)
        if user is not None:
            throttling.record_success(login=_login(credentials), address=self.get_client_ip(request))
        return user

    def authentication_failed(self, request, **credentials) -> None:
        if "x-forwarded-for" in request.headers and not settings.ALLAUTH_TRUSTED_PROXY_COUNT:
            # Every client then has the proxy's address: one address's failures hold everyone.
            logger.warning(
                "Échec de connexion reçu par un mandataire inverse (X-Forwarded-For) : réglez "
                "GOUVERNAIL_TRUSTED_PROXY_COUNT pour compter les échecs par adresse du client."
            )
        throttling.record_failure(login=_login(credentials), address=self.get_client_ip(request))


def _login(credentials: dict) -> str:
    return credentials.get("email") or credentials.get("username") or ""
