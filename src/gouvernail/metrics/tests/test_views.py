"""The dashboard pages: every registered dashboard renders with periods, « données au » and
drill-down links, in a number of queries that does not grow with the data."""

from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gouvernail.core.choices import Role
from gouvernail.core.tests import test_permissions
from gouvernail.metrics import registry
from gouvernail.testing.factories.core import make_person, make_service, make_site
from gouvernail.testing.factories.inventory import make_equipment
from gouvernail.testing.factories.servicedesk import make_request
from gouvernail.testing.factories.vendors import make_procurement

SLUGS = [d.slug for d in registry.dashboards()]


def test_every_registered_dashboard_has_its_line_in_the_permission_matrix():
    assert set(SLUGS) <= set(test_permissions.DASHBOARD_SLUGS)


@pytest.mark.parametrize("slug", SLUGS)
def test_each_dashboard_of_the_demo_shows_its_periods_its_date_and_links_to_lists(slug, demo_client):
    response = demo_client.get(f"/tableaux-de-bord/{slug}/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "données au" in page
    assert "<svg" in page or "kpi-value" in page
    assert "?" in page and 'href="/' in page


def test_an_unknown_dashboard_is_not_found(client_for):
    assert client_for(Role.DIRECTION).get("/tableaux-de-bord/inexistant/").status_code == 404


def test_the_catalogue_writes_out_every_definition(client_for):
    page = client_for(Role.PRESTATAIRE).get("/tableaux-de-bord/indicateurs/").content.decode()

    for indicator in registry.indicators():
        assert f"indicateur-{indicator.code}" in page


def test_the_dashboards_are_listed_in_the_menu_group(client_for):
    page = client_for(Role.ELU).get("/").content.decode()

    assert "Tableaux de bord" in page
    for slug in SLUGS:
        assert f'href="/tableaux-de-bord/{slug}/"' in page


def grow(organisation, size: int, prefix: str) -> None:
    """`size` agents, requests and devices spread over three new sites and services and two years."""
    sites = [make_site(organisation, f"{prefix} site {i}") for i in range(3)]
    services = [make_service(organisation, f"{prefix} service {i}") for i in range(3)]
    now = timezone.now()
    for index in range(size):
        make_person(organisation, f"{prefix} {index}", service=services[index % 3])
        opened = now - timedelta(days=(3 * index + 1) % 700)
        make_request(
            organisation,
            f"{prefix}-{index}",
            opened_at=opened,
            resolved_at=opened + timedelta(hours=5 * index),
            status="resolue",
            service=services[index % 3],
            category=f"Cat {index % 4}",
            family=("support", "sites", "projets", "securite")[index % 4],
        )
        make_equipment(
            organisation,
            f"{prefix}-PC-{index}",
            site=sites[index % 3],
            os_name="Windows",
            os_version="10.0.22631" if index % 2 else "10.0.19045",
            purchase_date=date(2018 + index % 7, 3, 1),
            antivirus_product="Defender",
            antivirus_status="a_jour",
            antivirus_seen=timezone.localdate(),
        )


def queries_for(client, url: str) -> int:
    """Queries of a render that computes everything live (nothing stored, nothing cached)."""
    cache.clear()
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


@pytest.mark.parametrize("slug", SLUGS)
def test_a_dashboard_runs_the_same_number_of_queries_at_two_data_sizes(slug, org, client_for):
    client = client_for(Role.DIRECTION)
    url = f"/tableaux-de-bord/{slug}/"
    grow(org, 6, "A")
    small = queries_for(client, url)
    grow(org, 60, "B")

    bigger = queries_for(client, url)

    assert small == bigger
    assert small <= 40


def test_the_copil_dashboard_writes_one_structuring_procurement_in_the_singular(org, client_for):
    client = client_for(Role.DIRECTION)
    make_procurement(org, "2026-SI-01", is_structuring=True)
    one = client.get("/tableaux-de-bord/copil/").content.decode()
    make_procurement(org, "2026-SI-02", is_structuring=True)
    two = client.get("/tableaux-de-bord/copil/").content.decode()

    assert '1 <span class="fs-6 fw-normal">marché</span>' in one
    assert '2 <span class="fs-6 fw-normal">marchés</span>' in two
