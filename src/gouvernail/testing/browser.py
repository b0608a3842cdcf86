"""A real browser: Debian's Chromium driven by Playwright (never a downloaded browser).

The `browser` fixture (registered by the plugin) skips, or fails under CI, where Chromium is
missing; `log_in` and `axe_violations` are the steps every browser test takes.
"""

import os
from pathlib import Path

import pytest

from gouvernail.testing.personas import PASSWORD
from gouvernail.testing.services import unavailable

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser(request):
    if not CHROMIUM.exists():
        unavailable(request.config, "Chromium absent (/usr/bin/chromium) : apt install chromium")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls of the test
    # (fixtures, assertions) are still plain synchronous code.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def log_in(browser, live_server, email: str, *, timeout_ms: int = 10_000, viewport: dict | None = None):
    """A page logged in as `email`; `viewport` ({"width": 390, "height": 844}) for a phone's screen."""
    options = {"viewport": viewport} if viewport else {}
    page = browser.new_context(locale="fr-FR", **options).new_page()
    page.set_default_timeout(timeout_ms)
    page.goto(f"{live_server.url}/compte/login/")
    page.get_by_label("Courriel").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(f"{live_server.url}/")
    return page


def axe_violations(page, *, impacts: set[str] | None = None) -> list[str]:
    """axe-core's WCAG 2 A/AA violations, all of them or only those of the given impacts."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": ["wcag2a", "wcag2aa"], "resultTypes": ["violations"]})
    return [
        f"{v['id']}: {v['help']} — {', '.join(node['target'][0] for node in v['nodes'][:5])}"
        for v in results.response["violations"]
        if impacts is None or v.get("impact") in impacts
    ]
