"""In a real browser at 1440 px: the consolidated page shows every member and its comparisons,
the drill-down opens a member where the user has a membership, and axe-core finds no serious
accessibility violation."""

import pytest

from gouvernail.core.choices import Role
from gouvernail.mutualisation.tests.conftest import make_operator, user_in
from gouvernail.testing.browser import axe_violations, log_in

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_the_consolidated_page_reads_well_at_1440_and_opens_a_member(browser, live_server):
    # Named to sort first: the user lands on the operator.
    operator, members = make_operator(6, slug="a-agence")
    email = "dgs@agence.example"
    user_in(operator, email=email)
    user_in(members[0], Role.REFERENT_SI, email=email)
    # Charts are drawn by matplotlib on the first render: slower than a list page.
    page = log_in(browser, live_server, email, timeout_ms=60_000)
    page.set_viewport_size({"width": 1440, "height": 900})

    page.goto(f"{live_server.url}/mutualisation/")

    assert page.locator("tr[data-member]").count() == 6
    assert page.locator("figure svg").count() == 3
    assert axe_violations(page, impacts={"serious", "critical"}) == []
    table = page.locator("#consolidation").bounding_box()
    assert table["x"] >= 0 and table["width"] > 600
    page.screenshot(path="/tmp/gouvernail-consolidated-1440.png", full_page=True)

    page.get_by_role("button", name=f"Ouvrir le tableau de bord de {members[0].name}").click()
    page.wait_for_url("**/tableaux-de-bord/copil/")
    assert members[0].name in page.content()
    assert page.get_by_role("button", name=f"Ouvrir le tableau de bord de {members[1].name}").count() == 0
