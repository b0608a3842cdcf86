"""In a real browser: the Référent SI records a device and finds it; an Élu cannot edit.

Drives Debian's Chromium through Playwright (never a downloaded browser). Skipped, with a
message, only where /usr/bin/chromium does not exist; CI installs it.
"""

import os
from pathlib import Path

import pytest

from conftest import PASSWORD
from gouvernail.core.choices import Role

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium absent (/usr/bin/chromium) : apt install chromium"),
]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls of the test
    # (fixtures, assertions) are still plain synchronous code.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def log_in(browser, live_server, email: str):
    page = browser.new_context(locale="fr-FR").new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}/compte/login/")
    page.get_by_label("Courriel").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(f"{live_server.url}/")
    return page


def axe_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": ["wcag2a", "wcag2aa"], "resultTypes": ["violations"]})
    return [
        f"{v['id']}: {v['help']} — {', '.join(node['target'][0] for node in v['nodes'][:5])}"
        for v in results.response["violations"]
    ]


@pytest.mark.django_db(transaction=True)
def test_a_referent_creates_an_equipment_finds_it_and_sees_its_history(browser, live_server, users):
    page = log_in(browser, live_server, users[Role.REFERENT_SI].email)

    page.get_by_role("link", name="Parc informatique").click()
    page.get_by_role("link", name="Ajouter", exact=True).click()
    page.get_by_label("Type").select_option(label="PC portable")
    page.get_by_label("Nom", exact=True).fill("PC-ACCUEIL-042")
    page.get_by_label("Numéro de série").fill("SN-GV-000042")
    page.get_by_label("Système d'exploitation").fill("Windows 11 Professionnel")
    page.get_by_label("Version / build").fill("10.0.22631")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_role("heading", name="PC-ACCUEIL-042").wait_for()
    assert "Windows 11" in page.locator("dl").inner_text()

    page.get_by_role("link", name="Parc informatique").click()
    page.get_by_label("Recherche").fill("SN-GV-0000")
    page.get_by_role("button", name="Filtrer").click()
    page.get_by_role("link", name="PC-ACCUEIL-042").click()
    page.get_by_role("link", name="Historique").click()
    history = page.locator("main").inner_text()
    assert "Création" in history
    assert users[Role.REFERENT_SI].email in history
    assert "SN-GV-000042" in history


@pytest.mark.django_db(transaction=True)
def test_an_elected_official_finds_no_edit_button(browser, live_server, org, users):
    from gouvernail.inventory.models import Equipment

    device = Equipment.objects.create(organisation=org, family="pc_fixe", name="PC-MAIRIE-001")
    page = log_in(browser, live_server, users[Role.ELU].email)

    page.goto(f"{live_server.url}/parc/")
    assert page.get_by_role("link", name="PC-MAIRIE-001").is_visible()
    assert page.get_by_role("link", name="Ajouter", exact=True).count() == 0
    page.goto(f"{live_server.url}{device.get_absolute_url()}")
    assert page.get_by_role("link", name="Modifier").count() == 0
    assert page.get_by_role("link", name="Supprimer").count() == 0


@pytest.mark.django_db(transaction=True)
def test_the_main_pages_have_no_wcag_violation(browser, live_server, users):
    page = log_in(browser, live_server, users[Role.REFERENT_SI].email)
    for path in ("/", "/parc/", "/parc/ajouter/", "/contrats/", "/journal/"):
        page.goto(f"{live_server.url}{path}")
        assert axe_violations(page) == [], path
