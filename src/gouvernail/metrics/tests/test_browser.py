"""In a real browser: each dashboard opens, a bar of its chart leads to a list of exactly the
records it counts, and axe-core finds no serious accessibility violation."""

from datetime import timedelta

import pytest
from django.utils import timezone

from gouvernail.core.choices import Role
from gouvernail.metrics import registry
from gouvernail.metrics.services import measurements_compute
from gouvernail.metrics.tests.test_views import grow
from gouvernail.testing.browser import axe_violations, log_in
from gouvernail.testing.factories.steering import make_action, make_expected_decision, make_project
from gouvernail.testing.factories.vendors import make_contract, make_vendor

pytestmark = pytest.mark.browser


def fill(organisation) -> None:
    grow(organisation, 40, "N")
    vendor = make_vendor(organisation, is_critical=True, typology="telecoms")
    today = timezone.localdate()
    make_contract(organisation, vendor, "T-01", start_date=today - timedelta(days=700), duration_months=24)
    project = make_project(organisation, status="en_risque", is_structuring=True)
    make_expected_decision(organisation, project)
    make_action(organisation, 1, status="reportee", stop_reason="ressources")
    make_action(organisation, 2, status="fait")
    measurements_compute(organisation=organisation)


def serious_violations(page) -> list[str]:
    return axe_violations(page, impacts={"serious", "critical"})


@pytest.mark.django_db(transaction=True)
def test_each_dashboard_leads_from_a_bar_to_a_list_of_exactly_its_count(browser, live_server, org, users):
    fill(org)
    # A first render draws every chart with matplotlib: slower than a list page.
    page = log_in(browser, live_server, users[Role.DIRECTION].email, timeout_ms=60_000)

    followed = 0
    for dashboard in registry.dashboards():
        page.goto(f"{live_server.url}/tableaux-de-bord/{dashboard.slug}/")
        assert serious_violations(page) == [], dashboard.slug
        bars = page.locator("svg a")
        chosen = None
        for index in range(bars.count()):
            href = bars.nth(index).get_attribute("xlink:href") or bars.nth(index).get_attribute("href")
            expected = page.locator(f'td a[href="{href}"]').first.get_attribute("data-count")
            if expected not in (None, "0", "None"):
                chosen = bars.nth(index)
                break
        if chosen is None:
            continue

        # A click on the bar itself (the SVG link is out of the tab order: the table holds it for keyboards).
        chosen.locator("path").first.dispatch_event("click")
        page.wait_for_url(f"**{href.split('?')[0]}**")

        assert page.locator("main p[aria-live]").inner_text().split()[0] == expected, f"{dashboard.slug}: {href}"
        followed += 1
    assert followed >= 6
