"""Microsoft Graph over HTTP (v1.0): users, MFA registration details, Intune managed devices.

Every list follows `@odata.nextLink` (same host only). Licence-dependent data degrades
instead of failing the run: without Entra ID P1/P2, `signInActivity` and the registration
report answer 403, documented with the code below.
"""

from collections.abc import Iterator
from dataclasses import dataclass

from gouvernail.connectors.graph.auth import TokenProvider
from gouvernail.connectors.http import AuthenticationRefused, SourceClient, require

GRAPH_URL = "https://graph.microsoft.com"
USERS_PATH = "/v1.0/users"
REGISTRATIONS_PATH = "/v1.0/reports/authenticationMethods/userRegistrationDetails"
DEVICES_PATH = "/v1.0/deviceManagement/managedDevices"
# Without signInActivity: no display name, no phone, nothing we would not keep.
USER_FIELDS = "id,userPrincipalName,mail,accountEnabled,department,userType"
DEVICE_FIELDS = (
    "id,deviceName,operatingSystem,osVersion,complianceState,lastSyncDateTime,managedDeviceOwnerType,"
    "serialNumber,model,manufacturer,isEncrypted,azureADDeviceId"
)
NON_PREMIUM_TENANT = "Authentication_RequestFromNonPremiumTenantOrB2CTenant"
# Graph's page-size ceilings: 999 users, but 120 once signInActivity is selected (a higher
# $top fails or is cut, depending on the doc page).
USERS_PAGE = 999
USERS_WITH_SIGN_IN_PAGE = 120


@dataclass(frozen=True)
class Users:
    items: list[dict]
    sign_in_available: bool  # False: the tenant's licence hides signInActivity


class GraphClient(SourceClient):
    source_name = "Microsoft Graph"

    def __init__(self, *, token_provider: TokenProvider, base_url: str = GRAPH_URL, **kwargs):
        self._tokens = token_provider
        super().__init__(base_url, **kwargs)

    def request_headers(self) -> dict[str, str]:
        # msal caches the token until shortly before expiry: asking each time is cheap.
        return {"Authorization": f"Bearer {self._tokens.token()}"}

    def error_code(self, response) -> str:
        try:
            error = response.json().get("error", {})
        except (ValueError, AttributeError):
            return ""
        return str(error.get("code", ""))[:80] if isinstance(error, dict) else ""

    def _all(self, path: str, params: dict | None = None) -> Iterator[dict]:
        for page in self.odata_pages(path, params=params):
            yield from (item for item in page if isinstance(item, dict))

    def probe(self) -> None:
        """One user and one device: proves the token and both read permissions, cheaply, and
        that the answers are Graph's (a `value` list), as the sync will need."""
        for path in (USERS_PATH, DEVICES_PATH):
            payload = self.get_json(path, params={"$select": "id", "$top": 1})
            require(payload, "value", list, source=self.source_name, path=path)

    def users(self) -> Users:
        """Every user with enabled, department, type and, licence permitting, sign-in activity."""
        try:
            params = {"$select": USER_FIELDS + ",signInActivity", "$top": USERS_WITH_SIGN_IN_PAGE}
            items = list(self._all(USERS_PATH, params))
        except AuthenticationRefused as refused:
            if refused.status != 403:
                raise
            # Documented 403 for a tenant without P1/P2 (also seen when AuditLog.Read.All is missing):
            # the list without sign-ins is still worth having. A 403 again is a real refusal.
            return Users(
                items=list(self._all(USERS_PATH, {"$select": USER_FIELDS, "$top": 999})), sign_in_available=False
            )
        return Users(items=items, sign_in_available=True)

    def registration_details(self) -> list[dict] | None:
        """MFA/SSPR registration per user; None when the tenant's licence does not allow the report."""
        try:
            return list(self._all(REGISTRATIONS_PATH))
        except AuthenticationRefused as refused:
            if refused.status == 403 and refused.code == NON_PREMIUM_TENANT:
                return None
            raise

    def managed_devices(self) -> list[dict]:
        """Every Intune-managed device with OS, version, compliance, last sync and serial."""
        return list(self._all(DEVICES_PATH, {"$select": DEVICE_FIELDS}))
