"""GLPI's legacy REST API (`apirest.php`, GLPI 9.1–11): session, computers, tickets.

A session is opened with the API client's App-Token and a user's API token, carried by
`Session-Token` afterwards, and killed at the end (use the client as a context manager).
Lists are paged with `range=first-last`: GLPI answers 206 and `Content-Range: a-b/total`
while more remains, 200 for the last (or only) page.
"""

import logging
from collections.abc import Iterator

import httpx

from gouvernail.connectors.http import (
    AuthenticationRefused,
    SourceClient,
    SourceError,
    UnexpectedResponse,
    clean_secret,
    parse_content_range,
    require,
)

logger = logging.getLogger("gouvernail.connectors")

PAGE_SIZE = 500
# Computer search options: 1 name, 2 id, 5 serial, 23 manufacturer, 40 model, 45 OS name,
# 46 OS version, 48 OS kernel version ("10.0.22631", absent before GLPI 9.3), 80 entity,
# 19 last modification (date_mod), the search option of the incremental runs.
COMPUTER_COLUMNS = (1, 2, 5, 19, 23, 40, 45, 46, 48, 80)
DATE_MOD = 19
# Tickets fetched per `getMultipleItems` call on an incremental run (the query string stays short).
ITEMS_PER_CALL = 100


def modified_since(since: str) -> dict:
    """Search criteria « modified after `since` » (GLPI's local time, "YYYY-MM-DD HH:MM:SS")."""
    return {"criteria[0][field]": DATE_MOD, "criteria[0][searchtype]": "morethan", "criteria[0][value]": since}


_AUTH_ERRORS = {
    "ERROR_WRONG_APP_TOKEN_PARAMETER",
    "ERROR_APP_TOKEN_PARAMETERS_MISSING",
    "ERROR_GLPI_LOGIN_USER_TOKEN",
    "ERROR_GLPI_LOGIN",
    "ERROR_LOGIN_PARAMETERS_MISSING",
    "ERROR_SESSION_TOKEN_INVALID",
    "ERROR_SESSION_TOKEN_MISSING",
    "ERROR_NOT_ALLOWED_IP",
}


class GlpiClient(SourceClient):
    source_name = "GLPI"

    def __init__(self, base_url: str, *, user_token: str, app_token: str = "", **kwargs):
        self._user_token = clean_secret(user_token, source=self.source_name, what="le jeton d'API utilisateur")
        self._app_token = clean_secret(app_token, source=self.source_name, what="le jeton de l'application")
        self._session_token = ""
        super().__init__(base_url, **kwargs)

    # --- Session ----------------------------------------------------------------------------

    def __enter__(self):
        try:
            self.open()
        except BaseException:
            super().close()
            raise
        return self

    def open(self) -> None:
        response = self.request("GET", "/initSession", headers={"Authorization": f"user_token {self._user_token}"})
        payload = self.decode(response)
        self._session_token = require(payload, "session_token", str, source=self.source_name, path="/initSession")

    def close(self) -> None:
        try:
            if self._session_token:
                self.request("GET", "/killSession")
        except SourceError as error:
            # The session expires on its own; a failed logout must not hide the run's outcome.
            logger.warning("GLPI : fermeture de session impossible (%s)", type(error).__name__)
        finally:
            self._session_token = ""
            super().close()

    def request_headers(self) -> dict[str, str]:
        headers = {"App-Token": self._app_token} if self._app_token else {}
        if self._session_token:
            headers["Session-Token"] = self._session_token
        return headers

    def error_code(self, response: httpx.Response) -> str:
        # GLPI errors are ["ERROR_…", "localised message"].
        try:
            payload = response.json()
        except ValueError:
            return ""
        return str(payload[0])[:60] if isinstance(payload, list) and payload and isinstance(payload[0], str) else ""

    def raise_for_status(self, response: httpx.Response, path: str) -> None:
        code = self.error_code(response)
        if code in _AUTH_ERRORS:
            raise AuthenticationRefused.build(
                source=self.source_name, path=path, status=response.status_code, code=code
            )
        super().raise_for_status(response, path)

    # --- Lists ------------------------------------------------------------------------------

    def _ranged(self, path: str, params: dict, *, page_size: int, rows) -> Iterator[dict]:
        first = 0
        while True:
            response = self.request(
                "GET", path, params={**params, "range": f"{first}-{first + page_size - 1}"}, ok=(200, 206, 400)
            )
            if response.status_code == 400:
                if self.error_code(response) == "ERROR_RANGE_EXCEED_TOTAL":
                    return  # asked past the end: nothing (more) to read
                self.raise_for_status(response, path)
                raise UnexpectedResponse.build(source=self.source_name, path=path, reason="HTTP 400", status=400)
            yield from (row for row in rows(self.decode(response)) if isinstance(row, dict))
            content_range = parse_content_range(response.headers.get("Content-Range"))
            if response.status_code == 200 or content_range is None or content_range.is_last_page:
                return
            first = content_range.last + 1

    def probe(self) -> None:
        """The session is open (see `__enter__`); one computer and one ticket prove the rights."""
        next(iter(self.computers(page_size=1)), None)
        next(iter(self.tickets(page_size=1)), None)

    def _search_rows(self, path: str):
        def rows(payload):
            if isinstance(payload, dict) and payload.get("totalcount") == 0:
                return []
            data = require(payload, "data", (list, dict), source=self.source_name, path=path)
            return data.values() if isinstance(data, dict) else data  # dict with withindexes=true

        return rows

    def computers(self, *, page_size: int = PAGE_SIZE, since: str | None = None) -> Iterator[dict]:
        """Search rows keyed by search option id as text ("1", "45"…), one per computer; only
        those modified after `since` when given."""
        params = {f"forcedisplay[{i}]": column for i, column in enumerate(COMPUTER_COLUMNS)}
        if since:
            params.update(modified_since(since))
        return self._ranged("/search/Computer", params, page_size=page_size, rows=self._search_rows("/search/Computer"))

    def ticket_ids(self, since: str, *, deleted: bool = False, page_size: int = PAGE_SIZE) -> list[int]:
        """Ids of the tickets modified after `since`, in the trash (`deleted`) or not."""
        params = {**modified_since(since), "forcedisplay[0]": 2, "is_deleted": int(deleted)}
        rows = self._ranged("/search/Ticket", params, page_size=page_size, rows=self._search_rows("/search/Ticket"))
        return [int(row["2"]) for row in rows if str(row.get("2", "")).isdigit()]

    def tickets_modified(self, since: str) -> Iterator[dict]:
        """Raw rows (as `tickets` gives them) of the tickets modified after `since`: their ids
        from a search on the modification date, then the rows by `getMultipleItems`."""
        ids = self.ticket_ids(since)
        for start in range(0, len(ids), ITEMS_PER_CALL):
            params = {"expand_dropdowns": "true"}
            for index, number in enumerate(ids[start : start + ITEMS_PER_CALL]):
                params[f"items[{index}][itemtype]"] = "Ticket"
                params[f"items[{index}][items_id]"] = number
            payload = self.decode(self.request("GET", "/getMultipleItems", params=params))
            if not isinstance(payload, list):
                raise UnexpectedResponse.build(
                    source=self.source_name, path="/getMultipleItems", reason="liste attendue"
                )
            yield from (row for row in payload if isinstance(row, dict))

    def tickets(self, *, page_size: int = PAGE_SIZE) -> Iterator[dict]:
        """Raw ticket rows, dropdowns expanded to their names (category, entity…)."""

        def rows(payload):
            if not isinstance(payload, list):
                raise UnexpectedResponse.build(source=self.source_name, path="/Ticket", reason="liste attendue")
            return payload

        params = {"expand_dropdowns": "true", "is_deleted": "0", "sort": "id", "order": "ASC"}
        return self._ranged("/Ticket", params, page_size=page_size, rows=rows)
