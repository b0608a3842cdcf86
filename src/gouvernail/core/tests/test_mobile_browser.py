"""On a phone (390 × 844) and a desktop (1440 × 900): the home page, the board, a dashboard and a
decision show their title on the first screen, nothing overflows sideways, the phone's menu
opens and closes, Ctrl-K opens the quick search, and a card moved on the board keeps the focus.
"""

import pytest

from gouvernail.core.choices import Role
from gouvernail.testing.browser import log_in

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1440, "height": 900}


@pytest.fixture
def pages(org):
    from gouvernail.testing.factories.governance import make_decision, make_option
    from gouvernail.testing.factories.steering import make_action

    make_action(org, 1, title="Inventaire des équipements et des logiciels", status="en_cours")
    make_action(org, 2, title="Politique de mots de passe", status="a_planifier")
    decision = make_decision(org, "Quel scénario d'organisation du service informatique retenir ?")
    make_option(decision, "Scénario 2 — mutualisation avec les communes membres")
    return ("/", "/plan-action/tableau/", "/tableaux-de-bord/copil/", decision.get_absolute_url())


def layout(page) -> dict:
    return page.evaluate(
        """() => ({
            titleTop: document.querySelector('main h1').getBoundingClientRect().top,
            scrollWidth: document.documentElement.scrollWidth,
            innerWidth: window.innerWidth,
            innerHeight: window.innerHeight,
        })"""
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390x844", "1440x900"])
def test_each_main_page_shows_its_title_on_the_first_screen_without_sideways_overflow(
    browser, live_server, users, pages, viewport
):
    page = log_in(browser, live_server, users[Role.REFERENT_SI].email, viewport=viewport, timeout_ms=60_000)
    for path in pages:
        page.goto(f"{live_server.url}{path}")
        measured = layout(page)
        assert 0 <= measured["titleTop"] < measured["innerHeight"] / 2, (path, measured)
        assert measured["scrollWidth"] <= measured["innerWidth"], (path, measured)


@pytest.mark.django_db(transaction=True)
def test_on_a_phone_the_menu_opens_shows_the_current_section_and_closes(browser, live_server, users, pages):
    page = log_in(browser, live_server, users[Role.DIRECTION].email, viewport=PHONE)
    page.goto(f"{live_server.url}/plan-action/tableau/")
    menu = page.get_by_role("navigation", name="Navigation principale")
    assert not menu.get_by_role("link", name="Tableau des actions").is_visible()

    page.get_by_role("button", name="Menu").click()
    menu.get_by_role("link", name="Tableau des actions").wait_for()
    assert menu.get_by_role("link", name="Tableau des actions").get_attribute("aria-current") == "page"
    assert not menu.get_by_role("link", name="Tous les tableaux de bord").is_visible()  # other groups stay closed

    page.get_by_role("button", name="Fermer le menu").click()
    menu.get_by_role("link", name="Tableau des actions").wait_for(state="hidden")
    page.get_by_role("button", name="Menu").click()
    menu.get_by_role("link", name="Tableau des actions").wait_for()
    page.wait_for_function("() => document.getElementById('menu').contains(document.activeElement)")  # focus moved in
    page.keyboard.press("Escape")
    menu.get_by_role("link", name="Tableau des actions").wait_for(state="hidden")


@pytest.mark.django_db(transaction=True)
def test_ctrl_k_opens_the_quick_search_which_leads_to_a_record(browser, live_server, users, pages):
    page = log_in(browser, live_server, users[Role.ELU].email, viewport=PHONE)
    page.keyboard.press("Control+k")
    page.get_by_label("Page ou fiche").fill("mots de passe")
    page.get_by_role("link", name="2. Politique de mots de passe").click()
    page.get_by_role("heading", name="Politique de mots de passe").wait_for()


@pytest.mark.django_db(transaction=True)
def test_a_card_moved_on_the_board_keeps_the_keyboard_focus(browser, live_server, org, users, pages):
    from gouvernail.steering.models import ActionItem

    action = ActionItem.objects.get(organisation=org, number=2)
    page = log_in(browser, live_server, users[Role.REFERENT_SI].email, viewport=PHONE)
    page.goto(f"{live_server.url}/plan-action/tableau/")
    page.locator(f"#move-{action.pk}").select_option("en_cours")
    page.locator(f"#action-{action.pk}").get_by_role("button", name="OK").click()
    page.locator("#board [role=alert]").wait_for()
    page.wait_for_function(f"() => document.activeElement && document.activeElement.id === 'action-{action.pk}'")
    in_progress = page.locator("section", has=page.get_by_role("heading", name="En cours"))
    assert in_progress.locator(f"#action-{action.pk}").count() == 1
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
