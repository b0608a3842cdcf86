"""The organisations' Ed25519 signing keys for the decision register's checkpoints.

A key lives in a file, never in the database: whoever can rewrite the database must not also be
able to sign a new checkpoint. The directory is `GOUVERNAIL_REGISTER_KEY_DIR` (setting or
environment variable), by default `<GOUVERNAIL_DATA_DIR>/keys`; one PEM file per organisation,
readable by its owner only, created by `gouvernail register-key` (which `make run` calls).
"""

import base64
import os
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
    load_pem_private_key,
)
from django.conf import settings

from gouvernail.core.models import Organisation
from gouvernail.governance.register_verifier import key_id

__all__ = (
    "SigningKeyError",
    "create_key",
    "key_directory",
    "key_id_of",
    "key_path",
    "load_key",
    "public_key_pem",
    "sign",
)


class SigningKeyError(Exception):
    """The organisation's key is missing or unreadable (the message says what to do, in French)."""


def key_directory() -> Path:
    configured = getattr(settings, "GOUVERNAIL_REGISTER_KEY_DIR", None) or os.environ.get("GOUVERNAIL_REGISTER_KEY_DIR")
    return Path(configured) if configured else Path(settings.DATA_DIR) / "keys"


def key_path(organisation: Organisation) -> Path:
    return key_directory() / f"registre-{organisation.slug}.ed25519.pem"


def create_key(organisation: Organisation) -> tuple[Path, bool]:
    """Creates the organisation's key when it has none. Returns its path and whether it was created."""
    path = key_path(organisation)
    if path.exists():
        return path, False
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    pem = Ed25519PrivateKey.generate().private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())
    # O_EXCL: two processes creating the key at once cannot overwrite each other's.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path, False
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)
    return path, True


def load_key(organisation: Organisation) -> Ed25519PrivateKey | None:
    """The organisation's private key, or None when it has none yet."""
    path = key_path(organisation)
    if not path.exists():
        return None
    try:
        key = load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError, TypeError) as error:
        raise SigningKeyError(f"La clé de signature du registre ({path}) est illisible : {error}") from error
    if not isinstance(key, Ed25519PrivateKey):
        raise SigningKeyError(f"La clé de signature du registre ({path}) n'est pas une clé Ed25519.")
    return key


def public_raw(public_key: Ed25519PublicKey) -> bytes:
    return public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def public_key_pem(public_key: Ed25519PublicKey) -> bytes:
    return public_key.public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)


def key_id_of(key: Ed25519PrivateKey) -> str:
    return key_id(public_raw(key.public_key()))


def sign(key: Ed25519PrivateKey, statement: str) -> tuple[str, str, str]:
    """Signs a statement: (signature, key id, public key), the binary values in base64."""
    raw = public_raw(key.public_key())
    signature = base64.b64encode(key.sign(statement.encode("utf-8"))).decode("ascii")
    return signature, key_id(raw), base64.b64encode(raw).decode("ascii")
