"""axe-core over the demo as the Référent SI sees it: every page of the menu and the first record
of each list, none with a serious or critical WCAG 2 A/AA violation."""

from collections.abc import Iterator

import pytest
from django.utils import timezone

from gouvernail.testing.browser import axe_violations

pytestmark = pytest.mark.browser

REFERENT = "referent@gesnois-bilurien.example"


def crawl(page, base_url: str) -> Iterator[str]:
    """The menu's pages, then the first record linked from each of their tables."""
    menu = page.eval_on_selector_all(
        "nav[aria-label='Navigation principale'] a", "links => links.map(link => link.getAttribute('href'))"
    )
    seen: list[str] = []
    for path in dict.fromkeys(menu):
        page.goto(f"{base_url}{path}")
        seen.append(path)
        first_records = page.eval_on_selector_all(
            "main table tbody a[href^='/']", "links => links.slice(0, 1).map(link => link.getAttribute('href'))"
        )
        yield path
        for record in first_records:
            if record not in seen:
                seen.append(record)
                page.goto(f"{base_url}{record}")
                yield record


@pytest.mark.django_db(transaction=True)
def test_no_page_the_crawl_reaches_has_a_serious_accessibility_violation(browser, live_server):
    from gouvernail.demo.accounts import DEMO_PASSWORD
    from gouvernail.demo.loader import load_demo

    load_demo(reference_date=timezone.localdate())
    page = browser.new_context(locale="fr-FR").new_page()
    page.set_default_timeout(120_000)
    page.goto(f"{live_server.url}/compte/login/")
    page.get_by_label("Courriel").fill(REFERENT)
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(f"{live_server.url}/")

    reached, failures = 0, {}
    for path in crawl(page, live_server.url):
        reached += 1
        found = axe_violations(page, impacts={"serious", "critical"})
        if found:
            failures[path] = found
    assert reached >= 60
    assert failures == {}
