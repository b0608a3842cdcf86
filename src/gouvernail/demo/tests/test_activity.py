"""The synthetic activity of the demo: phishing, Nextcloud and EPN figures worth a dashboard."""

from datetime import date

import pytest
from django.db import connection

from gouvernail.awareness import queries as phishing
from gouvernail.awareness.models import PhishingCampaign, PhishingServiceResult
from gouvernail.collaboration import queries as nextcloud
from gouvernail.collaboration.models import NextcloudSnapshot, SharedSpace
from gouvernail.demo.loader import load_demo, purge_demo
from gouvernail.epn import queries as epn
from gouvernail.epn.models import EpnSession

REFERENCE_DATE = date(2026, 3, 4)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        summary = load_demo(reference_date=REFERENCE_DATE)
    yield summary.organisation
    with django_db_blocker.unblock():
        purge_demo()


def figures(organisation) -> dict:
    return {
        "campaigns": [(c.name, t) for c, t in phishing.per_campaign(organisation)],
        "snapshots": list(
            NextcloudSnapshot.objects.filter(organisation=organisation)
            .order_by("taken_on")
            .values_list("taken_on", "active_users", "total_users", "total_bytes")
        ),
        "spaces": list(SharedSpace.objects.filter(organisation=organisation).values_list("name", "size_bytes")),
        "epn": epn.monthly(organisation),
    }


def test_three_campaigns_show_clicks_falling_and_reports_rising(demo):
    campaigns = sorted(phishing.per_campaign(demo), key=lambda pair: pair[0].launched_on)

    assert len(campaigns) == 3
    assert all(2025 <= c.launched_on.year <= 2026 and c.source == "demo" for c, _ in campaigns)
    clicks = [tally.click_rate for _, tally in campaigns]
    reports = [tally.reporting_rate for _, tally in campaigns]
    assert clicks == sorted(clicks, reverse=True) and clicks[0] > clicks[-1]
    assert reports == sorted(reports) and reports[0] < reports[-1]


def test_campaigns_spread_over_the_services_with_some_too_small_to_show(demo):
    campaign = PhishingCampaign.objects.filter(organisation=demo).first()
    rows = phishing.per_service(demo, campaign=campaign)

    assert len(rows) >= 10
    assert any(row.service is None for row in rows)
    assert any(row.hidden for row in rows) and not all(row.hidden for row in rows)
    assert PhishingServiceResult.objects.filter(organisation=demo).count() == 3 * len(rows)


def test_thirteen_monthly_snapshots_with_usage_per_service(demo):
    trend = nextcloud.volume_by_month(demo)

    assert len(trend) >= 12
    assert trend[-1][1].taken_on == REFERENCE_DATE
    volumes = [snapshot.total_bytes for _, snapshot in trend]
    assert volumes == sorted(volumes)
    assert all(snapshot.service_usages.count() >= 10 for _, snapshot in trend)
    assert 0 < nextcloud.active_users(demo) <= trend[-1][1].total_users


def test_about_fifteen_spaces_a_few_without_responsible(demo):
    assert 12 <= nextcloud.shared_spaces_count(demo) <= 20
    assert 2 <= nextcloud.spaces_without_responsible(demo) <= 5
    assert any(row["id"] is not None for row in nextcloud.spaces_per_project(demo))


def test_twelve_months_of_epn_sessions_with_workshops(demo):
    months = epn.monthly(demo)

    assert len(months) >= 12
    assert months[0].month == date(2025, 3, 1)
    assert all(row.sessions > 0 and row.visitors > 0 for row in months)
    assert all(row.workshops >= 1 for row in months)
    assert max(row.held_on for row in EpnSession.objects.filter(organisation=demo)) < REFERENCE_DATE


def test_no_epn_row_holds_a_readable_visitor_identifier(demo):
    with connection.cursor() as cursor:
        cursor.execute("SELECT visitor_key FROM epn_epnsession")
        keys = {row[0] for row in cursor.fetchall()}

    assert keys and all(len(key) == 64 and "usager" not in key for key in keys)


def test_reloading_draws_the_same_figures(demo):
    first = figures(demo)
    purge_demo()

    second = figures(load_demo(reference_date=REFERENCE_DATE).organisation)

    assert second == first
