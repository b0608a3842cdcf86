"""Building blocks of the fake sources: JSON responses, auth checks, injected failures.

Each fake (one module per source) registers werkzeug handlers on a pytest-httpserver
`HTTPServer` bound to loopback; the handlers check the credentials as the real product
does and answer its documented shapes. `Faults` lets a test break a given call: throttle
it, fail it with a 5xx, make it slow, send unreadable JSON or JSON of another shape.
"""

import base64
import json
import time
from dataclasses import dataclass, field

from werkzeug import Request, Response

SECRET = "s3cr3t-Ne-Doit-Jamais-Apparaitre-42"


def json_response(payload, status: int = 200, headers: dict | None = None) -> Response:
    return Response(json.dumps(payload), status=status, headers=headers or {}, content_type="application/json")


def basic_credentials(request: Request) -> tuple[str, str] | None:
    header = request.headers.get("Authorization", "")
    if not header.startswith("Basic "):
        return None
    try:
        user, _, password = base64.b64decode(header[6:]).decode().partition(":")
    except ValueError:
        return None
    return user, password


def bearer(request: Request) -> str:
    header = request.headers.get("Authorization", "")
    return header[7:] if header.startswith("Bearer ") else ""


@dataclass
class Fault:
    kind: str  # "throttle", "error", "slow", "bad_json", "wrong_shape"
    times: int = 1
    status: int = 500
    retry_after: str | None = "2"
    delay: float = 1.0


@dataclass
class Faults:
    """Failures to inject, per call name ("users:2" = the second page of users)."""

    planned: dict[str, Fault] = field(default_factory=dict)
    calls: list[str] = field(default_factory=list)

    def add(self, call: str, kind: str, **options) -> None:
        self.planned[call] = Fault(kind, **options)

    def check(self, call: str) -> Response | None:
        """The faulty response for this call, if one is planned and not yet used up."""
        self.calls.append(call)
        fault = self.planned.get(call)
        if fault is None or fault.times <= 0:
            return None
        fault.times -= 1
        if fault.kind == "throttle":
            headers = {"Retry-After": fault.retry_after} if fault.retry_after is not None else {}
            return json_response({"error": "too many requests"}, status=429, headers=headers)
        if fault.kind == "error":
            return Response("Internal Server Error", status=fault.status, content_type="text/html")
        if fault.kind == "slow":
            time.sleep(fault.delay)
            return None
        if fault.kind == "bad_json":
            return Response('{"ocs": {"meta": ', status=200, content_type="application/json")
        if fault.kind == "wrong_shape":  # readable JSON, but none of the keys the product documents
            return json_response({"résultat": [], "version": "inconnue"})
        raise ValueError(fault.kind)


class SleepRecorder:
    """Stands in for time.sleep: records the delays the client asked for."""

    def __init__(self):
        self.delays: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)
