"""Who may call an endpoint: the role rules of the pages (core.permissions), and a token's scope.

The view knows its permission domain (the page's) and whether it takes writes; the membership
is the token's, or the one the session works in (see `viewsets.ApiView.initial`).
"""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from gouvernail.api.models import ApiToken
from gouvernail.core.permissions import can_edit, can_read

NO_MEMBERSHIP = "Vous n'avez d'habilitation dans aucune organisation."
READ_REFUSED = "Votre rôle ne permet pas de lire cette liste."
WRITE_REFUSED = "Votre rôle ne permet pas de modifier cette liste."
READ_ONLY_TOKEN = "Ce jeton d'API est en lecture seule : créez un jeton « Lecture et écriture » pour modifier."


class RolePermission(BasePermission):
    def has_permission(self, request, view) -> bool:
        membership = getattr(view, "membership", None)
        if membership is None:
            self.message = NO_MEMBERSHIP
            return False
        domain = view.get_domain()
        if request.method in SAFE_METHODS:
            self.message = READ_REFUSED
            return can_read(membership, domain)
        if isinstance(request.auth, ApiToken) and not request.auth.can_write:
            self.message = READ_ONLY_TOKEN
            return False
        self.message = WRITE_REFUSED
        return can_edit(membership, domain)
