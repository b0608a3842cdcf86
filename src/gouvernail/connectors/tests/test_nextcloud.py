from datetime import date

import pytest

from gouvernail.connectors.http import (
    AuthenticationRefused,
    ServerError,
    SourceTimeout,
    Throttled,
    UnexpectedResponse,
)
from gouvernail.connectors.nextcloud.client import NextcloudClient
from gouvernail.connectors.nextcloud.mapper import map_account, map_server_info, map_space, usage_by_service
from gouvernail.connectors.tests.conftest import assert_secret_absent
from gouvernail.connectors.tests.fakes.common import SECRET
from gouvernail.connectors.tests.fakes.nextcloud import GIB, USERNAME, FakeNextcloud, account, folder

LAST_LOGIN = 1718000000  # 2024-06-10
SERVICES = {"Finances": "Finances", "DGS": "Direction générale", "Urbanisme": "Urbanisme"}


def seven_accounts(legacy=False):
    groups = [["Finances"], ["Finances", "DGS"], ["DGS"], ["Urbanisme"], ["Stagiaires"], ["Urbanisme"], []]
    return [
        account(
            f"agent{i}", g, used=(i + 1) * GIB, last_login_s=0 if i == 6 else LAST_LOGIN - i * 86400 * 20, legacy=legacy
        )
        for i, g in enumerate(groups)
    ]


def folders(legacy=False):
    return {
        3: folder(
            3,
            "Finances",
            {"Finances": 31, "DGS": 1},
            acl=True,
            manage=[{"type": "user", "id": "agent0", "displayname": "Agent 0"}],
            legacy=legacy,
        ),
        4: folder(4, "Commun", {"DGS": 31}, acl=False, manage=[], legacy=legacy),
    }


@pytest.fixture
def fake(httpserver):
    return FakeNextcloud(httpserver, users=seven_accounts(), folders=folders()).install()


def client_for(fake, sleeps, *, password=SECRET, timeout=5.0):
    return NextcloudClient(fake.url, username=USERNAME, app_password=password, sleep=sleeps, timeout=timeout)


def test_it_reads_serverinfo_of_a_recent_release(fake, sleeps):
    with client_for(fake, sleeps) as client:
        snapshot = map_server_info(client.server_info())
    assert snapshot.version == "31.0.5.1"
    assert (snapshot.accounts_seen, snapshot.accounts_disabled, snapshot.files) == (112, 9, 708860)
    assert (snapshot.link_shares, snapshot.link_shares_without_password) == (150, 97)
    assert snapshot.database_size == 331382784  # sent as a string
    assert (snapshot.active_last_24_hours, snapshot.active_last_month) == (41, 95)
    request = fake.requests[-1]
    assert request.args["format"] == "json" and request.args["skipApps"] == "true"


def test_an_older_release_degrades_to_what_it_reports(httpserver, sleeps):
    fake = FakeNextcloud(httpserver, legacy=True, users=seven_accounts(legacy=True), folders=folders(True)).install()
    with client_for(fake, sleeps) as client:
        snapshot = map_server_info(client.server_info())
        accounts = [map_account(item) for item in client.user_details(page_size=3)]
        spaces = [map_space(item) for item in client.group_folders()]
    assert snapshot.accounts_disabled is None
    assert snapshot.active_last_month == 93  # last30days
    assert accounts[0].last_login == date(2024, 6, 10)  # from lastLogin (ms) alone
    assert accounts[6].last_login is None and accounts[6].used_bytes == 0
    assert [space.mount_point for space in spaces] == ["Finances", "Commun"]


def test_it_pages_account_details_and_sums_them_per_service(fake, sleeps):
    with client_for(fake, sleeps) as client:
        accounts = [map_account(item) for item in client.user_details(page_size=3)]
    assert [a.uid for a in accounts] == [f"agent{i}" for i in range(7)]
    assert [call for call in fake.faults.calls if call.startswith("users")] == ["users:1", "users:2", "users:3"]
    assert all(r.headers["OCS-APIRequest"] == "true" for r in fake.requests)
    rows = usage_by_service(accounts, SERVICES.get, today=date(2024, 6, 30), active_within_days=90)
    usage = {u.service: u for u in rows}
    assert (usage["Finances"].accounts, usage["Finances"].active_accounts) == (2, 2)
    assert usage["Finances"].used_bytes == 3 * GIB  # agent1 is in DGS too, counted once
    assert usage["Direction générale"].accounts == 1
    assert (usage["Urbanisme"].accounts, usage["Urbanisme"].active_accounts) == (2, 1)
    assert (usage[None].accounts, usage[None].active_accounts) == (2, 0)  # Stagiaires and no group
    assert not any(hasattr(u, "uid") for u in usage.values())


def test_it_maps_spaces_and_flags_those_without_a_manager(fake, sleeps):
    with client_for(fake, sleeps) as client:
        spaces = {space.mount_point: space for space in map(map_space, client.group_folders())}
    finances = spaces["Finances"]
    assert finances.groups == ("DGS", "Finances") and finances.quota_bytes is None
    assert finances.has_manager and finances.managers[0].identifier == "agent0"
    assert not spaces["Commun"].has_manager


def test_a_wrong_app_password_is_refused_and_never_shown(fake, sleeps, all_logs):
    with client_for(fake, sleeps, password="mauvais-" + SECRET) as client:
        with pytest.raises(AuthenticationRefused) as refused:
            client.server_info()
        with pytest.raises(AuthenticationRefused) as refused_ocs:
            list(client.user_details())
    assert "Nextcloud" in str(refused.value) and "/ocs/v2.php/apps/serverinfo" in str(refused.value)
    assert refused.value.status == 401
    assert_secret_absent(all_logs, refused.value, refused_ocs.value)
    assert_secret_absent(all_logs, refused.value, secret="mauvais-" + SECRET)


def test_a_throttled_call_waits_as_asked_then_succeeds(fake, sleeps):
    fake.faults.add("users:2", "throttle", times=2, retry_after="7")
    with client_for(fake, sleeps) as client:
        assert len(list(client.user_details(page_size=3))) == 7
    assert sleeps.delays == [7.0, 7.0]


def test_throttling_that_never_ends_is_reported_with_its_delay(fake, sleeps):
    fake.faults.add("serverinfo", "throttle", times=10, retry_after="30")
    with client_for(fake, sleeps) as client, pytest.raises(Throttled) as throttled:
        client.server_info()
    assert throttled.value.retry_after == 30.0 and len(sleeps.delays) == 3
    assert "30 s" in str(throttled.value)


def test_a_server_error_mid_paging_is_retried_once_then_fails(fake, sleeps):
    fake.faults.add("users:2", "error", times=2)
    with client_for(fake, sleeps) as client, pytest.raises(ServerError) as failed:
        list(client.user_details(page_size=3))
    assert failed.value.status == 500 and "/ocs/v2.php/cloud/users/details" in str(failed.value)
    assert fake.faults.calls.count("users:2") == 2


def test_a_transient_server_error_is_retried(fake, sleeps):
    fake.faults.add("folders", "error", times=1, status=503)
    with client_for(fake, sleeps) as client:
        assert len(client.group_folders()) == 2
    assert len(sleeps.delays) == 1


def test_a_slow_server_times_out(fake, sleeps):
    fake.faults.add("serverinfo", "slow", delay=0.6)
    with client_for(fake, sleeps, timeout=0.2) as client, pytest.raises(SourceTimeout) as timed_out:
        client.server_info()
    assert str(timed_out.value) == "Nextcloud injoignable : aucune connexion n'a pu être établie avec le serveur."


def test_unreadable_json_is_an_unexpected_response(fake, sleeps):
    fake.faults.add("folders", "bad_json")
    with client_for(fake, sleeps) as client, pytest.raises(UnexpectedResponse) as unexpected:
        client.group_folders()
    assert "JSON" in str(unexpected.value)


def test_an_ocs_failure_inside_http_200_is_not_taken_for_data(httpserver, sleeps):
    httpserver.expect_request("/index.php/apps/groupfolders/folders").respond_with_json(
        {"ocs": {"meta": {"status": "failure", "statuscode": 997, "message": "Unauthorised"}, "data": []}}
    )
    with NextcloudClient(httpserver.url_for("/"), username="u", app_password=SECRET, sleep=sleeps) as client:
        with pytest.raises(AuthenticationRefused):
            client.group_folders()


def test_unknown_fields_are_ignored(httpserver, sleeps):
    item = account("agent9", ["Finances"], used=GIB, last_login_s=LAST_LOGIN) | {"profile_enabled": "1", "new": {}}
    fake = FakeNextcloud(httpserver, users=[item]).install()
    with client_for(fake, sleeps) as client:
        accounts = [map_account(item) for item in client.user_details()]
    assert accounts[0].groups == ("Finances",) and accounts[0].quota_bytes == 10 * GIB
