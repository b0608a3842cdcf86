"""Encryption at rest of connector credentials (Fernet: AES-128-CBC + HMAC-SHA256).

The key comes from the environment variable GOUVERNAIL_CONNECTOR_KEY (a Fernet key:
`python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"`).
When it is unset and the instance runs in debug mode or under the test suite, a key is
derived from SECRET_KEY so that a local trial works without setting anything; in production
that fallback is refused, because rotating the secret key would then silently make every
stored password unreadable.
"""

import base64
import hashlib
import os

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

__all__ = ("CredentialError", "decrypt", "encrypt")

ENV_VAR = "GOUVERNAIL_CONNECTOR_KEY"


class CredentialError(Exception):
    """A stored credential cannot be read back (key missing or changed). The message is French."""


def _fernet() -> Fernet:
    key = os.environ.get(ENV_VAR, "").strip()
    if not key:
        if not (settings.DEBUG or getattr(settings, "GOUVERNAIL_TESTING", False)):
            raise ImproperlyConfigured(
                f"{ENV_VAR} est obligatoire hors mode debug : "
                "c'est la clé qui chiffre les mots de passe des connecteurs."
            )
        # Debug and tests only: derived from the secret key (see the module docstring).
        digest = hashlib.sha256(f"gouvernail-connectors:{settings.SECRET_KEY}".encode()).digest()
        key = base64.urlsafe_b64encode(digest).decode()
    try:
        return Fernet(key)
    except ValueError as error:
        raise ImproperlyConfigured(f"{ENV_VAR} n'est pas une clé Fernet valide (32 octets en base64).") from error


def encrypt(plaintext: str) -> str:
    if not plaintext:
        return ""
    return _fernet().encrypt(plaintext.encode()).decode()


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as error:
        raise CredentialError(
            "Le mot de passe enregistré ne peut pas être déchiffré (la clé GOUVERNAIL_CONNECTOR_KEY a changé ?) : "
            "saisissez-le à nouveau dans la configuration du connecteur."
        ) from error
