import pytest

from gouvernail.awareness.queries import Tally
from gouvernail.awareness.services import tally_recipients
from gouvernail.connectors.gophish.client import GophishClient
from gouvernail.connectors.gophish.mapper import map_campaign, map_recipients
from gouvernail.connectors.http import AuthenticationRefused, ServerError, SourceTimeout, UnexpectedResponse
from gouvernail.connectors.tests.conftest import assert_secret_absent
from gouvernail.connectors.tests.fakes.common import SECRET
from gouvernail.connectors.tests.fakes.gophish import API_KEY, FakeGophish

PEOPLE = {
    "jean.dupont@mairie.example": "Finances",
    "anne.martin@mairie.example": "Finances",
    "paul.roux@mairie.example": "Urbanisme",
    "lea.petit@mairie.example": "Urbanisme",
}
RECIPIENTS = [
    ("Jean.Dupont@Mairie.example", "Submitted Data", False),
    ("anne.martin@mairie.example", "Clicked Link", True),
    ("paul.roux@mairie.example", "Email Opened", True),
    ("lea.petit@mairie.example", "Email Sent", False),
    ("inconnu.externe@ailleurs.example", "Error", False),
    ("zoe.blanc@mairie.example", "Scheduled", False),
]


def per_service(payload: dict) -> dict:
    return tally_recipients(map_recipients(payload, PEOPLE.get))


def total(tallies: dict) -> Tally:
    return sum(tallies.values(), Tally())


@pytest.fixture
def fake(httpserver):
    return FakeGophish(httpserver, {4: RECIPIENTS, 5: RECIPIENTS[:2]}).install()


def client_for(fake, sleeps, *, key=API_KEY, timeout=5.0):
    return GophishClient(fake.url, api_key=key, sleep=sleeps, timeout=timeout)


def test_per_service_counts_follow_gophish_cumulative_rules(fake, sleeps):
    with client_for(fake, sleeps) as client:
        by_service = per_service(client.campaign_results(4))
        summary = map_campaign(client.campaign_summary(4))
    assert by_service["Finances"] == Tally(sent=2, opened=2, clicked=2, submitted=1, reported=1)
    assert by_service["Urbanisme"] == Tally(sent=2, opened=1, clicked=0, submitted=0, reported=1)
    # The unknown recipients were never sent anything (an error, a message still scheduled).
    assert None not in by_service
    # The counts agree with GoPhish's own summary, computed the Go way by the fake.
    assert total(by_service) == summary.counts


def test_no_count_names_a_recipient(fake, sleeps):
    with client_for(fake, sleeps) as client:
        payload = client.campaign_results(4)
        by_service = per_service(payload)
    text = repr(by_service)
    for result in payload["results"]:
        for field in ("email", "first_name", "last_name", "id", "ip"):
            assert result[field] not in text
        assert result["email"].split("@")[0].lower() not in text.lower()


def test_it_lists_campaign_summaries(fake, sleeps):
    with client_for(fake, sleeps) as client:
        campaigns = [map_campaign(item) for item in client.campaign_summaries()]
    assert [(c.remote_id, c.name, c.status) for c in campaigns] == [
        (4, "Sensibilisation 4", "Completed"),
        (5, "Sensibilisation 5", "Completed"),
    ]
    assert campaigns[0].launched_at.isoformat() == "2025-03-04T09:00:00+00:00"
    assert campaigns[1].counts.clicked == 2 and campaigns[1].counts.submitted == 1


def test_an_older_gophish_without_reports_degrades_to_zero_reported(httpserver, sleeps):
    fake = FakeGophish(httpserver, {4: RECIPIENTS}, legacy=True).install()
    with client_for(fake, sleeps) as client:
        summary = map_campaign(client.campaign_summaries()[0])
        counts = total(per_service(client.campaign_results(4)))
    assert summary.counts.reported == 0 and counts.reported == 0
    assert counts.clicked == summary.counts.clicked == 2


def test_a_wrong_or_missing_key_is_refused_and_never_shown(fake, sleeps, all_logs):
    with client_for(fake, sleeps, key="x" + SECRET) as client, pytest.raises(AuthenticationRefused) as wrong:
        client.campaign_summaries()
    with client_for(fake, sleeps, key="") as client, pytest.raises(AuthenticationRefused) as missing:
        client.campaign_results(4)
    assert wrong.value.code == "Invalid API Key" and missing.value.code == "API Key not set"
    assert "GoPhish" in str(wrong.value) and "/api/campaigns/summary" in str(wrong.value)
    assert_secret_absent(all_logs, wrong.value, missing.value)
    assert_secret_absent(all_logs, wrong.value, secret="x" + SECRET)


def test_the_key_travels_in_the_header_not_the_url(fake, sleeps, all_logs):
    with client_for(fake, sleeps) as client:
        client.campaign_summaries()
    assert_secret_absent(all_logs)  # httpx logs every URL at INFO


def test_a_throttled_call_waits_then_succeeds(fake, sleeps):
    fake.faults.add("results:4", "throttle", times=1, retry_after="3")
    with client_for(fake, sleeps) as client:
        assert len(client.campaign_results(4)["results"]) == len(RECIPIENTS)
    assert sleeps.delays == [3.0]


def test_a_persistent_server_error_fails_with_the_path(fake, sleeps):
    fake.faults.add("results:5", "error", times=5, status=502)
    with client_for(fake, sleeps) as client:
        client.campaign_results(4)
        with pytest.raises(ServerError) as failed:
            client.campaign_results(5)
    assert "HTTP 502" in str(failed.value) and "/api/campaigns/5/results" in str(failed.value)


def test_a_slow_gophish_times_out(fake, sleeps):
    fake.faults.add("summaries", "slow", delay=0.6)
    with client_for(fake, sleeps, timeout=0.2) as client, pytest.raises(SourceTimeout):
        client.campaign_summaries()


def test_unreadable_json_and_an_unknown_campaign_are_unexpected(fake, sleeps):
    fake.faults.add("summary:4", "bad_json")
    with client_for(fake, sleeps) as client:
        with pytest.raises(UnexpectedResponse, match="JSON"):
            client.campaign_summary(4)
        with pytest.raises(UnexpectedResponse, match="HTTP 404"):
            client.campaign_results(99)


def test_unknown_statuses_and_fields_count_nowhere(httpserver, sleeps):
    fake = FakeGophish(httpserver, {4: [("paul.roux@mairie.example", "Retrying", False)]}).install()
    with client_for(fake, sleeps) as client:
        payload = client.campaign_results(4)
    payload["results"][0]["new_field"] = {"x": 1}
    assert per_service(payload) == {}


def test_a_key_pasted_with_a_newline_is_trimmed_and_one_with_a_control_character_refused(fake, sleeps, all_logs):
    with client_for(fake, sleeps, key=API_KEY + "\n") as client:
        assert client.campaign_summaries()
    with pytest.raises(AuthenticationRefused, match="caractères non autorisés") as refused:
        client_for(fake, sleeps, key=API_KEY[:5] + "\n" + API_KEY[5:])
    assert_secret_absent(all_logs, refused.value)
