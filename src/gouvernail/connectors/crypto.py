"""Encryption at rest of connector credentials (Fernet: AES-128-CBC + HMAC-SHA256).

The key comes from the environment variable GOUVERNAIL_CONNECTOR_KEY (a Fernet key:
`python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"`),
else from the file `connector_key` of the data directory, which `make run` writes once (as it
does `secret_key`). When neither is set and the instance runs in debug mode or under the test
suite, a key is derived from SECRET_KEY so that a local trial works without setting anything;
in production that fallback is refused — by a system check at start-up (`connectors.checks`),
never by a 500 on the first save — because rotating the secret key would then silently make
every stored password unreadable.
"""

import base64
import hashlib
import json
import os
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

__all__ = ("BINDING_FIELDS", "CredentialError", "binding_fingerprint", "configured_key", "decrypt", "encrypt")

ENV_VAR = "GOUVERNAIL_CONNECTOR_KEY"
MISSING = f"{ENV_VAR} est obligatoire hors mode debug : c'est la clé qui chiffre les mots de passe des connecteurs."
MISSING_HINT = (
    "Définissez la variable d'environnement GOUVERNAIL_CONNECTOR_KEY, ou écrivez la clé dans le fichier "
    '« connector_key » du répertoire de données : python -c "from cryptography.fernet import Fernet; '
    'print(Fernet.generate_key().decode())". Gardez-la : sans elle, les mots de passe enregistrés sont illisibles.'
)
INVALID = f"{ENV_VAR} n'est pas une clé Fernet valide (32 octets en base64)."


def configured_key() -> str:
    """The key set for this instance: the environment's, else the data directory's file; "" if none."""
    key = os.environ.get(ENV_VAR, "").strip()
    if key:
        return key
    path = getattr(settings, "GOUVERNAIL_CONNECTOR_KEY_FILE", None)
    try:
        return path.read_text().strip() if path else ""
    except OSError:
        return ""


def key_problem() -> str:
    """Why connector secrets cannot be encrypted here (French), or "" when they can."""
    key = configured_key()
    if not key:
        return "" if settings.DEBUG or getattr(settings, "GOUVERNAIL_TESTING", False) else MISSING
    try:
        Fernet(key)
    except ValueError:
        return INVALID
    return ""


class CredentialError(Exception):
    """A stored credential cannot be read back (key missing or changed). The message is French."""


def _fernet() -> Fernet:
    key = configured_key()
    if not key:
        if not (settings.DEBUG or getattr(settings, "GOUVERNAIL_TESTING", False)):
            raise ImproperlyConfigured(MISSING)
        # Debug and tests only: derived from the secret key (see the module docstring).
        digest = hashlib.sha256(f"gouvernail-connectors:{settings.SECRET_KEY}".encode()).digest()
        key = base64.urlsafe_b64encode(digest).decode()
    try:
        return Fernet(key)
    except ValueError as error:
        raise ImproperlyConfigured(INVALID) from error


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


#
# Binding: a stored secret goes only where it was typed for
#

# The configuration fields that say where a secret goes and as whom, for every source (a field
# a source does not show cannot change from its page, and a change elsewhere is caught too).
# The CA certificate is one of them: trusting another certificate is trusting another server.
BINDING_FIELDS = ("url", "host", "port", "database", "tenant_id", "client_id", "user", "ca_certificate")


def _canonical(name: str, value: Any) -> str:
    """One spelling per destination, so that retyping the same address keeps the secret."""
    if value is None:
        return ""
    text = str(value).strip()
    if name == "url" and text:
        parts = urlsplit(text)
        return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path.rstrip("/"), parts.query, ""))
    if name == "host":
        return text.lower().rstrip(".")
    if name in ("tenant_id", "client_id"):
        return text.lower()
    if name == "ca_certificate":
        return "".join(text.split())
    return text


def binding_fingerprint(kind: str, destination: Mapping[str, Any]) -> str:
    """SHA-256 of a source kind and its destination fields (`BINDING_FIELDS`), stored
    beside each secret: a secret whose fingerprint differs from its configuration's was typed
    for another destination and is not sent. Holds nothing secret (the fields are shown on the
    configuration page); computable without the key, hence in a migration."""
    canonical = {name: _canonical(name, value) for name, value in sorted(destination.items())}
    payload = json.dumps({"kind": kind, "destination": canonical}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(f"gouvernail-connector-binding:{payload}".encode()).hexdigest()
