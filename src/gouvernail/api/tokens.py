"""Making, finding and revoking personal API tokens.

A token reads `gvn_<prefix>_<secret>`: the prefix (public, unique) finds the row, the secret
(32 random bytes) proves possession. Only SHA-256 of the whole token is stored — a random
secret of 256 bits needs no slow hash — and compared in constant time.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from gouvernail.api.models import ApiToken
from gouvernail.core.models import Membership

__all__ = (
    "MAX_LIFETIME",
    "TOKEN_PREFIX",
    "IssuedToken",
    "TokenRefused",
    "token_create",
    "token_for",
    "token_revoke",
)

TOKEN_PREFIX = "gvn"
MAX_LIFETIME = timedelta(days=366)
# last_used_at is written at most this often: a BI refresh reads hundreds of pages in a minute.
LAST_USED_PRECISION = timedelta(minutes=1)

REFUSED = "Jeton d'API invalide : vérifiez qu'il a été copié en entier."
REVOKED = "Ce jeton d'API a été révoqué : créez-en un autre depuis la page « Jetons d'API »."
EXPIRED = "Ce jeton d'API a expiré le {day} : créez-en un autre depuis la page « Jetons d'API »."
NO_MEMBERSHIP = "Le titulaire de ce jeton n'a plus d'habilitation dans son organisation : le jeton ne vaut plus."
INACTIVE_USER = "Le compte titulaire de ce jeton est désactivé."


class TokenRefused(Exception):
    """The token cannot be used; the message says why, in French."""


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str  # the whole token, shown once and never stored


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def token_create(*, membership: Membership, name: str, scope: str, expires_at: datetime) -> IssuedToken:
    """A new token of the membership's user for its organisation; the secret is returned once."""
    prefix = secrets.token_hex(6)
    raw = f"{TOKEN_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        organisation=membership.organisation,
        user=membership.user,
        name=name,
        scope=scope,
        prefix=prefix,
        secret_hash=_digest(raw),
        expires_at=expires_at,
    )
    return IssuedToken(token, raw)


def token_revoke(*, token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


def token_for(raw: str) -> tuple[ApiToken, Membership]:
    """The token `raw` names and its holder's current membership; TokenRefused otherwise."""
    parts = raw.strip().split("_", 2)  # the secret may hold « _ » itself
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX or not parts[1] or not parts[2]:
        raise TokenRefused(REFUSED)
    token = ApiToken.objects.select_related("user", "organisation").filter(prefix=parts[1]).first()
    if token is None or not hmac.compare_digest(token.secret_hash, _digest(raw.strip())):
        raise TokenRefused(REFUSED)
    if token.revoked_at is not None:
        raise TokenRefused(REVOKED)
    if token.is_expired:
        day = timezone.localtime(token.expires_at).strftime("%d/%m/%Y")
        raise TokenRefused(EXPIRED.format(day=day))
    if not token.user.is_active:
        raise TokenRefused(INACTIVE_USER)
    membership = (
        Membership.objects.select_related("organisation", "user")
        .filter(user_id=token.user_id, organisation_id=token.organisation_id)
        .first()
    )
    if membership is None:
        raise TokenRefused(NO_MEMBERSHIP)
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token, membership
