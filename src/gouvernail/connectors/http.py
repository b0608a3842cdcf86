"""The HTTP base every connector client builds on.

A `SourceClient` owns one `httpx.Client` (short timeouts, TLS verification, no redirects,
connections only to the destinations `connectors.network` allows), turns
every failure into a `SourceError` subclass from `connectors.errors`, retries a throttled call
(429) after the `Retry-After` the source asked for, a bounded number of times, and a transient
5xx once. Sleeping goes through `sleep`, injectable so that tests record the delays instead of
waiting. Requests are logged by path only: no header, no query string, no body.
"""

import email.utils
import logging
import re
import ssl
import time
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import httpcore
import httpx

from gouvernail.connectors import network
from gouvernail.connectors.errors import (
    AuthenticationRefused,
    ServerError,
    SourceError,
    SourceTimeout,
    SourceUnreachable,
    Throttled,
    UnexpectedResponse,
    display_path,
)

__all__ = (
    "AuthenticationRefused",
    "ContentRange",
    "ServerError",
    "SourceClient",
    "SourceError",
    "SourceTimeout",
    "SourceUnreachable",
    "Throttled",
    "UnexpectedResponse",
    "clean_secret",
    "guarded_transport",
    "offset_pages",
    "parse_content_range",
    "parse_retry_after",
    "require",
    "tls_verify",
)

logger = logging.getLogger("gouvernail.connectors")

# Seconds to wait for each answer during a sync (a Graph page can take a while); opening a
# connection never waits longer than network.CONNECT_TIMEOUT, and a probe than PROBE_TIMEOUT.
DEFAULT_TIMEOUT = 20.0
MAX_THROTTLE_ATTEMPTS = 4
# A source asking for more than this is not throttling a nightly sync, it is closed for now.
MAX_RETRY_AFTER = 300.0
DEFAULT_THROTTLE_WAIT = 5.0
SERVER_ERROR_WAIT = 2.0


def tls_verify(verify: bool | str) -> bool | ssl.SSLContext:
    """httpx's `verify` from ours: True, False, the path of a CA file to trust (a source's
    self-signed certificate) or that certificate itself in PEM, as pasted on a connector's
    page — turned into a context, as httpx now expects."""
    if isinstance(verify, str) and verify.lstrip().startswith("-----BEGIN"):
        return ssl.create_default_context(cadata=verify.strip())
    if isinstance(verify, str):
        return ssl.create_default_context(cafile=verify)
    return verify


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP date (RFC 9110)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class GuardedBackend(httpcore.SyncBackend):
    """httpcore's network backend, connecting only to addresses the destination policy allows
    (`connectors.network`): the name is resolved once, every address checked, and the socket
    opened to a checked address. TLS still verifies the certificate against the name."""

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        try:
            addresses = network.checked_addresses(host, port)
        except network.DestinationRefused as refused:
            logger.warning("Connexion refusée vers %s:%s : %s", host, port, refused)
            raise httpcore.ConnectError("destination refusée") from None
        last: Exception | None = None
        for address in addresses:
            try:
                return super().connect_tcp(address, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as error:
                last = error
        raise last


def guarded_transport(verify: bool | str) -> httpx.HTTPTransport:
    """An httpx transport whose connections obey the destination policy."""
    transport = httpx.HTTPTransport(verify=tls_verify(verify))
    # httpx does not take a network backend; its connection pool (httpcore) does. Checked, so
    # that an httpx upgrade that renames the attribute fails the tests instead of the policy.
    pool = transport._pool
    if not hasattr(pool, "_network_backend"):
        raise RuntimeError("httpx/httpcore : impossible d'appliquer la règle des destinations des connecteurs.")
    pool._network_backend = GuardedBackend()
    return transport


def client_timeout(timeout: float) -> httpx.Timeout:
    return httpx.Timeout(timeout, connect=min(timeout, network.CONNECT_TIMEOUT))


class SourceClient:
    """Base of a source's HTTP client. Subclasses set `source_name` and add their endpoints.

    `transport` lets a test swap the network for an `httpx.MockTransport`; the connector tests
    prefer a real server on loopback (`connectors/tests/fakes/`).
    """

    source_name = "source"

    def __init__(
        self,
        base_url: str,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        verify: bool | str = True,
        sleep: Callable[[float], None] = time.sleep,
        max_throttle_attempts: int = MAX_THROTTLE_ATTEMPTS,
        headers: Mapping[str, str] | None = None,
        auth: httpx.Auth | tuple[str, str] | None = None,
        transport: httpx.BaseTransport | None = None,
    ):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.sleep = sleep
        self.max_throttle_attempts = max(1, max_throttle_attempts)
        self._http = httpx.Client(
            base_url=self.base_url,
            timeout=client_timeout(timeout),
            verify=tls_verify(verify),
            headers={"Accept": "application/json", "User-Agent": "Gouvernail", **(headers or {})},
            auth=auth,
            follow_redirects=False,
            # A test's MockTransport stands for the network; otherwise the guarded one.
            transport=transport or guarded_transport(verify),
        )

    # Context manager: a sync opens the client, reads, and always closes it.
    def __enter__(self):
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    # --- Requests -------------------------------------------------------------------------

    def request_headers(self) -> dict[str, str]:
        """Headers added to every request at send time (a fresh token, a session id)."""
        return {}

    def request(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        data: Mapping[str, Any] | None = None,
        ok: tuple[int, ...] = (200,),
    ) -> httpx.Response:
        """Send one request; retry on 429 and once on a 5xx; raise a SourceError otherwise."""
        path = display_path(url if "://" in url else self.base_url + "/" + url.lstrip("/"))
        throttled = 0
        server_errors = 0
        while True:
            response = self._send(method, url, path, params=params, headers=headers, data=data)
            status = response.status_code
            if status in ok:
                return response
            if status == 429:
                throttled += 1
                wait = parse_retry_after(response.headers.get("Retry-After"))
                if throttled >= self.max_throttle_attempts or (wait is not None and wait > MAX_RETRY_AFTER):
                    raise Throttled.build(source=self.source_name, path=path, retry_after=wait, attempts=throttled)
                delay = DEFAULT_THROTTLE_WAIT * throttled if wait is None else wait
                logger.warning("%s limite les appels (%s) : nouvel essai dans %g s", self.source_name, path, delay)
                self.sleep(delay)
                continue
            if status >= 500 and status not in (501, 505) and server_errors == 0:
                server_errors += 1
                logger.warning("%s : HTTP %s sur %s, nouvel essai", self.source_name, status, path)
                self.sleep(SERVER_ERROR_WAIT)
                continue
            self.raise_for_status(response, path)
            raise UnexpectedResponse.build(
                source=self.source_name, path=path, reason=f"HTTP {status} inattendu", status=status
            )

    def _send(self, method, url, path, **kwargs) -> httpx.Response:
        headers = {**self.request_headers(), **(kwargs.pop("headers") or {})}
        failure: SourceError | None = None
        try:
            response = self._http.request(method, url, headers=headers, **kwargs)
        except httpx.TimeoutException as error:
            logger.warning("%s : délai de %g s dépassé (%s, %s)", self.source_name, self.timeout, path, type(error))
            failure = SourceTimeout.build(source=self.source_name, path=path, seconds=self.timeout)
        except httpx.TransportError as error:
            failure = transport_failure(self.source_name, path, error)
        if failure is not None:
            # Raised outside the except block: httpx's exception (whose text may hold a URL
            # or a header) must not ride along as __context__ into a log or the run journal.
            raise failure
        logger.debug("%s %s %s -> HTTP %s", self.source_name, method, path, response.status_code)
        return response

    def raise_for_status(self, response: httpx.Response, path: str) -> None:
        """Raise the SourceError matching an unsuccessful response. Subclasses may refine."""
        status = response.status_code
        if status in (401, 403):
            raise AuthenticationRefused.build(
                source=self.source_name, path=path, status=status, code=self.error_code(response)
            )
        if status >= 500:
            raise ServerError.build(source=self.source_name, path=path, status=status)

    def error_code(self, response: httpx.Response) -> str:
        """The product's error code in an error body, if it has one (overridden per source)."""
        return ""

    def get_json(self, url: str, *, params: Mapping[str, Any] | None = None, ok=(200,)) -> Any:
        response = self.request("GET", url, params=params, ok=ok)
        return self.decode(response)

    def decode(self, response: httpx.Response) -> Any:
        try:
            return response.json()
        except ValueError:
            raise UnexpectedResponse.build(
                source=self.source_name,
                path=display_path(response.request.url),
                reason="le contenu n'est pas du JSON lisible",
                status=response.status_code,
            ) from None

    def check_same_origin(self, url: str) -> None:
        """Refuse to follow a paging link to another host: our token would go with it."""
        base, target = urlsplit(self.base_url), urlsplit(url)
        if (target.scheme, target.netloc) != (base.scheme, base.netloc):
            raise UnexpectedResponse.build(
                source=self.source_name, path=display_path(url), reason="lien de page suivante vers un autre serveur"
            )

    def odata_pages(self, url: str, *, params: Mapping[str, Any] | None = None) -> Iterator[list[dict]]:
        """Each page's `value` list, following `@odata.nextLink` (Graph, Defender for Endpoint)."""
        payload = self.get_json(url, params=params)
        while True:
            yield require(payload, "value", list, source=self.source_name, path=display_path(url))
            next_link = payload.get("@odata.nextLink") if isinstance(payload, dict) else None
            if not next_link:
                return
            self.check_same_origin(next_link)
            url = next_link
            # The link carries the query (filters, skip token) itself.
            payload = self.get_json(next_link)


def clean_secret(value: str, *, source: str, what: str, header: bool = True) -> str:
    """A credential as typed, minus surrounding blanks (a pasted newline is common). A value
    that could not travel in a header is refused here, before httpx would echo it in a trace.
    Sent as is in a header (`header`), it must also be ASCII: httpx cannot encode an accented
    letter there and would fail with a UnicodeEncodeError, which no SourceError explains. Basic
    auth and a form body encode it themselves (`header=False`)."""
    cleaned = (value or "").strip()
    control = any(ord(char) < 32 or ord(char) == 127 for char in cleaned)
    if control or (header and not cleaned.isascii()):
        examples = "lettre accentuée, retour à la ligne, tabulation…" if header else "retour à la ligne, tabulation…"
        raise AuthenticationRefused(
            f"{source} : {what} contient des caractères non autorisés ({examples}).",
            source=source,
            code="format",
        )
    return cleaned


def require(payload: Any, key: str, kind: type | tuple[type, ...], *, source: str, path: str) -> Any:
    """payload[key], checked to be of `kind`; a missing or mistyped key is an UnexpectedResponse."""
    if not isinstance(payload, dict) or key not in payload:
        raise UnexpectedResponse.build(source=source, path=path, reason=f"la clé « {key} » est absente")
    value = payload[key]
    if not isinstance(value, kind):
        raise UnexpectedResponse.build(source=source, path=path, reason=f"la clé « {key} » n'a pas le type attendu")
    return value


def offset_pages(fetch: Callable[[int, int], list], *, page_size: int, max_pages: int = 10_000) -> Iterator[list]:
    """Pages from `fetch(offset, limit)` until a short page: Nextcloud's limit/offset paging."""
    offset = 0
    for _ in range(max_pages):
        page = fetch(offset, page_size)
        if page:
            yield page
        if len(page) < page_size:
            return
        offset += page_size


class ContentRange:
    """A parsed `Content-Range: <first>-<last>/<total>` header (GLPI's paging)."""

    __slots__ = ("first", "last", "total")

    def __init__(self, first: int, last: int, total: int):
        self.first, self.last, self.total = first, last, total

    @property
    def is_last_page(self) -> bool:
        return self.last + 1 >= self.total


_CONTENT_RANGE = re.compile(r"^\s*(?:items\s+)?(\d+)-(\d+)/(\d+)\s*$")


def parse_content_range(value: str | None) -> ContentRange | None:
    match = _CONTENT_RANGE.match(value or "")
    return ContentRange(*(int(group) for group in match.groups())) if match else None


def transport_failure(source: str, path: str, error: httpx.TransportError) -> SourceError:
    """The SourceError for a transport failure. Never str(error) in it: httpx may include the
    URL, and with it a query string. Every network-level failure reads the same (see
    `connectors.network`); a certificate refused by TLS is said, as it is for the user to fix."""
    text = str(error).lower()
    if isinstance(error, httpx.ConnectError) and "certificate" in text:
        return SourceUnreachable.build(source=source, path=path, reason="certificat TLS refusé")
    if isinstance(error, httpx.LocalProtocolError):
        return SourceUnreachable.build(source=source, path=path, reason="requête refusée par le client HTTP")
    logger.warning("%s : %s sur %s", source, type(error).__name__, path)
    return SourceUnreachable.neutral(source=source, path=path)
