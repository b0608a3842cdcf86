"""« Charge & capacité » and « Tableau de bord SI » read stored measurements: a page view does
not re-aggregate the requests' history, runs at most 15 queries, and follows the data once the
measurements are recomputed (after a sync, or `gouvernail kpi --compute`)."""

from datetime import datetime, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gouvernail.core.choices import Role
from gouvernail.metrics.periods import Period
from gouvernail.metrics.services import measurements_compute
from gouvernail.metrics.tests.test_views import grow
from gouvernail.testing.factories.servicedesk import make_request

PAGES = ["charge-service-si", "copil"]


def last_month_at(hour: int = 10):
    start = Period.month(timezone.localdate()).previous().start
    return timezone.make_aware(datetime.combine(start + timedelta(days=3), datetime.min.time()).replace(hour=hour))


@pytest.mark.parametrize("slug", PAGES)
def test_a_dashboard_with_stored_measurements_runs_at_most_fifteen_queries(
    slug, org, client_for, django_assert_max_num_queries
):
    client = client_for(Role.DIRECTION)
    grow(org, 30, "A")
    measurements_compute(organisation=org)
    cache.clear()

    with django_assert_max_num_queries(15):
        assert client.get(f"/tableaux-de-bord/{slug}/").status_code == 200


def test_charge_and_capacity_reads_no_request_outside_its_breakdown_by_service(org, client_for):
    client = client_for(Role.DIRECTION)
    grow(org, 30, "A")
    measurements_compute(organisation=org)
    cache.clear()

    with CaptureQueriesContext(connection) as captured:
        client.get("/tableaux-de-bord/charge-service-si/")

    on_requests = [q["sql"] for q in captured.captured_queries if "servicedesk_request" in q["sql"]]
    # Only « demandes par service demandeur », whose small groups follow today's headcounts.
    assert len(on_requests) == 1
    assert "service_id" in on_requests[0] and "GROUP BY" in on_requests[0]


def monthly_count_shown(client) -> str:
    page = client.get("/tableaux-de-bord/charge-service-si/").content.decode()
    card = page.split('data-indicator="demandes_mois"', 1)[1]
    return card.split('data-count="', 1)[1].split('"', 1)[0]


def test_the_page_shows_the_stored_figure_until_the_measurements_are_recomputed(org, client_for):
    client = client_for(Role.DIRECTION)
    for index in range(3):
        make_request(org, f"R{index}", opened_at=last_month_at())
    measurements_compute(organisation=org)
    assert monthly_count_shown(client) == "3"

    make_request(org, "R-late", opened_at=last_month_at(11))  # arrives without a sync
    assert monthly_count_shown(client) == "3"  # the page read the stored figure, not the requests

    measurements_compute(organisation=org)  # what a sync does at its end
    assert monthly_count_shown(client) == "4"


def test_what_a_page_computes_live_is_shared_through_the_cache_under_a_key_that_a_recomputation_changes(
    org, client_for
):
    from gouvernail.metrics import registry
    from gouvernail.metrics.pages import DashboardPage

    client = client_for(Role.DIRECTION)
    grow(org, 6, "A")
    measurements_compute(organisation=org)
    cache.clear()
    dashboard = registry.get_dashboard("charge-service-si")
    today = timezone.localdate()

    first = DashboardPage(dashboard, org, today)
    first.build()
    assert cache.get(first._live_key)  # the breakdown by service, computed live, is cached

    with CaptureQueriesContext(connection) as captured:
        client.get("/tableaux-de-bord/charge-service-si/")
    assert not [q for q in captured.captured_queries if "servicedesk_request" in q["sql"]]

    measurements_compute(organisation=org)
    second = DashboardPage(dashboard, org, today)
    second.build()
    assert second._live_key != first._live_key


def test_a_second_view_serves_the_html_the_first_one_built_reading_only_the_data_version(org, client_for):
    client = client_for(Role.DIRECTION)
    grow(org, 6, "A")
    measurements_compute(organisation=org)
    cache.clear()
    client.get("/tableaux-de-bord/charge-service-si/")

    with CaptureQueriesContext(connection) as captured:
        page = client.get("/tableaux-de-bord/charge-service-si/").content.decode()

    on_measurements = [q["sql"] for q in captured.captured_queries if "metrics_measurement" in q["sql"]]
    assert len(on_measurements) == 1  # the latest computation, which names the page's version
    assert not [q for q in captured.captured_queries if "servicedesk_request" in q["sql"]]
    assert 'data-indicator="demandes_mois"' in page


def test_a_journaled_change_or_a_recomputation_gives_the_page_a_new_version(org):
    from gouvernail.metrics import pages, registry
    from gouvernail.testing.factories.core import make_site

    def body_cache_key(dashboard, today):
        return pages.body_cache_key(dashboard, org, today, pages.last_change(org))

    grow(org, 6, "A")
    measurements_compute(organisation=org)
    dashboard, today = registry.get_dashboard("patrimoine"), timezone.localdate()
    first = body_cache_key(dashboard, today)

    make_site(org, "Médiathèque")  # journaled, like every référentiel write
    second = body_cache_key(dashboard, today)
    measurements_compute(organisation=org)
    third = body_cache_key(dashboard, today)

    assert len({first, second, third}) == 3
    assert body_cache_key(dashboard, today + timedelta(days=1)) != third
    assert body_cache_key(registry.get_dashboard("copil"), today) != third


def test_a_first_view_reads_the_last_journaled_change_once(org, client_for):
    client = client_for(Role.DIRECTION)
    grow(org, 6, "A")
    measurements_compute(organisation=org)
    cache.clear()

    with CaptureQueriesContext(connection) as captured:
        client.get("/tableaux-de-bord/charge-service-si/")

    latest_entry = [q for q in captured.captured_queries if "core_journalentry" in q["sql"] and "DESC" in q["sql"]]
    assert len(latest_entry) == 1
