"""Fake Microsoft Entra ID (OIDC discovery + v2.0 token endpoint) and fake Graph v1.0.

`FakeEntra` answers msal's tenant discovery and the client-credentials grant; it issues
`ACCESS_TOKEN` to the right client id and secret, and Entra's own error bodies otherwise.
`FakeGraph` checks that bearer token, pages its lists by `page_size` with `@odata.nextLink`
(carrying `$skiptoken`), and can play a tenant without P1/P2 (`premium=False`).
"""

import json
from urllib.parse import parse_qs

from werkzeug import Request, Response

from gouvernail.connectors.tests.fakes.common import SECRET, Faults, bearer, json_response

TENANT = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"
CLIENT_ID = "11111111-2222-3333-4444-555555555555"
ACCESS_TOKEN = "eyJ0eXAiOiJKV1QiLCJhbGciOiJub25lIn0.jeton-graph-" + SECRET


class FakeEntra:
    def __init__(self, server, *, tenant: str = TENANT):
        self.server = server
        self.tenant = tenant
        self.token_requests: list[dict] = []

    @property
    def authority_host(self) -> str:
        return f"https://127.0.0.1:{self.server.port}"

    def install(self) -> "FakeEntra":
        base = f"/{self.tenant}"
        self.server.expect_request(f"{base}/v2.0/.well-known/openid-configuration").respond_with_json(
            {
                "issuer": f"{self.authority_host}/{self.tenant}/v2.0",
                "authorization_endpoint": f"{self.authority_host}{base}/oauth2/v2.0/authorize",
                "token_endpoint": f"{self.authority_host}{base}/oauth2/v2.0/token",
                "jwks_uri": f"{self.authority_host}{base}/discovery/v2.0/keys",
                "response_types_supported": ["code", "id_token", "token id_token"],
                "tenant_region_scope": "EU",
            }
        )
        self.server.expect_request(f"{base}/oauth2/v2.0/token", method="POST").respond_with_handler(self._token)
        # Any other tenant: Entra's discovery answers 400.
        self.server.expect_request("/inconnu/v2.0/.well-known/openid-configuration").respond_with_json(
            {"error": "invalid_tenant", "error_description": "AADSTS90002: Tenant 'inconnu' not found."}, 400
        )
        return self

    def _token(self, request: Request) -> Response:
        form = {key: values[0] for key, values in parse_qs(request.get_data(as_text=True)).items()}
        self.token_requests.append(form)
        if form.get("grant_type") != "client_credentials":
            return json_response({"error": "unsupported_grant_type"}, 400)
        if form.get("client_id") != CLIENT_ID:
            return json_response(
                {
                    "error": "unauthorized_client",
                    "error_codes": [700016],
                    "error_description": f"AADSTS700016: Application with identifier '{form.get('client_id')}' "
                    "was not found in the directory.",
                },
                400,
            )
        if form.get("client_secret") != SECRET:
            return json_response(
                {
                    "error": "invalid_client",
                    "error_codes": [7000215],
                    "error_description": "AADSTS7000215: Invalid client secret provided. Ensure the secret being "
                    "sent in the request is the client secret value, not the client secret ID.",
                },
                401,
            )
        return json_response(
            {"token_type": "Bearer", "expires_in": 3599, "ext_expires_in": 3599, "access_token": ACCESS_TOKEN}
        )


def graph_error(status: int, code: str, message: str) -> Response:
    body = {
        "error": {
            "code": code,
            "message": message,
            "innerError": {"date": "2026-11-28T10:00:00", "request-id": "r", "client-request-id": "c"},
        }
    }
    return Response(json.dumps(body), status=status, content_type="application/json")


class FakeGraph:
    def __init__(self, server, *, users=(), registrations=(), devices=(), page_size: int = 2, premium: bool = True):
        self.server = server
        self.collections = {
            "/v1.0/users": list(users),
            "/v1.0/reports/authenticationMethods/userRegistrationDetails": list(registrations),
            "/v1.0/deviceManagement/managedDevices": list(devices),
        }
        self.page_size = page_size
        self.premium = premium
        self.faults = Faults()
        self.requests: list[Request] = []

    @property
    def url(self) -> str:
        return self.server.url_for("/").rstrip("/")

    def install(self) -> "FakeGraph":
        for path in self.collections:
            self.server.expect_request(path).respond_with_handler(self._list)
        return self

    def _list(self, request: Request) -> Response:
        self.requests.append(request)
        token = bearer(request)
        if not token:
            return graph_error(401, "InvalidAuthenticationToken", "Access token is empty.")
        if token != ACCESS_TOKEN:
            return graph_error(401, "InvalidAuthenticationToken", "IDX14100: JWT is not well formed.")
        select = request.args.get("$select", "")
        if not self.premium and ("signInActivity" in select or "Registration" in request.path):
            return graph_error(
                403,
                "Authentication_RequestFromNonPremiumTenantOrB2CTenant",
                "Neither tenant is B2C or tenant doesn't have premium license",
            )
        if "signInActivity" in select and int(request.args.get("$top", 100)) > 120:
            return graph_error(400, "Request_UnsupportedQuery", "The page size cannot exceed 120 with signInActivity.")
        items = self.collections[request.path]
        skip = int(request.args.get("$skiptoken", 0))
        name = request.path.rsplit("/", 1)[-1]
        if fault := self.faults.check(f"{name}:{skip // self.page_size + 1}"):
            return fault
        fields = [f for f in select.split(",") if f]
        page = [
            {k: v for k, v in item.items() if not fields or k in fields or k == "id"}
            for item in items[skip : skip + self.page_size]
        ]
        body = {"@odata.context": f"https://graph.microsoft.com/v1.0/$metadata#{name}", "value": page}
        if skip + self.page_size < len(items):
            query = "&".join(f"{k}={v}" for k, v in request.args.items() if k != "$skiptoken")
            body["@odata.nextLink"] = f"{self.url}{request.path}?{query}&$skiptoken={skip + self.page_size}"
        return json_response(body)
