from datetime import date

import pytest
from django.core.exceptions import ValidationError

from gouvernail.awareness.models import PhishingServiceResult
from gouvernail.testing.factories.awareness import make_phishing_campaign, make_phishing_result
from gouvernail.testing.factories.core import make_service

pytestmark = pytest.mark.django_db


def test_a_result_cannot_count_more_clicks_than_messages_sent(org):
    result = PhishingServiceResult(
        organisation=org, campaign=make_phishing_campaign(org), sent=5, opened=5, clicked=6, submitted=0
    )

    with pytest.raises(ValidationError) as error:
        result.full_clean()

    assert "clicked" in error.value.message_dict


def test_submitting_data_supposes_a_click(org):
    result = PhishingServiceResult(
        organisation=org, campaign=make_phishing_campaign(org), sent=5, clicked=1, submitted=2
    )

    with pytest.raises(ValidationError) as error:
        result.full_clean()

    assert "submitted" in error.value.message_dict


def test_a_campaign_cannot_end_before_it_starts(org):
    campaign = make_phishing_campaign(org, launched_on=date(2026, 3, 2))
    campaign.completed_on = date(2026, 3, 1)

    with pytest.raises(ValidationError) as error:
        campaign.full_clean()

    assert "completed_on" in error.value.message_dict


def test_a_campaign_has_one_unknown_service_row_at_most(org):
    campaign = make_phishing_campaign(org)
    make_phishing_result(campaign, None)

    with pytest.raises(ValidationError):
        PhishingServiceResult(organisation=org, campaign=campaign, sent=3).validate_constraints()


def test_a_small_service_shows_no_counts_but_its_size(org):
    result = make_phishing_result(make_phishing_campaign(org), make_service(org), sent=4, clicked=1, submitted=0)

    assert result.is_too_small
    assert result.clicked_shown == "effectif insuffisant"
    assert str(result) == "Sensibilisation T1 — Ressources humaines"
