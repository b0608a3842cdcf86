from datetime import date

import pytest

from gouvernail.awareness import queries
from gouvernail.testing.factories.awareness import make_phishing_campaign, make_phishing_result
from gouvernail.testing.factories.core import make_service

pytestmark = pytest.mark.django_db


def test_an_empty_organisation_has_no_rate_rather_than_zero(org):
    tally = queries.overall(org)

    assert tally.sent == 0
    assert tally.click_rate is None
    assert tally.reporting_rate is None
    assert tally.click_rate_label == "—"
    assert queries.per_campaign(org) == []
    assert queries.per_service(org) == []
    assert queries.over_time(org) == []


def test_a_campaign_with_nothing_sent_has_no_rate(org):
    campaign = make_phishing_campaign(org)
    make_phishing_result(campaign, make_service(org), sent=0, opened=0, clicked=0, submitted=0, reported=0)

    [(found, tally)] = queries.per_campaign(org)

    assert found == campaign
    assert tally.sent == 0
    assert tally.click_rate is None


def test_the_overall_click_rate_sums_every_service_and_the_unknown_one(org, other_org):
    campaign = make_phishing_campaign(org)
    make_phishing_result(campaign, make_service(org, "Finances"), sent=20, clicked=5, submitted=2, reported=4)
    make_phishing_result(campaign, None, sent=5, clicked=0, opened=0, submitted=0, reported=1)
    make_phishing_result(make_phishing_campaign(other_org), None, sent=100, clicked=100, opened=100)

    tally = queries.overall(org)

    assert (tally.sent, tally.clicked, tally.reported) == (25, 5, 5)
    assert tally.click_rate == pytest.approx(0.2)
    assert tally.reporting_rate == pytest.approx(0.2)
    assert tally.click_rate_label == "20,0 %"


def test_the_period_is_read_on_the_launch_date(org):
    service = make_service(org)
    make_phishing_result(make_phishing_campaign(org, "2025", launched_on=date(2025, 12, 31)), service, sent=10)
    make_phishing_result(make_phishing_campaign(org, "2026", launched_on=date(2026, 1, 1)), service, sent=7)

    assert queries.overall(org, since=date(2026, 1, 1)).sent == 7
    assert queries.overall(org, until=date(2025, 12, 31)).sent == 10


def test_per_campaign_gives_each_campaign_its_own_totals(org):
    service = make_service(org)
    first = make_phishing_campaign(org, "T1", launched_on=date(2025, 3, 1))
    second = make_phishing_campaign(org, "T2", launched_on=date(2025, 10, 1))
    make_phishing_result(first, service, sent=10, clicked=4)
    make_phishing_result(second, service, sent=10, clicked=1)

    rates = {campaign.name: tally.click_rate for campaign, tally in queries.per_campaign(org)}

    assert rates == {"T1": pytest.approx(0.4), "T2": pytest.approx(0.1)}


def test_per_campaign_lists_the_most_recent_campaign_first(org):
    service = make_service(org)
    for name, launched in (("Mars", date(2025, 3, 1)), ("Octobre", date(2025, 10, 1)), ("Juin", date(2025, 6, 1))):
        make_phishing_result(make_phishing_campaign(org, name, launched_on=launched), service, sent=10)

    assert [campaign.name for campaign, _ in queries.per_campaign(org)] == ["Octobre", "Juin", "Mars"]


@pytest.mark.parametrize(("recipients", "hidden"), [(4, True), (5, False)])
def test_a_service_under_the_minimum_group_size_is_hidden(org, recipients, hidden):
    campaign = make_phishing_campaign(org)
    make_phishing_result(campaign, make_service(org, "Petit"), sent=recipients, opened=1, clicked=1, submitted=0)
    make_phishing_result(campaign, make_service(org, "Grand"), sent=30, clicked=3)
    make_phishing_result(campaign, make_service(org, "Moyen"), sent=12, clicked=3)

    rows = {row.label: row.hidden for row in queries.per_service(org, campaign=campaign)}

    assert rows["Petit"] is hidden
    # A single small service hidden alone could be read back from the total: the smallest
    # shown service is hidden with it.
    assert rows["Moyen"] is hidden
    assert rows["Grand"] is False


def test_two_small_services_hidden_together_need_no_further_hiding(org):
    campaign = make_phishing_campaign(org)
    for name in ("A", "B"):
        make_phishing_result(campaign, make_service(org, name), sent=3, opened=0, clicked=0, submitted=0, reported=0)
    make_phishing_result(campaign, make_service(org, "C"), sent=12, clicked=3)

    rows = {row.label: row.hidden for row in queries.per_service(org, campaign=campaign)}

    assert rows == {"A": True, "B": True, "C": False}


def test_the_threshold_follows_the_setting(org, settings):
    settings.GOUVERNAIL_MIN_GROUP_SIZE = 3
    campaign = make_phishing_campaign(org)
    make_phishing_result(campaign, make_service(org, "Petit"), sent=4, opened=1, clicked=1, submitted=0)

    [row] = queries.per_service(org)

    assert row.hidden is False


def test_per_service_puts_the_unknown_service_last_and_sums_across_campaigns(org):
    finances = make_service(org, "Finances")
    for name in ("T1", "T2"):
        campaign = make_phishing_campaign(org, name)
        make_phishing_result(campaign, finances, sent=10, clicked=2)
        make_phishing_result(campaign, None, sent=6, clicked=0, opened=0, submitted=0, reported=0)

    rows = queries.per_service(org)

    assert [(row.label, row.tally.sent, row.tally.clicked) for row in rows] == [
        ("Finances", 20, 4),
        ("Service inconnu", 12, 0),
    ]


def test_over_time_groups_the_campaigns_by_month_of_launch(org):
    service = make_service(org)
    make_phishing_result(make_phishing_campaign(org, "A", launched_on=date(2026, 1, 31)), service, sent=10, clicked=5)
    make_phishing_result(make_phishing_campaign(org, "B", launched_on=date(2026, 2, 1)), service, sent=10, clicked=1)
    make_phishing_result(make_phishing_campaign(org, "C", launched_on=date(2026, 2, 20)), service, sent=10, clicked=3)

    trend = [(month, tally.sent, tally.clicked) for month, tally in queries.over_time(org)]

    assert trend == [(date(2026, 1, 1), 10, 5), (date(2026, 2, 1), 20, 4)]


def test_each_helper_runs_a_bounded_number_of_queries(org, django_assert_max_num_queries):
    for index in range(6):
        campaign = make_phishing_campaign(org, f"C{index}")
        for service_index in range(4):
            make_phishing_result(campaign, make_service(org, f"S{index}-{service_index}"))

    with django_assert_max_num_queries(5):
        queries.overall(org)
        queries.per_campaign(org)
        queries.per_service(org)
        queries.over_time(org)
