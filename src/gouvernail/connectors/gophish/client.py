"""GoPhish's admin API over HTTP: campaign summaries and one campaign's results.

The key goes in the `Authorization` header (GoPhish also accepts `?api_key=`, which would
leave it in access logs: not used). The admin server usually has a self-signed certificate:
pass its CA file as `verify=` rather than disabling verification. GoPhish has no paging.
"""

from gouvernail.connectors.http import SourceClient, UnexpectedResponse, clean_secret, require

SUMMARIES_PATH = "/api/campaigns/summary"


def results_path(campaign_id: int) -> str:
    return f"/api/campaigns/{int(campaign_id)}/results"


def summary_path(campaign_id: int) -> str:
    return f"/api/campaigns/{int(campaign_id)}/summary"


class GophishClient(SourceClient):
    source_name = "GoPhish"

    def __init__(self, base_url: str, *, api_key: str, **kwargs):
        self._api_key = clean_secret(api_key, source=self.source_name, what="la clé d'API")
        super().__init__(base_url, **kwargs)

    def request_headers(self) -> dict[str, str]:
        # No key, no header: GoPhish then says "API Key not set", which is the right diagnosis.
        return {"Authorization": f"Bearer {self._api_key}"} if self._api_key else {}

    def error_code(self, response) -> str:
        # {"success": false, "message": "Invalid API Key", "data": null}
        try:
            message = response.json().get("message", "")
        except (ValueError, AttributeError):
            return ""
        return message if message in ("API Key not set", "Invalid API Key") else ""

    def campaign_summaries(self) -> list[dict]:
        """Every campaign's summary: id, name, status, dates and cumulative `stats`."""
        payload = self.get_json(SUMMARIES_PATH)
        return [c for c in require(payload, "campaigns", list, source=self.source_name, path=SUMMARIES_PATH) if c]

    def campaign_summary(self, campaign_id: int) -> dict:
        payload = self.get_json(summary_path(campaign_id))
        require(payload, "stats", dict, source=self.source_name, path=summary_path(campaign_id))
        return payload

    def campaign_results(self, campaign_id: int) -> dict:
        """The campaign with its `results` (one per recipient) and `timeline`."""
        path = results_path(campaign_id)
        payload = self.get_json(path)
        results = require(payload, "results", (list, type(None)), source=self.source_name, path=path)
        if results is None:  # Go encodes an empty slice as null
            payload["results"] = []
        if not isinstance(payload.get("id"), int):
            raise UnexpectedResponse.build(source=self.source_name, path=path, reason="identifiant de campagne absent")
        return payload
