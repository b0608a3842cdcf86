"""Microsoft Defender for Endpoint's machines API over HTTP (also Defender for Business).

App-only token for the Defender resource (`auth.DEFENDER_SCOPE`, permission Machine.Read.All),
then `GET /api/machines` paged by `$top`/`$skip`, following `@odata.nextLink` when the API
gives one. Limits: 100 calls a minute, 1 500 an hour — a nightly sync makes a handful.
"""

from collections.abc import Iterator

from gouvernail.connectors.graph.auth import TokenProvider
from gouvernail.connectors.http import SourceClient, require

DEFENDER_URL = "https://api.security.microsoft.com"
MACHINES_PATH = "/api/machines"
MAX_PAGE = 10_000


class DefenderClient(SourceClient):
    source_name = "Microsoft Defender for Endpoint"

    def __init__(self, *, token_provider: TokenProvider, base_url: str = DEFENDER_URL, **kwargs):
        self._tokens = token_provider
        super().__init__(base_url, **kwargs)

    def request_headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self._tokens.token()}"}

    def error_code(self, response) -> str:
        try:
            error = response.json().get("error", {})
        except (ValueError, AttributeError):
            return ""
        return str(error.get("code", ""))[:80] if isinstance(error, dict) else ""

    def probe(self) -> None:
        """One machine: proves the token and the Machine.Read.All permission, and that the
        answer is the machines API's (a `value` list), as the sync will need."""
        payload = self.get_json(MACHINES_PATH, params={"$top": 1})
        require(payload, "value", list, source=self.source_name, path=MACHINES_PATH)

    def machines(self, *, page_size: int = MAX_PAGE) -> Iterator[dict]:
        page_size = max(1, min(page_size, MAX_PAGE))
        skip = 0
        payload = self.get_json(MACHINES_PATH, params={"$top": page_size})
        while True:
            page = require(payload, "value", list, source=self.source_name, path=MACHINES_PATH)
            yield from (item for item in page if isinstance(item, dict))
            next_link = payload.get("@odata.nextLink")
            if next_link:
                self.check_same_origin(next_link)
                payload = self.get_json(next_link)
            elif len(page) >= page_size:
                skip += len(page)
                payload = self.get_json(MACHINES_PATH, params={"$top": page_size, "$skip": skip})
            else:
                return
