"""What can go wrong when a connector talks to a source, in words an IT manager can act on.

Every error names the source and the path it was asking for, never a credential, a token nor
the query string (some products accept a key there). `diagnosis` is the short French advice a
connection-test button shows next to the message; the sync writes `str(error)` into the run log.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

from gouvernail.connectors.network import UNREACHABLE_ADVICE, unreachable_message

__all__ = (
    "AuthenticationRefused",
    "Diagnosis",
    "ServerError",
    "SourceError",
    "SourceTimeout",
    "SourceUnreachable",
    "Throttled",
    "UnexpectedResponse",
    "display_path",
)


def display_path(url: str) -> str:
    """The path of a URL without its query string, fragment or host: safe to show and to log."""
    return urlsplit(str(url)).path or "/"


class SourceError(Exception):
    """A source could not give what was asked. Subclasses say why."""

    diagnosis = "Consultez le journal de la collecte et réessayez plus tard."

    def __init__(self, message: str, *, source: str, path: str = "", status: int | None = None, code: str = ""):
        super().__init__(message)
        self.source = source
        self.path = path
        self.status = status
        # The product's own error code (Graph's error.code, GLPI's ERROR_…): lets a client
        # recognise a documented case without parsing the French message.
        self.code = code


class SourceUnreachable(SourceError):
    """No connection: refused by the destination policy, unknown name, closed port, reset, or a
    certificate TLS refused. All but the last read the same (`neutral`): a user who could tell
    them apart could map which ports of a server are open."""

    diagnosis = UNREACHABLE_ADVICE

    @classmethod
    def build(cls, *, source: str, path: str, reason: str) -> "SourceUnreachable":
        return cls(f"{source} injoignable ({path}) : {reason}.", source=source, path=path)

    @classmethod
    def neutral(cls, *, source: str, path: str = "") -> "SourceUnreachable":
        return cls(unreachable_message(source), source=source, path=path)


class SourceTimeout(SourceUnreachable):
    """A connection or an answer that did not come in time. Said like any network failure (a
    silent open port must not read differently from a closed one); the server log has the
    detail. A distinct class, so that code can still tell a timeout apart."""

    @classmethod
    def build(cls, *, source: str, path: str, seconds: float) -> "SourceTimeout":
        return cls(unreachable_message(source), source=source, path=path)


class AuthenticationRefused(SourceError):
    diagnosis = "Vérifiez l'identifiant, le jeton ou la clé d'API, leur date d'expiration et leurs droits."

    @classmethod
    def build(cls, *, source: str, path: str, status: int | None, code: str = "") -> "AuthenticationRefused":
        what = "les droits sont insuffisants" if status == 403 else "les identifiants ont été refusés"
        detail = f" (HTTP {status}{', ' + code if code else ''})" if status else (f" ({code})" if code else "")
        return cls(f"{source} : {what} ({path}){detail}.", source=source, path=path, status=status, code=code)


class Throttled(SourceError):
    diagnosis = "La source limite le nombre d'appels : la collecte reprendra au prochain passage."

    def __init__(self, message: str, *, retry_after: float | None, **kwargs):
        super().__init__(message, **kwargs)
        self.retry_after = retry_after

    @classmethod
    def build(cls, *, source: str, path: str, retry_after: float | None, attempts: int) -> "Throttled":
        wait = f", délai d'attente demandé : {retry_after:g} s" if retry_after is not None else ""
        return cls(
            f"{source} limite les appels ({path}) : appel refusé {attempts} fois{wait}.",
            source=source,
            path=path,
            status=429,
            retry_after=retry_after,
        )


class ServerError(SourceError):
    diagnosis = "Le serveur de la source est en erreur : consultez ses journaux ou réessayez plus tard."

    @classmethod
    def build(cls, *, source: str, path: str, status: int) -> "ServerError":
        return cls(f"{source} est en erreur ({path}) : HTTP {status}.", source=source, path=path, status=status)


class UnexpectedResponse(SourceError):
    diagnosis = "La réponse ne ressemble pas à celle de la version prise en charge : vérifiez l'adresse et la version."

    @classmethod
    def build(cls, *, source: str, path: str, reason: str, status: int | None = None) -> "UnexpectedResponse":
        return cls(f"Réponse inattendue de {source} ({path}) : {reason}.", source=source, path=path, status=status)


@dataclass(frozen=True)
class Diagnosis:
    """The verdict of « Tester la connexion », for any source: never an exception, never a credential."""

    ok: bool
    message: str
    version: str = ""
