"""A fake Defender for Endpoint machines API (`/api/machines`), OData-shaped.

Checks the bearer token like Graph's fake; pages with `$top`/`$skip` and, when
`next_links=True`, also adds `@odata.nextLink` as the API does for large tenants.
`max_page` caps a page below the `$top` asked (the API's own cap is 10 000), so that a
client reading with its default page size still meets several pages.
"""

from werkzeug import Request, Response

from gouvernail.connectors.tests.fakes.common import Faults, bearer, json_response
from gouvernail.connectors.tests.fakes.graph import ACCESS_TOKEN


def machine(
    n: int,
    *,
    host=None,
    platform="Windows11",
    build=22631,
    health="Active",
    onboarding="Onboarded",
    last_seen="2026-11-27T08:00:00Z",
) -> dict:
    return {
        "id": f"1e5b{n:04d}",
        "computerDnsName": host or f"pc-{n:03d}.mairie.local",
        "firstSeen": "2024-01-10T08:00:00Z",
        "lastSeen": last_seen,
        "osPlatform": platform,
        "version": "23H2",
        "osProcessor": "x64",
        "lastIpAddress": "10.0.0.12",
        "lastExternalIpAddress": "203.0.113.4",
        "osBuild": build,
        "healthStatus": health,
        "onboardingStatus": onboarding,
        "rbacGroupName": "Postes",
        "riskScore": "Low",
        "exposureLevel": "Medium",
        "isAadJoined": True,
        "aadDeviceId": f"aad-{n}",
        "machineTags": ["Mairie"],
        "defenderAvStatus": "Updated",
    }


def defender_error(status: int, code: str, message: str) -> Response:
    return json_response({"error": {"code": code, "message": message, "target": "c0ffee"}}, status=status)


class FakeDefender:
    def __init__(self, server, machines=(), *, next_links: bool = False, max_page: int | None = None):
        self.server = server
        self.machines = list(machines)
        self.next_links = next_links
        self.max_page = max_page
        self.faults = Faults()
        self.requests: list[Request] = []

    @property
    def url(self) -> str:
        return self.server.url_for("/").rstrip("/")

    def install(self) -> "FakeDefender":
        self.server.expect_request("/api/machines").respond_with_handler(self._machines)
        return self

    def _machines(self, request: Request) -> Response:
        self.requests.append(request)
        token = bearer(request)
        if token != ACCESS_TOKEN:
            return defender_error(401, "Unauthorized", "Authorization has been denied for this request.")
        top = min(int(request.args.get("$top", 10000)), self.max_page or 10000)
        skip = int(request.args.get("$skip", 0))
        if fault := self.faults.check(f"machines:{skip // top + 1}"):
            return fault
        body = {
            "@odata.context": "https://api.security.microsoft.com/api/$metadata#Machines",
            "value": self.machines[skip : skip + top],
        }
        if self.next_links and skip + top < len(self.machines):
            body["@odata.nextLink"] = f"{self.url}/api/machines?$top={top}&$skip={skip + top}"
        return json_response(body)
