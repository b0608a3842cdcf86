"""Where a connector may connect, and how long it waits.

A connector is pointed at an address typed on a page by a Référent SI: without a rule, the
« tester la connexion » button would let them probe this server's own loopback services (the
database, the cache, a broker) or the cloud metadata address. So every destination is
resolved here, every address it resolves to is checked, and the connection is made to the
checked address (not to the name again, which a DNS server could by then answer differently).

By default loopback (127.0.0.0/8, ::1), link-local (169.254.0.0/16, fe80::/10) and
unspecified (0.0.0.0/8, ::) addresses are refused; `GOUVERNAIL_CONNECTOR_ALLOWED_NETWORKS`
(comma-separated CIDRs, e.g. « 127.0.0.0/8,::1/128 » for a demo whose sources run on the same
machine) opens such ranges again. Other addresses, the private ranges where GestSup or GLPI
usually live included, are allowed.

Through an HTTP proxy named by the environment (HTTPS_PROXY…), httpx connects to the proxy and
the proxy to the source: the rule then belongs to the proxy's own configuration.

Every network-level failure — refused by this rule, unknown name, connection refused, reset
or timed out — reads the same to the user (`UNREACHABLE`): telling them apart would tell which
ports are open. The server log keeps the detail for the administrator.
"""

import ipaddress
import logging
import socket
from collections.abc import Iterable

from django.conf import settings

__all__ = (
    "CONNECT_TIMEOUT",
    "PROBE_TIMEOUT",
    "DestinationRefused",
    "allowed_networks",
    "checked_addresses",
    "is_refused",
    "parse_networks",
    "unreachable_message",
)

logger = logging.getLogger("gouvernail.connectors")

# Seconds to open a TCP connection: a server on the local network answers in milliseconds.
CONNECT_TIMEOUT = 5.0
# Seconds a « tester la connexion » waits for each answer: the page is held meanwhile.
PROBE_TIMEOUT = 5.0

SETTING = "GOUVERNAIL_CONNECTOR_ALLOWED_NETWORKS"
# Refused unless the setting allows them.
GUARDED_NETWORKS = tuple(
    ipaddress.ip_network(cidr)
    for cidr in ("127.0.0.0/8", "::1/128", "169.254.0.0/16", "fe80::/10", "0.0.0.0/8", "::/128")
)

UNREACHABLE_ADVICE = (
    "Vérifiez le nom ou l'adresse du serveur, son port, le DNS, le pare-feu, et que cette destination "
    f"est autorisée aux connecteurs ({SETTING})."
)


def unreachable_message(source: str) -> str:
    """The one sentence for every network-level failure of a source."""
    return f"{source} injoignable : aucune connexion n'a pu être établie avec le serveur."


class DestinationRefused(OSError):
    """A destination is refused by the policy or cannot be resolved. The message is for the
    server log only (it says which rule refused): users get `unreachable_message`."""


def parse_networks(items: Iterable[str]) -> tuple[list, list[str]]:
    """(networks, the items that are not a CIDR). A network with host bits set
    (« 127.0.0.1/8 ») is read as the network it belongs to."""
    networks, invalid = [], []
    for item in items:
        text = str(item).strip()
        if not text:
            continue
        try:
            networks.append(ipaddress.ip_network(text, strict=False))
        except ValueError:
            invalid.append(text)
    return networks, invalid


def setting_items() -> list[str]:
    value = getattr(settings, SETTING, ())
    if isinstance(value, str):
        value = value.split(",")
    return [str(item) for item in value or ()]


def allowed_networks() -> list:
    # An unreadable entry allows nothing (the system check names it).
    return parse_networks(setting_items())[0]


def _normalised(address) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    # « ::ffff:127.0.0.1 » reaches 127.0.0.1: judge it as such.
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def is_refused(address: str, allowed: list | None = None) -> bool:
    ip = _normalised(ipaddress.ip_address(address.split("%", 1)[0]))
    if not any(ip in network for network in GUARDED_NETWORKS):
        return False
    allowed = allowed_networks() if allowed is None else allowed
    return not any(ip.version == network.version and ip in network for network in allowed)


def checked_addresses(host: str, port: int) -> list[str]:
    """The addresses `host` resolves to, all of them allowed, in the resolver's order.

    Raises DestinationRefused when the name does not resolve or when any of its addresses is
    refused (a name mixing an allowed and a refused address is refused whole)."""
    name = (host or "").strip().strip("[]")
    if not name:
        raise DestinationRefused("aucun serveur indiqué")
    try:
        infos = socket.getaddrinfo(name, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise DestinationRefused(f"{name} : nom introuvable ({error.__class__.__name__})") from None
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    allowed = allowed_networks()
    refused = [address for address in addresses if is_refused(address, allowed)]
    if refused or not addresses:
        raise DestinationRefused(f"{name} : adresse {', '.join(refused) or '?'} refusée par {SETTING}")
    return addresses


def log_failure(source: str, host: str, port, error: BaseException) -> None:
    """The detail the user is not shown, for the administrator."""
    logger.warning("%s : connexion à %s:%s impossible (%s : %s)", source, host, port, type(error).__name__, error)
