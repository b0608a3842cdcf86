"""Nextcloud over HTTP: serverinfo, the provisioning API and group/team folders.

Authentication is Basic with an admin account and an *app password* (never the account's
main password). Every OCS call sends `OCS-APIRequest: true` and asks for JSON.
"""

from collections.abc import Iterator
from typing import Any

import httpx

from gouvernail.connectors.errors import display_path
from gouvernail.connectors.http import (
    AuthenticationRefused,
    SourceClient,
    UnexpectedResponse,
    clean_secret,
    offset_pages,
    require,
)

SERVERINFO_PATH = "/ocs/v2.php/apps/serverinfo/api/v1/info"
USERS_DETAILS_PATH = "/ocs/v2.php/cloud/users/details"
GROUP_FOLDERS_PATH = "/index.php/apps/groupfolders/folders"
USERS_PAGE_SIZE = 200

# OCS meta.statuscode: 100 (v1) and 200 (v2) mean success; 997 is v1's "unauthorised".
_OCS_SUCCESS = {100, 200}
_OCS_UNAUTHORISED = {997, 401, 403}


class NextcloudClient(SourceClient):
    source_name = "Nextcloud"

    def __init__(self, base_url: str, *, username: str, app_password: str, **kwargs):
        headers = {"OCS-APIRequest": "true", **kwargs.pop("headers", {})}
        app_password = clean_secret(
            app_password, source=self.source_name, what="le mot de passe d'application", header=False
        )
        super().__init__(base_url, auth=(username.strip(), app_password), headers=headers, **kwargs)

    def ocs(self, path: str, *, params: dict | None = None) -> Any:
        """The `ocs.data` of an OCS call, v1 or v2 envelope alike."""
        response = self.request("GET", path, params={"format": "json", **(params or {})})
        return self.unwrap(response)

    def unwrap(self, response: httpx.Response) -> Any:
        path = display_path(response.request.url)
        payload = self.decode(response)
        ocs = require(payload, "ocs", dict, source=self.source_name, path=path)
        meta = require(ocs, "meta", dict, source=self.source_name, path=path)
        statuscode = meta.get("statuscode")
        if statuscode in _OCS_UNAUTHORISED:
            raise AuthenticationRefused.build(source=self.source_name, path=path, status=None, code=f"OCS {statuscode}")
        if statuscode not in _OCS_SUCCESS:
            raise UnexpectedResponse.build(
                source=self.source_name, path=path, reason=f"code OCS {statuscode} au lieu d'un succès"
            )
        if "data" not in ocs:
            raise UnexpectedResponse.build(source=self.source_name, path=path, reason="la clé « data » est absente")
        return ocs["data"]

    def server_info(self) -> dict:
        """serverinfo's `data` (`nextcloud`, `server`, `activeUsers`). Apps and update checks are
        skipped: with `skipApps=false` Nextcloud would call the app store for us."""
        data = self.ocs(SERVERINFO_PATH, params={"skipApps": "true", "skipUpdate": "true"})
        if not isinstance(data, dict):
            raise UnexpectedResponse.build(
                source=self.source_name, path=SERVERINFO_PATH, reason="« data » n'est pas un objet"
            )
        return data

    def user_details(self, *, page_size: int = USERS_PAGE_SIZE) -> Iterator[dict]:
        """Every account's detail object, one request per page of `page_size` accounts."""

        def fetch(offset: int, limit: int) -> list[dict]:
            data = self.ocs(USERS_DETAILS_PATH, params={"limit": limit, "offset": offset})
            users = require(data, "users", (dict, list), source=self.source_name, path=USERS_DETAILS_PATH)
            # PHP encodes an empty map as [] (the page after the last one).
            items = users.values() if isinstance(users, dict) else users
            return [item for item in items if isinstance(item, dict)]

        for page in offset_pages(fetch, page_size=page_size):
            yield from page

    def group_folders(self) -> list[dict]:
        """Every group (team) folder the account can see: all of them for an admin."""
        data = self.ocs(GROUP_FOLDERS_PATH)
        if isinstance(data, dict):
            return [folder for folder in data.values() if isinstance(folder, dict)]
        if isinstance(data, list):  # no folder at all: PHP's empty array
            return [folder for folder in data if isinstance(folder, dict)]
        raise UnexpectedResponse.build(
            source=self.source_name, path=GROUP_FOLDERS_PATH, reason="« data » n'est ni un objet ni une liste"
        )
