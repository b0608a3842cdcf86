import pytest

from gouvernail.awareness.choices import CampaignSource
from gouvernail.awareness.models import PhishingCampaign, PhishingServiceResult
from gouvernail.connectors.gophish.client import GophishClient
from gouvernail.connectors.gophish.sync import sync
from gouvernail.connectors.http import ServerError
from gouvernail.connectors.tests.fakes.gophish import API_KEY, FakeGophish
from gouvernail.connectors.tests.privacy import stored_rows
from gouvernail.core.models import Membership
from gouvernail.testing.factories.core import make_membership, make_person, make_service

RECIPIENTS = [
    ("Jean.Dupont@Mairie.example", "Submitted Data", False),
    ("anne.martin@mairie.example", "Clicked Link", True),
    ("paul.roux@mairie.example", "Email Opened", True),
    ("lea.petit@mairie.example", "Email Sent", False),
    ("visiteur.externe@ailleurs.example", "Email Opened", False),
    ("zoe.blanc@mairie.example", "Scheduled", False),
]
STAFF = {
    "jean.dupont@mairie.example": "Finances",
    "anne.martin@mairie.example": "Finances",
    "paul.roux@mairie.example": "Urbanisme",
    "lea.petit@mairie.example": "Urbanisme",
}


@pytest.fixture
def staff(org):
    services = {name: make_service(org, name) for name in set(STAFF.values())}
    for index, (email, service) in enumerate(STAFF.items()):
        person = make_person(org, f"Agent {index}", first_name="", service=services[service])
        make_membership(org, email, person=person)
    return services


@pytest.fixture
def fake(httpserver):
    return FakeGophish(httpserver, {4: RECIPIENTS, 5: RECIPIENTS[:2]}).install()


def run(org, fake, sleeps):
    with GophishClient(fake.url, api_key=API_KEY, sleep=sleeps) as client:
        return sync(org, client)


def by_service(org, external_id):
    campaign = PhishingCampaign.objects.get(organisation=org, source=CampaignSource.GOPHISH, external_id=external_id)
    return {
        (row.service.name if row.service else None): (row.sent, row.opened, row.clicked, row.submitted, row.reported)
        for row in campaign.results.select_related("service")
    }


def test_it_stores_campaigns_and_cumulative_counts_per_service(org, staff, fake, sleeps):
    counts = run(org, fake, sleeps)
    assert by_service(org, "4") == {
        "Finances": (2, 2, 2, 1, 1),
        "Urbanisme": (2, 1, 0, 0, 1),
        None: (1, 1, 0, 0, 0),
    }
    assert by_service(org, "5") == {"Finances": (2, 2, 2, 1, 1)}
    # 2 campaigns + 3 rows + 1 row
    assert (counts.created, counts.updated, counts.unchanged, counts.deleted) == (6, 0, 0, 0)
    campaign = PhishingCampaign.objects.get(organisation=org, external_id="4")
    assert campaign.name == "Sensibilisation 4"
    assert str(campaign.launched_on) == "2025-03-04"


def test_a_second_sync_writes_nothing(org, staff, fake, sleeps, django_assert_max_num_queries):
    run(org, fake, sleeps)
    history = PhishingServiceResult.history.count() + PhishingCampaign.history.count()
    # The people once (work e-mails, logins, services), then a fixed number per campaign (reads
    # and savepoints, no write), however many recipients it has.
    with django_assert_max_num_queries(5 + 10 * len(fake.campaigns)):
        counts = run(org, fake, sleeps)
    assert (counts.created, counts.updated, counts.deleted, counts.unchanged) == (0, 0, 0, 6)
    assert PhishingServiceResult.history.count() + PhishingCampaign.history.count() == history


def test_a_changed_campaign_updates_and_removes_rows(org, staff, fake, sleeps):
    run(org, fake, sleeps)
    fake.campaigns[4] = RECIPIENTS[:1]
    counts = run(org, fake, sleeps)
    assert by_service(org, "4") == {"Finances": (1, 1, 1, 1, 0)}
    assert (counts.updated, counts.deleted) == (1, 2)


def test_a_server_error_midway_changes_nothing_and_says_so_in_french(org, staff, fake, sleeps):
    run(org, fake, sleeps)
    before = sorted(PhishingServiceResult.objects.values_list("pk", "sent", "clicked"))
    fake.campaigns[4] = RECIPIENTS[:1]
    fake.campaigns[6] = RECIPIENTS
    fake.faults.add("results:5", "error", times=10)
    with pytest.raises(ServerError, match="GoPhish est en erreur"):
        run(org, fake, sleeps)
    assert sorted(PhishingServiceResult.objects.values_list("pk", "sent", "clicked")) == before
    assert not PhishingCampaign.objects.filter(external_id="6").exists()


def test_no_recipient_address_or_name_is_stored_anywhere(org, staff, fake, sleeps):
    # Users log in with their address: what was stored before the sync may hold it.
    before = stored_rows()
    run(org, fake, sleeps)
    text = "\n".join(stored_rows() - before)
    assert "sensibilisation 4" in text
    for email, _, _ in RECIPIENTS:
        local = email.lower().partition("@")[0]
        assert local not in text
        for part in local.split("."):
            assert part not in text
    assert "203.0.113.7" not in text


def test_it_matches_only_the_organisations_own_people(org, other_org, staff, fake, sleeps):
    run(org, fake, sleeps)
    counts = run(other_org, fake, sleeps)
    assert counts.created == 4  # 2 campaigns, each with a single « service inconnu » row
    assert by_service(other_org, "4") == {None: (5, 4, 2, 1, 2)}
    assert by_service(org, "4")["Finances"] == (2, 2, 2, 1, 1)


def test_it_matches_a_recipient_by_the_persons_work_email_without_any_login(org, fake, sleeps):
    finances, urbanisme = make_service(org, "Finances"), make_service(org, "Urbanisme")
    make_person(org, "Dupont", first_name="Jean", service=finances, email="jean.dupont@mairie.example")
    make_person(org, "Martin", first_name="Anne", service=finances, email="Anne.Martin@Mairie.example")
    make_person(org, "Roux", first_name="Paul", service=urbanisme, email="paul.roux@mairie.example")

    run(org, fake, sleeps)

    assert by_service(org, "4") == {
        "Finances": (2, 2, 2, 1, 1),
        "Urbanisme": (1, 1, 0, 0, 1),
        None: (2, 1, 0, 0, 0),
    }


def test_the_login_email_still_matches_a_person_whose_work_email_is_another(org, staff, fake, sleeps):
    # Jean Dupont's login is his old address; his fiche now gives the new one: GoPhish may use either.
    person = Membership.objects.get(organisation=org, user__email="jean.dupont@mairie.example").person
    person.email = "j.dupont@nouvelle-mairie.example"
    person.save()
    fake.campaigns[4] = [("J.Dupont@nouvelle-mairie.example", "Clicked Link", False), *RECIPIENTS[:1]]

    run(org, fake, sleeps)

    assert by_service(org, "4") == {"Finances": (2, 2, 2, 1, 0)}
