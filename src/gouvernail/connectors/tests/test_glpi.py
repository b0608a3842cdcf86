from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from gouvernail.connectors.glpi.client import GlpiClient
from gouvernail.connectors.glpi.mapper import map_computer, map_ticket
from gouvernail.connectors.http import AuthenticationRefused, ServerError, SourceTimeout, Throttled, UnexpectedResponse
from gouvernail.connectors.tests.conftest import assert_secret_absent
from gouvernail.connectors.tests.fakes.glpi import APP_TOKEN, USER_TOKEN, FakeGlpi, computer, ticket
from gouvernail.inventory.choices import OsClass
from gouvernail.servicedesk.choices import RequestStatus

PARIS = ZoneInfo("Europe/Paris")
COMPUTERS = [
    computer(1),
    computer(2, os="Microsoft Windows 10 Professionnel", version="22H2", kernel="10.0.19045"),
    computer(3, os="Microsoft Windows Server 2025 Standard", version="24H2", kernel="10.0.26100"),
    computer(4, os="Microsoft Windows 11 Professionnel$#$Microsoft Windows 10 Professionnel", kernel="10.0.26100"),
    computer(5, os="Ubuntu", version="24.04", kernel="6.8.0-45-generic"),
]
TICKETS = [
    ticket(1),
    ticket(2, status=2, solvedate=None, closedate=None),
    ticket(3, status=5, closedate=None),
    ticket(4, status=4, solvedate=None, closedate=None),
    ticket(5) | {"is_deleted": 1},
]


@pytest.fixture
def fake(httpserver):
    return FakeGlpi(httpserver, computers=COMPUTERS, tickets=TICKETS).install()


def client_for(fake, sleeps, *, user_token=USER_TOKEN, app_token=APP_TOKEN, timeout=5.0):
    return GlpiClient(fake.url, user_token=user_token, app_token=app_token, sleep=sleeps, timeout=timeout)


def test_it_pages_computers_with_content_range_and_kills_the_session(fake, sleeps):
    with client_for(fake, sleeps) as client:
        computers = [map_computer(row) for row in client.computers(page_size=2)]
    assert [r.args["range"] for r in fake.requests if r.path.endswith("Computer")] == ["0-1", "2-3", "4-5"]
    assert [c.name for c in computers] == ["PC-001", "PC-002", "PC-003", "PC-004", "PC-005"]
    assert [c.os_class for c in computers] == [
        OsClass.WINDOWS_11,
        OsClass.WINDOWS_10,
        OsClass.OTHER,
        OsClass.WINDOWS_11,
        OsClass.OTHER,
    ]
    assert computers[3].os_name == "Microsoft Windows 11 Professionnel"  # first of two OS
    assert (computers[0].serial, computers[0].os_version, computers[0].model) == (
        "SN00001",
        "10.0.22631",
        "OptiPlex 7010",
    )
    assert len(fake.killed) == 1 and not fake.sessions


def test_the_server_page_cap_is_followed(httpserver, sleeps):
    fake = FakeGlpi(httpserver, computers=COMPUTERS, max_range=2).install()
    with client_for(fake, sleeps) as client:
        assert len(list(client.computers(page_size=500))) == 5
    assert [r.args["range"] for r in fake.requests if r.path.endswith("Computer")] == ["0-499", "2-501", "4-503"]


def test_an_older_glpi_without_kernel_version_falls_back_on_the_os_name(httpserver, sleeps):
    fake = FakeGlpi(httpserver, computers=COMPUTERS, legacy=True).install()
    with client_for(fake, sleeps) as client:
        computers = [map_computer(row) for row in client.computers()]
    assert computers[0].os_version == "23H2"
    assert [c.os_class for c in computers[:3]] == [OsClass.WINDOWS_11, OsClass.WINDOWS_10, OsClass.OTHER]


def test_tickets_keep_dates_status_and_category_but_no_text(fake, sleeps):
    with client_for(fake, sleeps) as client:
        rows = list(client.tickets(page_size=2))
    tickets = [t for t in map(map_ticket, rows) if t]
    assert [t.remote_id for t in tickets] == [1, 2, 3, 4]  # the one in the trash is left out
    first = tickets[0]
    assert first.opened_at == datetime(2025, 3, 4, 9, 12, 44, tzinfo=PARIS)
    # Taken into account 60 s after opening (GLPI's takeintoaccount_delay_stat): the time to take.
    assert first.taken_at == datetime(2025, 3, 4, 9, 13, 44, tzinfo=PARIS)
    assert (first.resolved_at, first.status) == (datetime(2025, 3, 5, 10, tzinfo=PARIS), RequestStatus.CLOSED)
    assert (first.category, first.subcategory, first.time_spent_minutes) == ("Matériel", "Impression", 30)
    assert [t.status for t in tickets[1:]] == [RequestStatus.IN_PROGRESS, RequestStatus.RESOLVED, RequestStatus.PENDING]
    assert tickets[2].resolved_at is not None and tickets[1].resolved_at is None
    assert "Dupont" not in repr(tickets) and "dupont" not in repr(tickets)
    assert rows and fake.requests[-2].args["expand_dropdowns"] == "true"


def test_an_empty_ticket_list_is_fine(httpserver, sleeps):
    fake = FakeGlpi(httpserver).install()
    with client_for(fake, sleeps) as client:
        assert list(client.tickets()) == [] and list(client.computers()) == []


@pytest.mark.parametrize(
    ("tokens", "code"),
    [
        ({"user_token": "faux-" + USER_TOKEN}, "ERROR_GLPI_LOGIN_USER_TOKEN"),
        ({"app_token": "faux-" + APP_TOKEN}, "ERROR_WRONG_APP_TOKEN_PARAMETER"),
    ],
)
def test_wrong_tokens_are_refused_and_never_shown(fake, sleeps, all_logs, tokens, code):
    with pytest.raises(AuthenticationRefused) as refused:
        with client_for(fake, sleeps, **tokens):
            pass
    assert refused.value.code == code and "/initSession" in str(refused.value)
    for secret in (USER_TOKEN, APP_TOKEN, *tokens.values()):
        assert_secret_absent(all_logs, refused.value, secret=secret)


def test_session_tokens_stay_out_of_logs_and_errors(fake, sleeps, all_logs):
    fake.faults.add("Ticket:0", "error", times=2)
    with pytest.raises(ServerError) as failed:
        with client_for(fake, sleeps) as client:
            list(client.tickets())
    session = fake.killed[0]
    assert_secret_absent(all_logs, failed.value, secret=session)
    assert_secret_absent(all_logs, failed.value, secret=USER_TOKEN)


def test_a_500_mid_paging_fails_and_still_kills_the_session(fake, sleeps):
    fake.faults.add("Computer:2", "error", times=2)
    with pytest.raises(ServerError, match="/apirest.php/search/Computer"):
        with client_for(fake, sleeps) as client:
            list(client.computers(page_size=2))
    assert len(fake.killed) == 1


def test_throttling_is_honoured_then_reported(fake, sleeps):
    fake.faults.add("Ticket:0", "throttle", times=1, retry_after="4")
    fake.faults.add("Computer:0", "throttle", times=9, retry_after="4")
    with client_for(fake, sleeps) as client:
        assert len(list(client.tickets())) == 5
        with pytest.raises(Throttled):
            list(client.computers())
    assert sleeps.delays == [4.0] * 4


def test_a_slow_glpi_times_out(fake, sleeps):
    fake.faults.add("initSession", "slow", delay=0.6)
    with pytest.raises(SourceTimeout, match="GLPI"), client_for(fake, sleeps, timeout=0.2):
        pass


def test_bad_json_is_an_unexpected_response(fake, sleeps):
    fake.faults.add("Ticket:0", "bad_json")
    with pytest.raises(UnexpectedResponse, match="JSON"), client_for(fake, sleeps) as client:
        list(client.tickets())


def test_unknown_columns_are_ignored(fake, sleeps):
    row = computer(9) | {"999": "nouveau", "126": "x"}
    assert map_computer(row).name == "PC-009"
