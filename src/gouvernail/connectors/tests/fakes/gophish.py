"""A fake GoPhish admin API (v0.12): campaign summaries, results and summary per campaign.

Recipients are given as (email, status, reported). Stats are computed the way GoPhish's
`getCampaignStats` does (count by status, then add the further stages), independently of
the mapper, so that a test can compare the two. `legacy=True` drops `email_reported` and
`reported`, which older releases did not have.
"""

import re

from werkzeug import Request, Response

from gouvernail.connectors.tests.fakes.common import SECRET, Faults, json_response

API_KEY = SECRET


def stats_of(results: list[dict]) -> dict:
    by_status = {}
    for result in results:
        by_status[result["status"]] = by_status.get(result["status"], 0) + 1
    submitted = by_status.get("Submitted Data", 0)
    clicked = by_status.get("Clicked Link", 0) + submitted
    opened = by_status.get("Email Opened", 0) + clicked
    sent = by_status.get("Email Sent", 0) + opened
    return {
        "total": len(results),
        "sent": sent,
        "opened": opened,
        "clicked": clicked,
        "submitted_data": submitted,
        "email_reported": sum(1 for r in results if r.get("reported")),
        "error": by_status.get("Error", 0),
    }


class FakeGophish:
    def __init__(self, server, campaigns: dict[int, list[tuple[str, str, bool]]], *, legacy: bool = False):
        self.server = server
        self.legacy = legacy
        self.faults = Faults()
        self.campaigns = campaigns

    @property
    def url(self) -> str:
        return self.server.url_for("/").rstrip("/")

    def install(self) -> "FakeGophish":
        self.server.expect_request("/api/campaigns/summary").respond_with_handler(self._summaries)
        self.server.expect_request(re.compile(r"^/api/campaigns/\d+/(results|summary)$")).respond_with_handler(
            self._campaign
        )
        return self

    def _refused(self, request: Request) -> Response | None:
        # middleware.RequireAPIKey: ?api_key= first, then the Authorization header minus "Bearer ".
        key = request.args.get("api_key") or request.headers.get("Authorization", "").removeprefix("Bearer ")
        if not key:
            return json_response({"success": False, "message": "API Key not set", "data": None}, 401)
        if key != API_KEY:
            return json_response({"success": False, "message": "Invalid API Key", "data": None}, 401)
        return None

    def results(self, campaign_id: int) -> list[dict]:
        rows = []
        for index, (email, status, reported) in enumerate(self.campaigns[campaign_id]):
            first, _, last = email.partition("@")[0].partition(".")
            row = {
                "id": f"r{campaign_id}x{index}",
                "status": status,
                "ip": "203.0.113.7",
                "latitude": 48.85,
                "longitude": 2.35,
                "send_date": "2025-03-04T09:00:01Z",
                "reported": reported,
                "modified_date": "2025-03-04T09:12:44Z",
                "email": email,
                "first_name": first.title(),
                "last_name": last.title(),
                "position": "Agent",
            }
            if self.legacy:
                del row["reported"], row["modified_date"]
            rows.append(row)
        return rows

    def summary(self, campaign_id: int) -> dict:
        stats = stats_of(self.results(campaign_id))
        if self.legacy:
            del stats["email_reported"]
        return {
            "id": campaign_id,
            "created_date": "2025-03-03T16:00:00Z",
            "launch_date": "2025-03-04T09:00:00Z",
            "send_by_date": "0001-01-01T00:00:00Z",
            "completed_date": "2025-03-18T17:00:00Z",
            "status": "Completed",
            "name": f"Sensibilisation {campaign_id}",
            "stats": stats,
        }

    def _summaries(self, request: Request) -> Response:
        if refused := self._refused(request):
            return refused
        if fault := self.faults.check("summaries"):
            return fault
        campaigns = [self.summary(campaign_id) for campaign_id in self.campaigns]
        return json_response({"total": len(campaigns), "campaigns": campaigns})

    def _campaign(self, request: Request) -> Response:
        if refused := self._refused(request):
            return refused
        _, _, campaign_id, kind = request.path.strip("/").split("/")
        if fault := self.faults.check(f"{kind}:{campaign_id}"):
            return fault
        if int(campaign_id) not in self.campaigns:
            return json_response({"success": False, "message": "Campaign not found", "data": None}, 404)
        if kind == "summary":
            return json_response(self.summary(int(campaign_id)))
        timeline = [
            {
                "campaign_id": int(campaign_id),
                "email": "",
                "time": "2025-03-04T08:59:50Z",
                "message": "Campaign Created",
                "details": "",
            }
        ]
        return json_response(
            {
                "id": int(campaign_id),
                "name": f"Sensibilisation {campaign_id}",
                "status": "Completed",
                "results": self.results(int(campaign_id)),
                "timeline": timeline,
            }
        )
