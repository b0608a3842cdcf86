"""A fake GLPI legacy REST API: initSession/killSession, search/Computer, Ticket, ranges.

Tokens are checked as GLPI does (App-Token first, then `Authorization: user_token …`, then
`Session-Token` on every other call), with GLPI's `["ERROR_…", "message"]` bodies. Lists
honour `range=a-b`: 206 + `Content-Range: a-b/total` while more remains, 200 at the end.
`legacy=True` plays a GLPI 9.2 that has no kernel-version column (search option 48).
"""

import re
import secrets

from werkzeug import Request, Response

from gouvernail.connectors.tests.fakes.common import SECRET, Faults, json_response

APP_TOKEN = "app-" + SECRET
USER_TOKEN = "user-" + SECRET


def computer(n: int, *, os="Microsoft Windows 11 Professionnel", version="23H2", kernel="10.0.22631") -> dict:
    return {
        "1": f"PC-{n:03d}",
        "2": n,
        "5": f"SN{n:05d}",
        "19": "2025-03-06 10:00:00",
        "23": "Dell Inc.",
        "40": "OptiPlex 7010",
        "45": os,
        "46": version,
        "48": kernel,
        "80": "Entité racine > Mairie",
    }


def ticket(n: int, *, status=6, solvedate="2025-03-05 10:00:00", closedate="2025-03-06 10:00:00") -> dict:
    return {
        "id": n,
        "entities_id": "Entité racine > Mairie",
        "name": f"Imprimante bloquée chez M. Dupont {n}",
        "content": "&lt;p&gt;Bonjour, …&lt;/p&gt;",
        "date": "2025-03-04 09:12:44",
        "date_creation": "2025-03-04 09:12:44",
        "date_mod": "2025-03-06 10:00:00",
        "solvedate": solvedate,
        "closedate": closedate,
        "status": status,
        "type": 1 + n % 2,
        "urgency": 3,
        "impact": 3,
        "priority": 3,
        "itilcategories_id": "Matériel > Impression",
        "requesttypes_id": "Helpdesk",
        "locations_id": 0,
        "users_id_recipient": "dupont",
        "solve_delay_stat": 88000,
        "close_delay_stat": 176000,
        "takeintoaccount_delay_stat": 60,
        "waiting_duration": 0,
        "actiontime": 1800,
        "is_deleted": 0,
    }


def glpi_error(status: int, code: str, message: str) -> Response:
    return json_response([code, message], status=status)


class FakeGlpi:
    def __init__(self, server, *, computers=(), tickets=(), legacy=False, max_range: int = 1000):
        self.server = server
        self.computers = list(computers)
        self.tickets = list(tickets)
        self.legacy = legacy
        self.max_range = max_range
        self.sessions: set[str] = set()
        self.killed: list[str] = []
        self.faults = Faults()
        self.requests: list[Request] = []

    @property
    def url(self) -> str:
        return self.server.url_for("/apirest.php")

    def install(self) -> "FakeGlpi":
        self.server.expect_request("/apirest.php/initSession").respond_with_handler(self._init)
        self.server.expect_request("/apirest.php/killSession").respond_with_handler(self._kill)
        self.server.expect_request("/apirest.php/search/Computer").respond_with_handler(self._computers)
        self.server.expect_request("/apirest.php/Ticket").respond_with_handler(self._tickets)
        self.server.expect_request("/apirest.php/search/Ticket").respond_with_handler(self._ticket_search)
        self.server.expect_request("/apirest.php/getMultipleItems").respond_with_handler(self._items)
        return self

    def _app_token_refused(self, request: Request) -> Response | None:
        self.requests.append(request)
        if request.headers.get("App-Token") != APP_TOKEN:
            return glpi_error(400, "ERROR_WRONG_APP_TOKEN_PARAMETER", "Paramètre app_token incorrect")
        return None

    def _init(self, request: Request) -> Response:
        if refused := self._app_token_refused(request):
            return refused
        if fault := self.faults.check("initSession"):
            return fault
        if request.headers.get("Authorization") != f"user_token {USER_TOKEN}":
            return glpi_error(401, "ERROR_GLPI_LOGIN_USER_TOKEN", "le paramètre user_token semble incorrect")
        token = secrets.token_hex(13)
        self.sessions.add(token)
        return json_response({"session_token": token})

    def _session_refused(self, request: Request) -> Response | None:
        if refused := self._app_token_refused(request):
            return refused
        if request.headers.get("Session-Token") not in self.sessions:
            return glpi_error(401, "ERROR_SESSION_TOKEN_INVALID", "session_token semble incorrect")
        return None

    def _kill(self, request: Request) -> Response:
        if refused := self._session_refused(request):
            return refused
        self.sessions.discard(request.headers["Session-Token"])
        self.killed.append(request.headers["Session-Token"])
        return json_response(True)

    def _range(self, request: Request, total: int) -> tuple[int, int] | Response:
        match = re.fullmatch(r"(\d+)-(\d+)", request.args.get("range", "0-49"))
        first, last = int(match.group(1)), int(match.group(2))
        if total and first >= total:
            return glpi_error(400, "ERROR_RANGE_EXCEED_TOTAL", "Le nombre de lignes demandées dépasse le total")
        return first, min(last, first + self.max_range - 1, max(total - 1, 0))

    def _page(self, request: Request, name: str, items: list, body) -> Response:
        if refused := self._session_refused(request):
            return refused
        bounds = self._range(request, len(items))
        if isinstance(bounds, Response):
            return bounds
        first, last = bounds
        if fault := self.faults.check(f"{name}:{first}"):
            return fault
        chunk = items[first : last + 1]
        more = last + 1 < len(items)
        headers = {"Content-Range": f"{first}-{last}/{len(items)}", "Accept-Range": f"{name} 1000"}
        return json_response(body(chunk), status=206 if more else 200, headers=headers)

    @staticmethod
    def _modified_after(request: Request, rows: list, key: str) -> list:
        """GLPI's `morethan` criterion on date_mod (search option 19); other criteria are not played."""
        if request.args.get("criteria[0][field]") != "19":
            return rows
        assert request.args.get("criteria[0][searchtype]") == "morethan"
        after = request.args["criteria[0][value]"]
        return [row for row in rows if (row.get(key) or "") > after]

    def _computers(self, request: Request) -> Response:
        wanted = [value for key, value in request.args.items() if key.startswith("forcedisplay")]
        if self.legacy:
            wanted = [column for column in wanted if column != "48"]
        computers = self._modified_after(request, self.computers, "19")
        total = len(computers)

        def body(chunk):
            rows = [{column: row.get(column) for column in wanted if column in row} for row in chunk]
            return {
                "totalcount": total,
                "count": len(rows),
                "sort": [1],
                "order": ["ASC"],
                "data": rows,
                "content-range": f"{request.args.get('range')}/{total}",
            }

        return self._page(request, "Computer", computers, body)

    def _tickets(self, request: Request) -> Response:
        return self._page(request, "Ticket", self.tickets, lambda chunk: chunk)

    def _ticket_search(self, request: Request) -> Response:
        deleted = request.args.get("is_deleted", "0") == "1"
        tickets = [t for t in self.tickets if bool(t.get("is_deleted")) == deleted]
        tickets = self._modified_after(request, tickets, "date_mod")

        def body(chunk):
            return {"totalcount": len(tickets), "count": len(chunk), "data": [{"2": t["id"]} for t in chunk]}

        return self._page(request, "search/Ticket", tickets, body)

    def _items(self, request: Request) -> Response:
        if refused := self._session_refused(request):
            return refused
        wanted = {int(value) for key, value in request.args.items() if key.endswith("[items_id]")}
        return json_response([t for t in self.tickets if t["id"] in wanted])
