"""A fake Nextcloud: serverinfo, provisioning `cloud/users/details`, group/team folders.

`legacy=True` answers like an older release (NC 25-ish serverinfo: `last30days`, no
`num_disabled_users`; group folders without the NC 32 keys; accounts without
`lastLoginTimestamp`, a never-logged account with a bare quota).
"""

from werkzeug import Request, Response

from gouvernail.connectors.nextcloud.client import GROUP_FOLDERS_PATH, SERVERINFO_PATH, USERS_DETAILS_PATH
from gouvernail.connectors.tests.fakes.common import SECRET, Faults, basic_credentials, json_response

USERNAME = "gouvernail-admin"
GIB = 1024**3


def ocs(data, *, version: int = 2, status: int = 200, message: str = "OK") -> dict:
    ok = status < 400
    code = (200 if version == 2 else 100) if ok else (status if version == 2 else 997)
    return {
        "ocs": {
            "meta": {"status": "ok" if ok else "failure", "statuscode": code, "message": message},
            "data": data,
        }
    }


def account(uid: str, groups: list[str], *, used: int, last_login_s: int, legacy: bool = False) -> dict:
    item = {
        "id": uid,
        "enabled": True,
        "lastLogin": last_login_s * 1000,
        "backend": "LDAP",
        "subadmin": [],
        "groups": groups,
        "quota": {"free": 10 * GIB - used, "used": used, "total": 10 * GIB, "relative": used / GIB, "quota": 10 * GIB},
        "manager": "",
        "email": f"{uid}@mairie.example",
        "displayname": uid.title(),
        "display-name": uid.title(),
        "language": "fr",
        "locale": "fr_FR",
        "backendCapabilities": {"setDisplayName": False, "setPassword": False},
    }
    if not legacy:
        item["firstLoginTimestamp"] = 1600000000
        item["lastLoginTimestamp"] = last_login_s
    if last_login_s == 0:  # never logged in: the filesystem was never set up
        item["quota"] = {"quota": 10 * GIB, "used": 0}
    return item


def folder(folder_id: int, mount_point: str, groups: dict[str, int], *, acl: bool, manage: list, legacy=False) -> dict:
    item = {
        "id": folder_id,
        "mount_point": mount_point,
        "quota": -3,
        "size": 5 * GIB,
        "acl": acl,
        "groups": groups,
        "group_details": {g: {"displayName": g, "permissions": p, "type": "group"} for g, p in groups.items()},
        "manage": manage,
    }
    if not legacy:
        item |= {"acl_default_no_permission": False, "team_circle_id": None, "sortIndex": 0}
    return item


class FakeNextcloud:
    def __init__(self, server, *, legacy: bool = False, users: list[dict] | None = None, folders=None):
        self.server = server
        self.legacy = legacy
        self.faults = Faults()
        self.requests: list[Request] = []
        self.users = users if users is not None else []
        self.folders = folders if folders is not None else {}

    @property
    def url(self) -> str:
        return self.server.url_for("/").rstrip("/")

    def install(self) -> "FakeNextcloud":
        self.server.expect_request(SERVERINFO_PATH).respond_with_handler(self._serverinfo)
        self.server.expect_request(USERS_DETAILS_PATH).respond_with_handler(self._users)
        self.server.expect_request(GROUP_FOLDERS_PATH).respond_with_handler(self._folders)
        return self

    def _refused(self, request: Request, *, version: int) -> Response | None:
        self.requests.append(request)
        if basic_credentials(request) != (USERNAME, SECRET):
            # serverinfo answers {"message":"Unauthorized"}; OCS routes an OCS failure.
            if request.path == SERVERINFO_PATH:
                return json_response({"message": "Unauthorized"}, status=401)
            return json_response(ocs([], version=version, status=401, message="Current user is not logged in"), 401)
        if request.headers.get("OCS-APIRequest") != "true" and request.path != SERVERINFO_PATH:
            return json_response(ocs([], version=version, status=412, message="CSRF check failed"), 412)
        return None

    def _serverinfo(self, request: Request) -> Response:
        if refused := self._refused(request, version=2):
            return refused
        if fault := self.faults.check("serverinfo"):
            return fault
        storage = {
            "num_users": 112,
            "num_files": 708860,
            "num_storages": 125,
            "num_storages_local": 2,
            "num_storages_home": 112,
            "num_storages_other": 11,
        }
        shares = {
            "num_shares": 340,
            "num_shares_user": 120,
            "num_shares_groups": 40,
            "num_shares_link": 150,
            "num_shares_mail": 10,
            "num_shares_room": 5,
            "num_shares_link_no_password": 97,
            "num_fed_shares_sent": 0,
            "num_fed_shares_received": 0,
            "permissions_3_1": 150,
        }
        active = {"last5minutes": 2, "last1hour": 8, "last24hours": 41, "last7days": 77}
        if self.legacy:
            active["last30days"] = 93
            version = "25.0.13.2"
        else:
            storage |= {"num_disabled_users": 9, "size_appdata_storage": 1234567.0, "num_files_appdata": 5400}
            active |= {"last1month": 95, "last3months": 101, "last6months": 104, "lastyear": 108}
            version = "31.0.5.1"
        data = {
            "nextcloud": {
                "system": {
                    "version": version,
                    "freespace": 48472801280,
                    "cpuload": [0.52, 0.41, 0.38],
                    "cpunum": 4,
                    "mem_total": 8379584512,
                    "mem_free": 4321234944,
                },
                "storage": storage,
                "shares": shares,
            },
            "server": {
                "webserver": "Apache",
                "php": {"version": "8.3.9"},
                "fpm": False,
                "database": {"type": "pgsql", "version": "16.3", "size": "331382784"},
            },
            "activeUsers": active,
        }
        return json_response(ocs(data, version=2))

    def _users(self, request: Request) -> Response:
        if refused := self._refused(request, version=2):
            return refused
        limit = int(request.args.get("limit", 0)) or len(self.users)
        offset = int(request.args.get("offset", 0))
        page = offset // limit + 1 if limit else 1
        if fault := self.faults.check(f"users:{page}"):
            return fault
        chunk = self.users[offset : offset + limit]
        return json_response(ocs({"users": {item["id"]: item for item in chunk} or []}, version=2))

    def _folders(self, request: Request) -> Response:
        # Reached through index.php, the app answers with OCS v1 codes.
        if refused := self._refused(request, version=1):
            return refused
        if fault := self.faults.check("folders"):
            return fault
        return json_response(ocs({str(k): v for k, v in self.folders.items()} or [], version=1))
