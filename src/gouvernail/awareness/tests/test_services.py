from datetime import date

import pytest

from gouvernail.awareness.models import PhishingCampaign, PhishingServiceResult
from gouvernail.awareness.queries import Tally
from gouvernail.awareness.services import Recipient, campaign_results_store, campaign_upsert, tally_recipients
from gouvernail.core.models import JournalEntry
from gouvernail.testing.factories.awareness import make_phishing_campaign
from gouvernail.testing.factories.core import make_service

pytestmark = pytest.mark.django_db


def test_the_tally_follows_gophish_cumulative_rules():
    counts = tally_recipients(
        [
            Recipient(1, "Submitted Data", reported=False),
            Recipient(1, "Clicked Link"),
            Recipient(1, "Email Opened", reported=True),
            Recipient(1, "Email Sent", reported=True),
            Recipient(1, "Error"),
            Recipient(1, "Scheduled"),
            Recipient(None, "Clicked Link"),
        ]
    )

    assert counts[1] == Tally(sent=4, opened=3, clicked=2, submitted=1, reported=2)
    assert counts[None] == Tally(sent=1, opened=1, clicked=1, submitted=0, reported=0)


def test_storing_results_twice_writes_once(org):
    service = make_service(org)
    campaign = campaign_upsert(
        organisation=org, source="gophish", external_id="4", name="Sensibilisation T1", launched_on=date(2025, 3, 4)
    )
    results = {service.pk: Tally(10, 6, 3, 1, 2), None: Tally(2, 1, 0, 0, 0)}
    campaign_results_store(campaign=campaign, results=results)
    entries = JournalEntry.objects.count()

    again = campaign_upsert(
        organisation=org, source="gophish", external_id="4", name="Sensibilisation T1", launched_on=date(2025, 3, 4)
    )
    campaign_results_store(campaign=again, results=results)

    assert again.pk == campaign.pk
    assert PhishingCampaign.objects.count() == 1
    assert PhishingServiceResult.objects.filter(campaign=campaign).count() == 2
    assert JournalEntry.objects.count() == entries


def test_a_service_gone_from_the_source_loses_its_row(org):
    kept, gone = make_service(org, "Finances"), make_service(org, "Urbanisme")
    campaign = make_phishing_campaign(org, source="gophish", external_id="9")
    campaign_results_store(campaign=campaign, results={kept.pk: Tally(10), gone.pk: Tally(10)})

    campaign_results_store(campaign=campaign, results={kept.pk: Tally(12, 1, 1)})

    assert list(campaign.results.values_list("service__name", "sent")) == [("Finances", 12)]


def test_a_service_of_another_organisation_is_refused(org, other_org):
    campaign = make_phishing_campaign(org)

    with pytest.raises(ValueError, match="étrangers"):
        campaign_results_store(campaign=campaign, results={make_service(other_org).pk: Tally(10)})

    assert not PhishingServiceResult.objects.exists()


def test_no_stored_row_names_a_recipient(org):
    service = make_service(org)
    campaign = make_phishing_campaign(org, source="gophish", external_id="1")
    counts = tally_recipients([Recipient(service.pk, "Clicked Link")] * 6)

    campaign_results_store(campaign=campaign, results=counts)

    stored = str(list(PhishingServiceResult.objects.values())) + str(list(PhishingCampaign.objects.values()))
    assert "@" not in stored
