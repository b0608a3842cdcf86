"""Trusted time for the register's checkpoints: an RFC 3161 timestamp from a configured authority.

Optional: without `GOUVERNAIL_TSA_URL` (setting or environment variable) checkpoints carry only
the time the server states. With it, each checkpoint's signed text is sent (as its SHA-256) to the
timestamping authority, and the whole response is kept: `openssl ts -verify -data <text> -in
<response> -CAfile <the authority's CA>` checks it without Gouvernail.

The request and the few fields read back are encoded by hand (DER): the structures are tiny and
fixed, and no ASN.1 library is needed for them.
"""

import hashlib
import logging
import os
import secrets

import httpx
from django.conf import settings

__all__ = ("TimestampError", "request_der", "timestamp", "tsa_url")

logger = logging.getLogger(__name__)

SHA256_OID = bytes.fromhex("0609608648016503040201")  # OBJECT IDENTIFIER 2.16.840.1.101.3.4.2.1
GRANTED_STATUSES = {0, 1}  # granted, grantedWithMods (RFC 3161, section 2.4.2)


class TimestampError(Exception):
    """The authority could not be reached or refused the request (message in French)."""


def tsa_url() -> str:
    return getattr(settings, "GOUVERNAIL_TSA_URL", None) or os.environ.get("GOUVERNAIL_TSA_URL", "")


def _length(n: int) -> bytes:
    if n < 0x80:
        return bytes([n])
    body = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(body)]) + body


def _tlv(tag: int, value: bytes) -> bytes:
    return bytes([tag]) + _length(len(value)) + value


def _integer(n: int) -> bytes:
    body = n.to_bytes(n.bit_length() // 8 + 1, "big")  # one spare byte keeps it positive
    return _tlv(0x02, body)


def request_der(data: bytes, nonce: int) -> bytes:
    """TimeStampReq (RFC 3161, section 2.4.1): v1, SHA-256 imprint, nonce, certReq TRUE (so the
    token carries the authority's certificate and verifies with the CA alone)."""
    algorithm = _tlv(0x30, SHA256_OID + b"\x05\x00")
    imprint = _tlv(0x30, algorithm + _tlv(0x04, hashlib.sha256(data).digest()))
    return _tlv(0x30, _integer(1) + imprint + _integer(nonce) + b"\x01\x01\xff")


def _read(der: bytes, offset: int) -> tuple[int, int, int]:
    """(tag, start of the value, end of the value) of the element at `offset`."""
    tag, first = der[offset], der[offset + 1]
    start = offset + 2
    if first < 0x80:
        length = first
    else:
        count = first & 0x7F
        length = int.from_bytes(der[start : start + count], "big")
        start += count
    return tag, start, start + length


def response_status(der: bytes) -> int:
    """The PKIStatus of a TimeStampResp: SEQUENCE { SEQUENCE { INTEGER status, … }, token }."""
    tag, start, _end = _read(der, 0)
    if tag != 0x30:
        raise ValueError("réponse qui n'est pas une séquence DER")
    tag, start, _end = _read(der, start)
    if tag != 0x30:
        raise ValueError("statut absent")
    tag, start, end = _read(der, start)
    if tag != 0x02:
        raise ValueError("statut illisible")
    return int.from_bytes(der[start:end], "big")


def timestamp(data: bytes, *, url: str | None = None, timeout: float = 10.0) -> bytes:
    """Asks the authority for a timestamp of `data`; returns its DER TimeStampResp."""
    url = url or tsa_url()
    if not url:
        raise TimestampError("Aucune autorité d'horodatage n'est configurée (GOUVERNAIL_TSA_URL).")
    nonce = secrets.randbits(63)
    try:
        response = httpx.post(
            url,
            content=request_der(data, nonce),
            headers={"Content-Type": "application/timestamp-query"},
            timeout=timeout,
        )
    except httpx.HTTPError as error:
        raise TimestampError(f"L'autorité d'horodatage ({url}) ne répond pas : {error}") from error
    if response.status_code != 200:
        raise TimestampError(f"L'autorité d'horodatage ({url}) a répondu {response.status_code}.")
    try:
        status = response_status(response.content)
    except (ValueError, IndexError) as error:
        raise TimestampError(f"Réponse d'horodatage illisible : {error}.") from error
    if status not in GRANTED_STATUSES:
        raise TimestampError(f"L'autorité d'horodatage a refusé la demande (statut {status}).")
    # The token must be about this text: its imprint is in the signed TSTInfo.
    if hashlib.sha256(data).digest() not in response.content:
        raise TimestampError("Le jeton d'horodatage ne porte pas sur le point de contrôle envoyé.")
    return response.content
