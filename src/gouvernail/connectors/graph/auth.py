"""App-only tokens from Microsoft Entra ID (client credentials), shared by Graph and Defender.

Clients depend on the small `TokenProvider` interface, not on msal: a test can hand them a
fixed token. `MsalTokenProvider` is the real one. msal validates its authority over the
network on first use (tenant discovery), so the application object is built lazily, and its
failures — which are `requests` exceptions, ValueErrors or error dicts — become SourceErrors
whose message holds the Entra error code (AADSTS…) but never the secret nor msal's text.

msal talks through an httpx client of ours rather than its default `requests.Session`:
`requests` lets a REQUESTS_CA_BUNDLE environment variable override the `verify=` it is given,
so the CA file configured for a source would be silently ignored.
"""

import re
from typing import Protocol

import httpx

from gouvernail.connectors.errors import (
    AuthenticationRefused,
    ServerError,
    SourceError,
    SourceTimeout,
)
from gouvernail.connectors.http import (
    DEFAULT_TIMEOUT,
    clean_secret,
    client_timeout,
    guarded_transport,
    tls_verify,
    transport_failure,
)

GRAPH_SCOPE = "https://graph.microsoft.com/.default"
# Defender for Endpoint's resource, as its "get token with application context" page gives it.
DEFENDER_SCOPE = "https://api.securitycenter.microsoft.com/.default"
AUTHORITY_HOST = "https://login.microsoftonline.com"
SOURCE_NAME = "Microsoft Entra ID"
_TOKEN_PATH = "/oauth2/v2.0/token"
_GUID_OR_DOMAIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.-]{0,253}$")


class TokenProvider(Protocol):
    def token(self) -> str:
        """A valid access token, from cache or freshly acquired; raises SourceError."""


class StaticTokenProvider:
    """A fixed token: tests, and a token obtained elsewhere."""

    def __init__(self, token: str):
        self._token = token

    def token(self) -> str:
        return self._token


class MsalTokenProvider:
    def __init__(
        self,
        *,
        tenant_id: str,
        client_id: str,
        client_secret: str,
        scope: str = GRAPH_SCOPE,
        authority_host: str = AUTHORITY_HOST,
        verify: bool | str = True,
        timeout: float = DEFAULT_TIMEOUT,
        instance_discovery: bool | None = None,
    ):
        tenant_id = tenant_id.strip()
        if not _GUID_OR_DOMAIN.match(tenant_id):
            raise AuthenticationRefused(
                f"{SOURCE_NAME} : l'identifiant de tenant « {tenant_id[:60]} » n'est ni un GUID ni un domaine.",
                source=SOURCE_NAME,
                code="tenant",
            )
        self.path = f"/{tenant_id}{_TOKEN_PATH}"
        self._authority = f"{authority_host.rstrip('/')}/{tenant_id}"
        self._client_id = client_id.strip()
        self._secret = clean_secret(client_secret, source=SOURCE_NAME, what="le secret client", header=False)
        self._scope = scope
        self._verify = verify
        self._timeout = timeout
        self._instance_discovery = instance_discovery
        self._application = None

    def token(self) -> str:
        from msal.exceptions import MsalServiceError

        failure: SourceError | None = None
        try:
            result = self._app().acquire_token_for_client(scopes=[self._scope])
        except httpx.TimeoutException:
            failure = SourceTimeout.build(source=SOURCE_NAME, path=self.path, seconds=self._timeout)
        except httpx.TransportError as error:
            failure = transport_failure(SOURCE_NAME, self.path, error)
        except MsalServiceError:  # tenant discovery answered 5xx
            failure = ServerError.build(source=SOURCE_NAME, path=self.path, status=500)
        except ValueError:
            # msal's tenant discovery answered 4xx: unknown tenant (msal's text quotes the body).
            failure = AuthenticationRefused(
                f"{SOURCE_NAME} ne reconnaît pas ce tenant ({self.path}) : vérifiez son identifiant.",
                source=SOURCE_NAME,
                path=self.path,
                code="tenant",
            )
        if failure is not None:
            self._application = None  # retry discovery next time
            raise failure
        if isinstance(result, dict) and result.get("access_token"):
            return result["access_token"]
        raise self._refusal(result if isinstance(result, dict) else {})

    def _refusal(self, result: dict) -> AuthenticationRefused:
        error = str(result.get("error") or "réponse sans jeton")[:60]
        codes = result.get("error_codes") or []
        aadsts = f"AADSTS{codes[0]}" if codes and isinstance(codes[0], int) else ""
        code = " ".join(filter(None, (error, aadsts)))
        hints = {
            "invalid_client": "identifiant d'application ou secret refusé (secret expiré ?)",
            "unauthorized_client": "application inconnue dans ce tenant",
            "invalid_scope": "permission d'API non accordée",
        }
        what = hints.get(error, "jeton refusé")
        return AuthenticationRefused(
            f"{SOURCE_NAME} : {what} ({self.path}, {code}).", source=SOURCE_NAME, path=self.path, code=code
        )

    def _app(self):
        if self._application is None:
            import msal

            self._application = msal.ConfidentialClientApplication(
                self._client_id,
                authority=self._authority,
                client_credential=self._secret,
                http_client=_HttpxForMsal(verify=self._verify, timeout=self._timeout),
                instance_discovery=self._instance_discovery,
            )
        return self._application


class _HttpxForMsal:
    """The two methods msal's `http_client` needs, on httpx. msal reads `status_code`, `text`
    and `headers` of what they return."""

    def __init__(self, *, verify: bool | str, timeout: float):
        self._client = httpx.Client(
            verify=tls_verify(verify),
            timeout=client_timeout(timeout),
            follow_redirects=False,
            transport=guarded_transport(verify),
        )

    def get(self, url, params=None, headers=None, **kwargs):
        return self._client.get(url, params=params, headers=headers)

    def post(self, url, params=None, data=None, headers=None, **kwargs):
        return self._client.post(url, params=params, data=data, headers=headers)

    def close(self) -> None:
        self._client.close()
