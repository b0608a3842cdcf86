"""The phishing indicators at their edges: nothing sent, the twelve-month window, the minimum
group size, and drill-downs of exactly `count` result rows."""

from datetime import date
from decimal import Decimal

import pytest

from gouvernail.core.choices import Role
from gouvernail.metrics.builders import INSUFFICIENT_GROUP, MISSING
from gouvernail.metrics.periods import Period
from gouvernail.metrics.registry import TOTAL, get_indicator
from gouvernail.testing.factories.awareness import make_phishing_campaign, make_phishing_result
from gouvernail.testing.factories.core import make_service

TODAY = date(2026, 11, 28)
PERIOD = Period.month(TODAY)


def values(code: str, organisation) -> dict:
    return {v.key: v for v in get_indicator(code).compute(organisation, PERIOD, TODAY)}


def check_drilldown(code: str, organisation, key: str = TOTAL) -> int:
    value = values(code, organisation)[key]
    assert get_indicator(code).records(organisation, PERIOD, key, TODAY).count() == value.count
    return value.count


def test_a_campaign_with_nothing_sent_has_no_rate_but_its_rows(org):
    campaign = make_phishing_campaign(org, launched_on=date(2026, 10, 1))
    make_phishing_result(campaign, make_service(org), sent=0, opened=0, clicked=0, submitted=0, reported=0)

    rate = values("phishing_taux_clic", org)[TOTAL]
    per_campaign = values("phishing_taux_clic_campagne", org)[str(campaign.pk)]

    assert (rate.value, rate.count) == (None, 1)
    assert (per_campaign.value, per_campaign.count) == (None, 1)
    assert check_drilldown("phishing_taux_clic_campagne", org, str(campaign.pk)) == 1


def test_the_twelve_month_window_ends_today(org):
    service = make_service(org)
    make_phishing_result(
        make_phishing_campaign(org, "Ancienne", launched_on=date(2025, 11, 28)), service, sent=10, clicked=9
    )
    make_phishing_result(
        make_phishing_campaign(org, "Récente", launched_on=date(2025, 11, 29)), service, sent=10, clicked=2
    )
    make_phishing_result(
        make_phishing_campaign(org, "Future", launched_on=date(2026, 11, 29)), service, sent=10, clicked=0
    )

    rate = values("phishing_taux_clic", org)[TOTAL]

    assert (rate.value, rate.count) == (Decimal("20.0"), 1)
    assert check_drilldown("phishing_taux_clic", org) == 1
    assert [v.label.split(" (")[0] for v in values("phishing_taux_clic_campagne", org).values()] == [
        "Ancienne",
        "Récente",
    ]


def test_campaigns_come_in_order_of_launch_with_their_reporting_rates(org):
    service = make_service(org)
    later = make_phishing_campaign(org, "T2", launched_on=date(2026, 6, 1))
    earlier = make_phishing_campaign(org, "T1", launched_on=date(2026, 2, 1))
    make_phishing_result(later, service, sent=20, reported=8, clicked=1, opened=5, submitted=0)
    make_phishing_result(earlier, service, sent=20, reported=2, clicked=6, opened=9, submitted=2)

    reports = values("phishing_taux_signalement_campagne", org)

    assert [(v.key, v.value) for v in reports.values()] == [
        (str(earlier.pk), Decimal("10.0")),
        (str(later.pk), Decimal("40.0")),
    ]
    assert check_drilldown("phishing_taux_signalement_campagne", org, str(later.pk)) == 1


@pytest.mark.parametrize(("recipients", "hidden"), [(4, True), (5, False)])
def test_a_service_under_five_recipients_shows_insufficient_group(org, recipients, hidden):
    campaign = make_phishing_campaign(org, launched_on=date(2026, 10, 1))
    small = make_service(org, "Petit")
    make_phishing_result(campaign, small, sent=recipients, opened=1, clicked=1, submitted=0, reported=0)
    make_phishing_result(campaign, make_service(org, "Grand"), sent=40, clicked=4)
    make_phishing_result(campaign, make_service(org, "Autre"), sent=40, clicked=8)
    make_phishing_result(campaign, None, sent=50, clicked=0, opened=0, submitted=0, reported=0)

    per_service = values("phishing_taux_clic_service", org)

    assert (per_service[str(small.pk)].hidden == INSUFFICIENT_GROUP) is hidden
    assert per_service[str(small.pk)].value is None if hidden else per_service[str(small.pk)].value == Decimal("20.0")
    assert per_service[MISSING].label == "Service inconnu"
    # Hidden alone, the small service could be read back from the total: the smallest shown goes too.
    assert sum(bool(v.hidden) for v in per_service.values()) == (2 if hidden else 0)
    assert check_drilldown("phishing_taux_clic_service", org, MISSING) == 1
    assert check_drilldown("phishing_taux_clic_service", org) == 4


def test_the_dashboard_links_each_campaign_to_its_result_rows(org, client_for):
    campaign = make_phishing_campaign(org, launched_on=date.today())
    make_phishing_result(campaign, make_service(org), sent=10, clicked=3)

    page = client_for(Role.ELU).get("/tableaux-de-bord/phishing/").content.decode()

    assert f"/phishing/resultats/?campaign={campaign.pk}" in page


def grow(organisation, size: int, prefix: str) -> None:
    services = [make_service(organisation, f"{prefix} service {i}") for i in range(size)]
    for index in range(size):
        campaign = make_phishing_campaign(organisation, f"{prefix} {index}", launched_on=date.today())
        for service in services:
            make_phishing_result(campaign, service)


def test_the_dashboard_runs_the_same_number_of_queries_at_two_data_sizes(
    org, client_for, django_assert_max_num_queries
):
    from gouvernail.metrics.tests.test_views import queries_for

    client = client_for(Role.DIRECTION)
    grow(org, 2, "A")
    small = queries_for(client, "/tableaux-de-bord/phishing/")
    grow(org, 6, "B")

    assert queries_for(client, "/tableaux-de-bord/phishing/") == small


def test_the_click_rate_per_service_hides_its_total_when_a_single_small_service_took_part(org):
    campaign = make_phishing_campaign(org, "Faux colis", launched_on=date(2026, 10, 1))
    make_phishing_result(campaign, make_service(org, "Musée"), sent=3, clicked=2)

    per_service = values("phishing_taux_clic_service", org)

    assert per_service[TOTAL].hidden == INSUFFICIENT_GROUP
    assert per_service[TOTAL].value is None
