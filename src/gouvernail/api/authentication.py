"""`Authorization: Bearer <token>` (or `Token <token>`): a personal API token.

The request then works as the token's holder in the token's organisation, whichever
organisation their session has chosen; `request.auth` is the token (its scope, its name for the
journal).
"""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from gouvernail.api.tokens import TokenRefused, token_for

KEYWORDS = ("bearer", "token")
MALFORMED = "En-tête Authorization mal formé : attendu « Authorization: Bearer <jeton> »."


class ApiTokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower().decode(errors="replace") not in KEYWORDS:
            return None  # another way in (the session), or none
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(MALFORMED)
        try:
            raw = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(MALFORMED) from None
        try:
            token, membership = token_for(raw)
        except TokenRefused as refusal:
            raise exceptions.AuthenticationFailed(str(refusal)) from None
        token.membership = membership
        return membership.user, token

    def authenticate_header(self, request) -> str:
        # Makes an unauthenticated request a 401 that says how to authenticate.
        return 'Bearer realm="api"'


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = ApiTokenAuthentication
    name = "jetonApi"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "Jeton d'API personnel, créé depuis la page « Jetons d'API » de Gouvernail.",
        }
